import { describe, expect, it } from 'vitest';
import { compileTemplate, jsonTemplate, personalise, type PersonalValues } from '../../src/rendering/personalisation.ts';
import type { OutgoingEmail } from '../../src/transports/email-transport.ts';
import { batchBody } from '../../src/transports/resend-transport.ts';

const nonce = 'abcdef0123456789';
const values: PersonalValues = {
  greeting: 'Hola, Zoë "la jefa" <b>',
  email: 'zoë+news@bücher.example',
  unsubscribe_url: 'https://letters.example/u/tok?x=1&y=2',
  unsubscribe_all_url: 'https://letters.example/u/all',
  preferences_url: 'https://letters.example/p/tok',
};
const html = compileTemplate(`<p>bs${nonce}_greeting_x</p><a href="bs${nonce}_unsubscribe_url_x">Baja</a> “comillas” \\ </script> 😀\u2028`, nonce);
const text = compileTemplate(`bs${nonce}_greeting_x\nBaja: bs${nonce}_unsubscribe_url_x\ttab 😀`, nonce);

/** The streamed body's pieces, after checking they add up to the length it declares (its Content-Length). */
async function piecesOf(emails: OutgoingEmail[]): Promise<Buffer[]> {
  const body = batchBody(emails);
  const pieces: Buffer[] = [];
  for await (const piece of body.stream) pieces.push(Buffer.from(piece));
  expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(body.bytes);
  return pieces;
}
const bodyOf = async (emails: OutgoingEmail[]) => Buffer.concat(await piecesOf(emails));

const base = (json: boolean): OutgoingEmail => ({
  from: 'Diario <d@news.example>',
  replyTo: 'cartas@news.example',
  to: 'zoë@bücher.example',
  subject: 'Mañana: “la reforma”',
  html: personalise(html, values, 'html'),
  text: personalise(text, values, 'text'),
  headers: { 'List-Unsubscribe': '<https://letters.example/u/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [{ name: 'edition', value: 'e-1' }],
  ...(json ? { json: { html: jsonTemplate(html), text: jsonTemplate(text), values } } : {}),
});

describe("Resend's batch body, assembled from pre-encoded parts", () => {
  it('is the JSON the SDK would send (its field names), whether the bodies come as pre-encoded parts or as strings', async () => {
    const sdkWouldSend = (e: OutgoingEmail) => ({ from: e.from, to: [e.to], subject: e.subject, html: e.html, text: e.text, headers: e.headers, tags: e.tags, reply_to: e.replyTo });
    const fromParts = JSON.parse((await bodyOf([base(true), { ...base(false), replyTo: undefined as unknown as string }])).toString('utf8'));
    const fromStrings = JSON.parse((await bodyOf([base(false)])).toString('utf8'));
    expect(fromParts[0]).toEqual(sdkWouldSend(base(false)));
    expect(fromStrings[0]).toEqual(sdkWouldSend(base(false)));
    expect(fromParts[1]).not.toHaveProperty('reply_to');
    // The reader's values are escaped for HTML in the HTML part, and left as they are in the text part.
    expect(fromParts[0].html).toContain('Hola, Zo&#235; &quot;la jefa&quot; &lt;b&gt;');
    expect(fromParts[0].text).toContain('Hola, Zoë "la jefa" <b>');
  });

  it('gives the same bytes every time for the same emails (a retry under the same key sends the same body)', async () => {
    expect((await bodyOf([base(true)])).equals(await bodyOf([base(true)]))).toBe(true);
  });

  it('streams a large batch in pieces of about 64 KB that add up to its length, JSON the same as the joined strings', async () => {
    const pieces = await piecesOf(Array.from({ length: 400 }, () => base(true)));
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.slice(0, -1).map((p) => p.length))).toBeLessThan(2 * 65536);
    expect(JSON.parse(Buffer.concat(pieces).toString('utf8'))).toEqual(JSON.parse((await bodyOf(Array.from({ length: 400 }, () => base(false)))).toString('utf8')));
  });

  it('is an empty array for no emails', async () => {
    expect((await bodyOf([])).toString()).toBe('[]');
  });
});
