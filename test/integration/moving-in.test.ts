import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { requestSubscription } from '../../src/subscribers/subscription-requests.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

/** The fixture exports in test/fixtures/exports, built from each system's documented columns. */
const fixture = (name: string) => createReadStream(fileURLToPath(new URL(`../fixtures/exports/${name}`, import.meta.url)));

async function moveIn(...files: string[]) {
  database = await createTestDatabase('postgres');
  await createList(database.db, 'daily-digest', 'Daily');
  const reports = [];
  for (const f of files) reports.push(await importSubscribers(database.db, 'daily-digest', fixture(f)));
  const readers = await database.db.query<{ email: string; name: string | null; tier: string; status: string; suppressed: string | null; attributes: Record<string, string> }>(
    `select s.email_normalized as email, s.name, s.tier, sub.status, x.reason as suppressed, s.attributes
       from subscribers s join subscriptions sub on sub.subscriber_id = s.id left join suppressions x on x.email_hash = s.email_hash order by s.email_normalized`,
  );
  return { reports, readers: Object.fromEntries(readers.map((r) => [r.email, r])) };
}

describe('moving in from another newsletter system', () => {
  it('Mailchimp: the subscribed, unsubscribed and cleaned exports; cleaned addresses become suppressions', async () => {
    const { reports, readers } = await moveIn('mailchimp-subscribed.csv', 'mailchimp-unsubscribed.csv', 'mailchimp-cleaned.csv');
    expect(reports.map((r) => [r.imported, r.suppressed, r.rejected.length, r.notes[0]])).toEqual([
      [2, 0, 0, 'read as a Mailchimp audience export (see the README for how its columns map)'],
      [1, 0, 0, 'read as a Mailchimp audience export (see the README for how its columns map)'],
      [1, 1, 0, 'read as a Mailchimp audience export (see the README for how its columns map)'],
    ]);
    expect(readers['lucia@example.mx']).toMatchObject({ name: 'Lucía Hernández', tier: 'free', status: 'active', suppressed: null, attributes: { tags: '"Política","Deportes"' } });
    expect(readers['roberto@example.com']).toMatchObject({ name: 'Roberto Núñez', status: 'active', attributes: { notes: 'reads on the train' } });
    // Their ids, IPs and coordinates are not kept.
    expect(Object.keys(readers['lucia@example.mx']!.attributes)).toEqual(['tags']);
    expect(readers['pablo@example.mx']).toMatchObject({ status: 'unsubscribed', suppressed: null });
    expect(readers['gone@example.net']).toMatchObject({ status: 'unsubscribed', suppressed: 'hard bounce (cleaned in Mailchimp)' });
    // A cleaned address cannot sign up again through the form: suppression is for good.
    expect(await requestSubscription(database!.db, { email: 'gone@example.net', lists: ['daily-digest'] })).toBeNull();
  });

  it('Substack: paid plans paid, free readers free, disabled email kept unsubscribed', async () => {
    const { reports, readers } = await moveIn('substack.csv');
    expect(reports[0]).toMatchObject({ imported: 3, suppressed: 0, rejected: [], notes: ['read as a Substack subscribers export (see the README for how its columns map)'] });
    expect(readers['ana@example.com']).toMatchObject({ tier: 'paid', status: 'active' });
    expect(readers['bruno@example.com']).toMatchObject({ tier: 'free', status: 'active' });
    expect(readers['carla@example.com']).toMatchObject({ tier: 'free', status: 'unsubscribed', suppressed: null });
  });

  it('Ghost: a paid tier or a comp is paid, unsubscribed from emails stays so, email_disabled (bounce, complaint) is suppressed', async () => {
    const { reports, readers } = await moveIn('ghost.csv');
    expect(reports[0]).toMatchObject({ imported: 4, suppressed: 1, rejected: [], notes: ['read as a Ghost members export (see the README for how its columns map)'] });
    expect(readers['dora@example.org']).toMatchObject({ name: 'Dora Prieto', tier: 'paid', status: 'active', attributes: { labels: 'vip, early' } });
    expect(readers['eli@example.org']).toMatchObject({ tier: 'paid', status: 'active' });
    expect(readers['fer@example.org']).toMatchObject({ tier: 'free', status: 'unsubscribed', suppressed: null });
    expect(readers['gus@example.org']).toMatchObject({ status: 'unsubscribed', suppressed: 'bounce or complaint (email disabled in Ghost)' });
  });

  it('listmonk: attributes merged from its JSON, blocklisted addresses suppressed', async () => {
    const { reports, readers } = await moveIn('listmonk.csv');
    expect(reports[0]).toMatchObject({ imported: 2, suppressed: 1, rejected: [], notes: ['read as a listmonk subscribers export (see the README for how its columns map)'] });
    expect(readers['hugo@example.com']).toMatchObject({ name: 'Hugo Lara', status: 'active', attributes: { city: 'Puebla', plan: 'basic' } });
    expect(readers['ines@example.com']).toMatchObject({ status: 'unsubscribed', suppressed: 'blocklisted in listmonk' });
  });
});
