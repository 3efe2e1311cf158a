import { describe, expect, it } from 'vitest';
import { escapeHtml, headerSafe } from '../../src/rendering/escape.ts';
import { compileTemplate, newNonce, personalise, placeholder, placeholders, PERSONAL_FIELDS, type PersonalValues } from '../../src/rendering/personalisation.ts';

const nonce = 'a1b2c3d4e5f60718';
const values: PersonalValues = {
  greeting: 'Good morning, Dana "D" <O\'Neil> & co',
  email: 'dana@example.com',
  unsubscribe_url: 'https://news.example/u/v1.unsubscribe.1.2.abc?x=1&y=2',
  unsubscribe_all_url: 'https://news.example/u/all',
  preferences_url: 'https://news.example/p',
};

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;');
  });
  it('keeps line breaks out of headers', () => {
    expect(headerSafe('Hi\r\nBcc: victim@example.com')).toBe('Hi Bcc: victim@example.com');
  });
});

describe('token substitution', () => {
  const holes = placeholders(nonce);
  const html = `<p>${holes.greeting}</p><a href="${holes.unsubscribe_url}">Unsubscribe</a> <span>${holes.email}</span> ${holes.greeting}`;

  it('escapes values for HTML (text and attributes) and leaves them raw for plain text', () => {
    const compiled = compileTemplate(html, nonce);
    expect(personalise(compiled, values, 'html')).toBe(
      '<p>Good morning, Dana &quot;D&quot; &lt;O&#x27;Neil&gt; &amp; co</p><a href="https://news.example/u/v1.unsubscribe.1.2.abc?x=1&amp;y=2">Unsubscribe</a> <span>dana@example.com</span> Good morning, Dana &quot;D&quot; &lt;O&#x27;Neil&gt; &amp; co',
    );
    expect(personalise(compileTemplate(`${holes.greeting} ${holes.unsubscribe_url}`, nonce), values, 'text')).toBe(`${values.greeting} ${values.unsubscribe_url}`);
  });

  it('leaves text that only looks like a token alone: content cannot forge one without the nonce', () => {
    const forged = `${placeholder('ffffffffffffffff', 'email')} {{email}} bs_email_x ${html}`;
    const out = personalise(compileTemplate(forged, nonce), values, 'html');
    expect(out.startsWith(`${placeholder('ffffffffffffffff', 'email')} {{email}} bs_email_x `)).toBe(true);
    expect(out).not.toContain(`bs${nonce}`);
  });

  it('does not re-substitute inside a substituted value', () => {
    const sneaky = { ...values, greeting: holes.email };
    expect(personalise(compileTemplate(holes.greeting, nonce), sneaky, 'text')).toBe(holes.email);
  });

  it('makes fresh hex nonces and rejects malformed ones', () => {
    expect(newNonce()).toMatch(/^[0-9a-f]{18}$/);
    expect(newNonce()).not.toBe(newNonce());
    expect(() => compileTemplate('x', 'not hex!')).toThrow(/hex/);
    expect(PERSONAL_FIELDS).toContain('unsubscribe_url');
  });
});
