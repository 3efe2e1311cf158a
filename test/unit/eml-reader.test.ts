import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, readMessage } from '../../src/transports/eml-reader.ts';
import { toMime } from '../../src/transports/mime.ts';

describe('reading a message back', () => {
  it('gives back what toMime wrote: headers decoded, the text and the HTML part', () => {
    const email = {
      from: 'Redacción Diario <diario@news.example>',
      replyTo: 'Cartas al Director <cartas@news.example>',
      to: 'ana@example.com',
      subject: 'Café de Veracruz gana premio — ¿y ahora? '.repeat(4).trim(),
      html: '<p>Hola, <b>Ana</b> · ñandú</p>',
      text: 'Hola, Ana · ñandú\nhttps://news.example/x',
      headers: { 'List-Unsubscribe': '<https://news.example/u/abc>' },
      tags: [{ name: 'edition', value: 'e1' }],
    };
    const m = readMessage(toMime(email, 'outbox-1'));
    const h = (name: string) => m.headers.find((x) => x.name === name)?.value;
    expect(h('Subject')).toBe(email.subject);
    expect(h('From')).toBe('Redacción Diario <diario@news.example>');
    expect(h('Reply-To')).toBe('Cartas al Director <cartas@news.example>');
    expect(h('List-Unsubscribe')).toBe('<https://news.example/u/abc>');
    expect(m.html).toBe(email.html);
    expect(m.text).toBe(email.text);
  });

  it('reads quoted-printable parts and Q-encoded words from other mailers', () => {
    const raw = [
      'Subject: =?ISO-8859-1?Q?Caf=E9_con_leche?= =?UTF-8?B?IOKYlQ==?=',
      'Content-Type: multipart/alternative; boundary=XYZ',
      '',
      '--XYZ',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Ma=C3=B1ana a las 7=',
      ':00',
      '--XYZ--',
      '',
    ].join('\r\n');
    const m = readMessage(raw);
    expect(m.headers[0]!.value).toBe('Café con leche ☕');
    expect(m.text).toBe('Mañana a las 7:00');
    expect(m.html).toBeNull();
    expect(decodeEncodedWords('=?x-unknown?B?AAAA?= plain')).toBe('=?x-unknown?B?AAAA?= plain');
  });
});
