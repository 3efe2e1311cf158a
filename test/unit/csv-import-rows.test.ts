import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError } from '../../src/subscribers/csv-parser.ts';
import { emailProblem, identitySpellings, normalizeEmail } from '../../src/subscribers/email-address.ts';
import { readHeader, type Header } from '../../src/subscribers/csv-dialects.ts';
import { mergeRows, parseSubscriberRow } from '../../src/subscribers/subscriber-row.ts';

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
  const header = readHeader(['Email', 'name', 'tier', 'timezone', 'city']) as Header;

  it('needs an email column', () => {
    expect(readHeader(['name'])).toEqual({ error: 'the header row needs an "email" column (found: name)' });
    expect(readHeader(['email', 'name', 'NAME'])).toEqual({ error: 'the header row names "name" twice' });
  });

  it('keeps extra columns as attributes, and leaves what a row does not say as null (an import never erases)', () => {
    expect(parseSubscriberRow(header, ['Ana@Example.COM ', 'Ana', '', '', 'CDMX'])).toEqual({
      ok: true,
      value: { email: 'Ana@Example.COM', emailNormalized: 'ana@example.com', name: 'Ana', tier: null, timezone: null, attributes: { city: 'CDMX' }, subscribed: true },
    });
    expect(parseSubscriberRow(header, ['ana@example.com', '', 'paid', '', ''])).toMatchObject({ ok: true, value: { name: null, tier: 'paid', attributes: {} } });
  });

  it('says why a row is rejected', () => {
    expect(parseSubscriberRow(header, ['a@b.co', '', 'VIP', '', ''])).toEqual({ ok: false, reason: 'tier must be "free" or "paid" (got "vip")' });
    expect(parseSubscriberRow(header, ['a@b.co', '', '', 'Nowhere/City', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('IANA') });
    expect(parseSubscriberRow(header, ['a@b.co'])).toEqual({ ok: false, reason: 'has 1 fields, the header has 5' });
    expect(parseSubscriberRow(header, ['a@b.co', 'A\u0000na', '', '', ''])).toEqual({ ok: false, reason: 'column "name" contains a NUL byte' });
    expect(parseSubscriberRow(header, ['bad\ufffd\ufffd@example.com', '', '', '', ''])).toEqual({ ok: false, reason: 'column "Email" is not valid UTF-8 (save the file as UTF-8 and import it again)' });
  });

  it('merges the same reader twice in a file field by field: an empty cell keeps the earlier value', () => {
    const first = parseSubscriberRow(header, ['ana@example.com', 'Ana', 'paid', 'America/Mexico_City', 'CDMX']);
    const second = parseSubscriberRow(header, ['ANA@example.com', '', '', '', 'Puebla']);
    if (!first.ok || !second.ok) throw new Error('rows should parse');
    expect(mergeRows(first.value, second.value)).toMatchObject({ email: 'ANA@example.com', name: 'Ana', tier: 'paid', timezone: 'America/Mexico_City', attributes: { city: 'Puebla' } });
  });
});

describe('exports newsrooms migrate from', () => {
  const row = (fields: string[], values: string[]) => {
    const h = readHeader(fields);
    if ('error' in h) throw new Error(h.error);
    return { dialect: h.dialect, row: parseSubscriberRow(h, values) };
  };

  it('Mailchimp: Email Address, First and Last Name, TIMEZONE; its internal columns and IPs are not kept; UNSUB_TIME means they left', () => {
    const fields = ['Email Address', 'First Name', 'Last Name', 'Address', 'Phone Number', 'MEMBER_RATING', 'OPTIN_TIME', 'OPTIN_IP', 'CONFIRM_TIME', 'CONFIRM_IP', 'LATITUDE', 'LONGITUDE', 'GMTOFF', 'DSTOFF', 'TIMEZONE', 'CC', 'REGION', 'LAST_CHANGED', 'LEID', 'EUID', 'NOTES', 'TAGS'];
    const values = ['lucia@example.mx', 'Lucía', 'Hernández', '', '', '2', '2024-01-02 10:00:00', '203.0.113.9', '2024-01-02 10:05:00', '203.0.113.9', '19.43', '-99.13', '-6', '-6', 'America/Mexico_City', 'MX', 'CMX', '2024-06-01 08:00:00', '123', 'abc', '', 'sports'];
    expect(row(fields, values)).toEqual({
      dialect: 'mailchimp',
      row: { ok: true, value: { email: 'lucia@example.mx', emailNormalized: 'lucia@example.mx', name: 'Lucía Hernández', tier: null, timezone: 'America/Mexico_City', attributes: { tags: 'sports' }, subscribed: true } },
    });
    expect(row([...fields, 'UNSUB_TIME'], [...values, '2024-09-01 12:00:00']).row).toMatchObject({ ok: true, value: { subscribed: false } });
  });

  it('Substack: a paid plan makes a paid reader; email_disabled means they left', () => {
    const fields = ['email', 'active_subscription', 'expiry', 'plan', 'email_disabled', 'created_at', 'first_payment_at'];
    expect(row(fields, ['a@example.com', 'true', '2025-01-01', 'yearly', 'false', '2024-01-01', '2024-01-01'])).toMatchObject({ dialect: 'substack', row: { ok: true, value: { tier: 'paid', subscribed: true, attributes: {} } } });
    expect(row(fields, ['b@example.com', 'false', '', 'free', 'false', '2024-01-01', ''])).toMatchObject({ row: { value: { tier: 'free' } } });
    expect(row(fields, ['c@example.com', 'false', '', 'free', 'true', '2024-01-01', ''])).toMatchObject({ row: { value: { subscribed: false } } });
  });

  it('Ghost: status paid or comped is paid; subscribed_to_emails false means they never agreed; labels are kept', () => {
    const fields = ['id', 'email', 'name', 'note', 'subscribed_to_emails', 'complimentary_plan', 'stripe_customer_id', 'created_at', 'deleted_at', 'labels', 'tiers', 'status'];
    expect(row(fields, ['1', 'g@example.com', 'Gabo', '', 'true', 'false', 'cus_1', '2024', '', 'VIP', 'Gold', 'paid'])).toMatchObject({
      dialect: 'ghost',
      row: { ok: true, value: { name: 'Gabo', tier: 'paid', subscribed: true, attributes: { labels: 'VIP' } } },
    });
    expect(row(fields, ['2', 'h@example.com', '', '', 'false', 'false', '', '2024', '', '', '', 'free'])).toMatchObject({ row: { value: { tier: 'free', subscribed: false } } });
  });

  it('listmonk: attributes JSON is merged in; blocklisted is a suppression', () => {
    const fields = ['uuid', 'email', 'name', 'attributes', 'status', 'created_at', 'updated_at'];
    expect(row(fields, ['u-1', 'l@example.com', 'Lu', '{"city":"Oaxaca","age":40}', 'enabled', '2024', '2024'])).toMatchObject({
      dialect: 'listmonk',
      row: { ok: true, value: { name: 'Lu', attributes: { city: 'Oaxaca', age: '40' }, subscribed: true } },
    });
    expect(row(fields, ['u-2', 'm@example.com', '', '{}', 'blocklisted', '2024', '2024'])).toMatchObject({ row: { value: { subscribed: false, suppressed: 'blocklisted in listmonk' } } });
    expect(row(fields, ['u-3', 'n@example.com', '', 'not json', 'enabled', '2024', '2024']).row).toEqual({ ok: false, reason: 'column "attributes" is not a JSON object' });
  });
});

describe('addresses', () => {
  it('accepts internationalised addresses and refuses malformed ones', () => {
    for (const ok of ['josé@ejemplo.mx', 'user+tag@sub.example.co.uk', '用户@例子.广告']) expect(emailProblem(ok)).toBeNull();
    for (const bad of ['', 'plain', '@x.io', 'a@@x.io', 'a b@x.io', 'a@x', 'a@-x.io', '.a@x.io', 'a..b@x.io', `${'a'.repeat(65)}@x.io`, 'a@x.io\n']) {
      expect(emailProblem(bad), bad).not.toBeNull();
    }
    expect(normalizeEmail(' ANA@Example.com ')).toBe('ana@example.com');
    // One mailbox, however its domain is written.
    expect(normalizeEmail('user@bücher.example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('user@XN--BCHER-KVA.example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('User@BÜCHER.example')).toBe('user@xn--bcher-kva.example');
    // Erasures before 008 fingerprinted the Unicode spelling: both are checked.
    expect(identitySpellings('User@BÜCHER.example')).toEqual(['user@xn--bcher-kva.example', 'user@bücher.example']);
    expect(identitySpellings('user@xn--bcher-kva.example')).toEqual(['user@xn--bcher-kva.example', 'user@bücher.example']);
    expect(identitySpellings('Ana@Example.com')).toEqual(['ana@example.com']);
  });
});
