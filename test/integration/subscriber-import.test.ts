import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { up as normaliseIdnAddresses } from '../../src/db/migrations/008_idn_addresses.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { requestSubscription } from '../../src/subscribers/subscription-requests.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

/** A file as bytes, in chunks small enough to cut rows and multi-byte characters apart. */
async function* chunks(bytes: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const readers = (db: Database) =>
  db.query<{ email: string; normalized: string; name: string | null; tier: string; timezone: string | null; attributes: Record<string, string>; status: string }>(
    `select s.email, s.email_normalized as normalized, s.name, s.tier, s.timezone, s.attributes, sub.status
       from subscribers s join subscriptions sub on sub.subscriber_id = s.id order by s.id`,
  );

describe.each(DATABASE_KINDS)('CSV import that fails row by row (%s)', (kind) => {
  it('rejects a NUL byte, bad UTF-8 and a broken row by line, imports the rest, one reader per mailbox, empty cells erase nothing', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await createList(db, 'daily-digest', 'Daily');
    const file = Buffer.concat([
      Buffer.from('email,name,tier,timezone,city\n'),
      Buffer.from('ana@example.com,Ana,paid,America/Mexico_City,CDMX\n'), // line 2
      Buffer.from('nul@example.com,Nu\u0000ll,,,\n'), // 3
      Buffer.concat([Buffer.from('bad'), Buffer.from([0xc3, 0x28]), Buffer.from('@example.com,Bad,,,\n')]), // 4
      Buffer.from('user@bücher.example,Jörg,,,Berlin\n'), // 5
      Buffer.from('USER@xn--bcher-kva.example,,,,\n'), // 6: the same mailbox, adding nothing
      Buffer.from('ANA@example.com,,,,\n'), // 7: the same reader again, every cell empty
      Buffer.from('luis@example.com,Luis,free,,Monterrey\n'), // 8
      Buffer.from('"broken@example.com,Never closed\n'), // 9 to the end: a quote left open
    ]);
    const report = await importSubscribers(db, 'daily-digest', chunks(file));
    expect(report).toEqual({
      imported: 3,
      updated: 2,
      suppressed: 0,
      rejected: [
        { line: 3, reason: 'column "name" contains a NUL byte' },
        { line: 4, reason: 'column "email" is not valid UTF-8 (save the file as UTF-8 and import it again)' },
        { line: 9, reason: 'a quoted field is never closed (the rest of the file is part of it)' },
      ],
      notes: [],
    });
    expect(await readers(db)).toEqual([
      { email: 'ANA@example.com', normalized: 'ana@example.com', name: 'Ana', tier: 'paid', timezone: 'America/Mexico_City', attributes: { city: 'CDMX' }, status: 'active' },
      { email: 'USER@xn--bcher-kva.example', normalized: 'user@xn--bcher-kva.example', name: 'Jörg', tier: 'free', timezone: null, attributes: { city: 'Berlin' }, status: 'active' },
      { email: 'luis@example.com', normalized: 'luis@example.com', name: 'Luis', tier: 'free', timezone: null, attributes: { city: 'Monterrey' }, status: 'active' },
    ]);

    // A later import with empty cells keeps what the readers had; a stated tier changes it.
    const again = await importSubscribers(db, 'daily-digest', chunks(Buffer.from('email,name,tier,timezone,city\nana@example.com,,,,\nluis@example.com,,paid,,\n')));
    expect(again).toMatchObject({ imported: 0, updated: 2, rejected: [] });
    expect((await readers(db)).map((r) => [r.name, r.tier, r.timezone, r.attributes])).toEqual([
      ['Ana', 'paid', 'America/Mexico_City', { city: 'CDMX' }],
      ['Jörg', 'free', null, { city: 'Berlin' }],
      ['Luis', 'paid', null, { city: 'Monterrey' }],
    ]);
  });

  it('carries tabs, line breaks, backslashes and "\\N" in a cell through COPY unchanged, and a later import updates in place', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await createList(db, 'daily-digest', 'Daily');
    const name = 'Ana\tMaría \\N C:\\temp\nsegunda línea';
    const csv = `email,name,city\nana@example.com,"${name.replace(/"/g, '""')}","back\\slash\tand tab"\n`;
    expect(await importSubscribers(db, 'daily-digest', chunks(Buffer.from(csv)))).toMatchObject({ imported: 1, updated: 0, rejected: [] });
    expect((await readers(db))[0]).toMatchObject({ name, attributes: { city: 'back\\slash\tand tab' } });
    // The second import finds her: updated, not inserted, her name kept where the cell is empty.
    expect(await importSubscribers(db, 'daily-digest', chunks(Buffer.from('email,name,tier\nANA@example.com,,paid\nnew@example.com,New,\n')))).toMatchObject({ imported: 1, updated: 1 });
    expect(await readers(db)).toMatchObject([{ name, tier: 'paid', status: 'active' }, { email: 'new@example.com', tier: 'free' }]);
  });

  it('keeps a UTF-8 file UTF-8 when one row in it is corrupt', async () => {
    database = await createTestDatabase(kind);
    await createList(database.db, 'daily-digest', 'Daily');
    const file = Buffer.concat([Buffer.from('email,name\njose@example.mx,José\nbad@example.mx,B'), Buffer.from([0xe9]), Buffer.from('d\n')]);
    const report = await importSubscribers(database.db, 'daily-digest', chunks(file, 4096));
    expect(report).toMatchObject({ imported: 1, rejected: [{ line: 3, reason: 'column "name" is not valid UTF-8 (save the file as UTF-8 and import it again)' }], notes: [] });
    expect((await readers(database.db))[0]!.name).toBe('José');
  });

  it('reads a spreadsheet saved as Windows-1252, and says so', async () => {
    database = await createTestDatabase(kind);
    await createList(database.db, 'daily-digest', 'Daily');
    // "José Núñez" and a curly apostrophe, as Excel on Windows writes them.
    const file = Buffer.concat([Buffer.from('email,name\njose@example.mx,Jos'), Buffer.from([0xe9, 0x20, 0x4e, 0xfa, 0xf1, 0x65, 0x7a, 0x92, 0x73]), Buffer.from('\n')]);
    const report = await importSubscribers(database.db, 'daily-digest', chunks(file, 64));
    expect(report).toMatchObject({ imported: 1, rejected: [], notes: ['the file is not UTF-8: read as Windows-1252 (what spreadsheets save as "CSV" on Windows)'] });
    expect((await readers(database.db))[0]!.name).toBe('José Núñez’s');
  });

  it('imports a Mailchimp audience export: names joined, zones kept, its IPs dropped, the unsubscribed kept unsubscribed', async () => {
    database = await createTestDatabase(kind);
    await createList(database.db, 'daily-digest', 'Daily');
    const file = [
      '"Email Address","First Name","Last Name","MEMBER_RATING","OPTIN_TIME","OPTIN_IP","TIMEZONE","LEID","TAGS","UNSUB_TIME"',
      '"lucia@example.mx","Lucía","Hernández","2","2024-01-02 10:00:00","203.0.113.9","America/Mexico_City","123","sports",""',
      '"pablo@example.mx","Pablo","","1","2024-01-03 10:00:00","203.0.113.10","","124","","2024-08-01 09:00:00"',
    ].join('\r\n');
    const report = await importSubscribers(database.db, 'daily-digest', chunks(Buffer.from(file), 4096));
    expect(report).toMatchObject({ imported: 2, rejected: [], notes: ['read as a Mailchimp audience export (see the README for how its columns map)'] });
    expect(await readers(database.db)).toEqual([
      { email: 'lucia@example.mx', normalized: 'lucia@example.mx', name: 'Lucía Hernández', tier: 'free', timezone: 'America/Mexico_City', attributes: { tags: 'sports' }, status: 'active' },
      { email: 'pablo@example.mx', normalized: 'pablo@example.mx', name: 'Pablo', tier: 'free', timezone: null, attributes: {}, status: 'unsubscribed' },
    ]);
  });

  it('migrates readers stored under a Unicode domain to the one identity (008)', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await db.query(`insert into subscribers (email, email_normalized) values ('user@bücher.example', 'user@bücher.example'), ('a@例子.广告', 'a@例子.广告')`);
    await db.query(`insert into suppressions (email_normalized, email_hash, reason) values ('b@bücher.example', bs_email_hash('b@bücher.example'), 'bounced')`);
    await db.transaction((tx) => normaliseIdnAddresses(tx));
    expect((await db.query<{ n: string }>(`select email_normalized as n from subscribers order by id`)).map((r) => r.n)).toEqual(['user@xn--bcher-kva.example', 'a@xn--fsqu00a.xn--4rr70v']);
    expect(await db.query(`select email_normalized from suppressions where email_hash = bs_email_hash('b@xn--bcher-kva.example')`)).toHaveLength(1);
  });

  it('keeps a mailbox erased before 008 (its fingerprint of the Unicode spelling) erased, whichever spelling comes back', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await createList(db, 'daily-digest', 'Daily');
    // An erasure keeps only the fingerprint; before 008 it was of the Unicode spelling, and cannot be rewritten.
    await db.query(`insert into suppressions (email_normalized, email_hash, reason) values (null, bs_email_hash('c@bücher.example'), 'erased')`);
    const report = await importSubscribers(db, 'daily-digest', chunks(Buffer.from('email\nC@xn--bcher-kva.example\nd@bücher.example\n')));
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([{ line: 2, reason: 'this address was erased at its owner’s request and is not imported again' }]);
    expect((await readers(db)).map((r) => r.normalized)).toEqual(['d@xn--bcher-kva.example']);
    expect(await requestSubscription(db, { email: 'c@BÜCHER.example', lists: ['daily-digest'] })).toBeNull();
  });
});
