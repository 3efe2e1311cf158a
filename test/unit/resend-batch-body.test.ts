import { describe, expect, it } from 'vitest';
import { compileTemplate, jsonTemplate, personalise, personaliseJson, type PersonalValues } from '../../src/rendering/personalisation.ts';
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

const base = (json: boolean): OutgoingEmail => ({
  from: 'Diario <d@news.example>',
  replyTo: 'cartas@news.example',
  to: 'zoë@bücher.example',
  subject: 'Mañana: “la reforma”',
  html: personalise(html, values, 'html'),
  text: personalise(text, values, 'text'),
  headers: { 'List-Unsubscribe': '<https://letters.example/u/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  tags: [{ name: 'edition', value: 'e-1' }],
  ...(json ? { json: { html: personaliseJson(jsonTemplate(html), values, 'html'), text: personaliseJson(jsonTemplate(text), values, 'text') } } : {}),
});

describe("Resend's batch body, assembled from pre-encoded parts", () => {
  it('is the JSON the SDK would send (its field names), whether the bodies come as pre-encoded parts or as strings', () => {
    const sdkWouldSend = (e: OutgoingEmail) => ({ from: e.from, to: [e.to], subject: e.subject, html: e.html, text: e.text, headers: e.headers, tags: e.tags, reply_to: e.replyTo });
    const fromParts = JSON.parse(batchBody([base(true), { ...base(false), replyTo: undefined as unknown as string }]).toString('utf8'));
    const fromStrings = JSON.parse(batchBody([base(false)]).toString('utf8'));
    expect(fromParts[0]).toEqual(sdkWouldSend(base(false)));
    expect(fromStrings[0]).toEqual(sdkWouldSend(base(false)));
    expect(fromParts[1]).not.toHaveProperty('reply_to');
    // The reader's values are escaped for HTML in the HTML part, and left as they are in the text part.
    expect(fromParts[0].html).toContain('Hola, Zo&#235; &quot;la jefa&quot; &lt;b&gt;');
    expect(fromParts[0].text).toContain('Hola, Zoë "la jefa" <b>');
  });

  it('gives the same bytes every time for the same emails (a retry under the same key sends the same body)', () => {
    expect(batchBody([base(true)]).equals(batchBody([base(true)]))).toBe(true);
  });
});
