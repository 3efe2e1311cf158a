import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError } from '../../src/subscribers/csv-parser.ts';
import { emailProblem, normalizeEmail } from '../../src/subscribers/email-address.ts';
import { parseSubscriberRow, readHeader } from '../../src/subscribers/subscriber-row.ts';

const parseAll = (text: string, chunk = text.length) => {
  const p = new CsvParser();
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
  out.push(...p.end());
  return out;
};

describe('CSV parser', () => {
  const text = '\ufeffemail,name\r\n"a@x.io","Ana, ""la jefa"""\r\n\r\nb@x.io,"two\r\nlines"\nc@x.io,Zoë';
  const expected = [
    { line: 1, fields: ['email', 'name'] },
    { line: 2, fields: ['a@x.io', 'Ana, "la jefa"'] },
    { line: 4, fields: ['b@x.io', 'two\r\nlines'] },
    { line: 6, fields: ['c@x.io', 'Zoë'] },
  ];

  it('handles BOM, quotes, doubled quotes, CRLF, blank lines and line breaks inside quotes', () => {
    expect(parseAll(text)).toEqual(expected);
  });

  it('gives the same records however the input is chunked', () => {
    for (const size of [1, 2, 3, 7]) expect(parseAll(text, size)).toEqual(expected);
  });

  it('reports a quote that never closes, with its line', () => {
    expect(() => parseAll('email\n"a@x.io\n')).toThrow(new CsvSyntaxError(2, 'a quoted field is never closed'));
  });
});

describe('subscriber rows', () => {
  const { columns } = readHeader(['Email', 'name', 'tier', 'timezone', 'city']) as { columns: string[] };

  it('needs an email column', () => {
    expect(readHeader(['name'])).toEqual({ error: 'the header row needs an "email" column (found: name)' });
    expect(readHeader(['email', 'name', 'NAME'])).toEqual({ error: 'the header row names "name" twice' });
  });

  it('keeps extra columns as attributes and defaults the tier to free', () => {
    expect(parseSubscriberRow(columns, ['Ana@Example.COM ', 'Ana', '', '', 'CDMX'])).toEqual({
      ok: true,
      value: { email: 'Ana@Example.COM', emailNormalized: 'ana@example.com', name: 'Ana', tier: 'free', timezone: null, attributes: { city: 'CDMX' } },
    });
  });

  it('says why a row is rejected', () => {
    expect(parseSubscriberRow(columns, ['a@b.co', '', 'VIP', '', ''])).toEqual({ ok: false, reason: 'tier must be "free" or "paid" (got "vip")' });
    expect(parseSubscriberRow(columns, ['a@b.co', '', '', 'Nowhere/City', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('IANA') });
    expect(parseSubscriberRow(columns, ['a@b.co'])).toEqual({ ok: false, reason: 'has 1 fields, the header has 5' });
  });

  it('accepts internationalised addresses and refuses malformed ones', () => {
    for (const ok of ['josé@ejemplo.mx', 'user+tag@sub.example.co.uk', '用户@例子.广告']) expect(emailProblem(ok)).toBeNull();
    for (const bad of ['', 'plain', '@x.io', 'a@@x.io', 'a b@x.io', 'a@x', 'a@-x.io', '.a@x.io', 'a..b@x.io', `${'a'.repeat(65)}@x.io`, 'a@x.io\n']) {
      expect(emailProblem(bad), bad).not.toBeNull();
    }
    expect(normalizeEmail(' ANA@Example.com ')).toBe('ana@example.com');
  });
});
