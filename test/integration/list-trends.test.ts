import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { suppress } from '../../src/subscribers/suppressions.ts';
import { recordClick } from '../../src/webhooks/click-store.ts';
import { closeServerAndStack, createTestStack, seedEdition, TEST_PUBLIC_URL, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('a list’s trends (PostgreSQL)', () => {
  it('counts readers, joins and leaves by reason per day, and each edition’s sends, clickers, click rate and unsubscribes', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const edition = await seedEdition(stack, 20);
    // Ten readers joined five days ago, ten yesterday; one left two days ago.
    await db.query(`update subscriptions set created_at = case when subscriber_id <= 10 then now() - interval '5 days' else now() - interval '1 day' end`);
    await db.query(`update subscriptions set status = 'unsubscribed', unsubscribed_at = now() - interval '2 days' where subscriber_id = 3`);
    await stack.workers();
    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    // After it: one reader unsubscribes, one address bounces for good; two readers click, one scanner too.
    await db.query(`update subscriptions set status = 'unsubscribed', unsubscribed_at = now() where subscriber_id = 4`);
    const [bounced] = await db.query<{ email: string }>(`select email from subscribers where id = 5`);
    await suppress(db, [bounced!.email], 'hard bounce (General: gone)');
    const ids = (await db.query<{ id: string }>(`select provider_id as id from deliveries where edition_id = $1 order by subscriber_id`, [edition.id])).map((r) => r.id);
    const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)';
    for (const id of ids.slice(0, 2)) await recordClick(db, id, { link: seedDigest.lead.url, userAgent: browser, at: new Date().toISOString() }, null, { publicUrl: TEST_PUBLIC_URL });
    await recordClick(db, ids[2]!, { link: seedDigest.lead.url, userAgent: 'Proofpoint URL Defense', at: new Date().toISOString() }, null, { publicUrl: TEST_PUBLIC_URL });

    server = await startServer(stack.container, 0, '127.0.0.1');
    const { token } = await createApiToken(db, 'desk', 'editor');
    const get = (path: string) => fetch(`${server!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const t = await (await get('/api/lists/daily-digest/stats?days=7')).json();
    expect(t.days).toHaveLength(7);
    const on = (offset: number) => t.days.find((d: { day: string }) => d.day === day(offset));
    expect(on(-6)).toMatchObject({ readers: 0, joins: 0 });
    expect(on(-5)).toMatchObject({ readers: 10, joins: 10 });
    expect(on(-2)).toMatchObject({ readers: 9, leaves: { unsubscribed: 1 } });
    expect(on(-1)).toMatchObject({ readers: 19, joins: 10 });
    expect(on(0)).toMatchObject({ readers: 17, leaves: { unsubscribed: 1, 'hard bounce': 1 }, uniqueClickers: 2 });
    expect(t.editions).toEqual([
      { id: edition.id, subject: edition.subject, editionDate: edition.editionDate, sent: 19, delivered: 0, bounced: 0, uniqueClickers: 2, clickRate: 0.1053, unsubscribes: 2 },
    ]);
    expect((await get('/api/lists/daily-digest/stats?days=0')).status).toBe(400);
    expect((await get('/api/lists/nope/stats')).status).toBe(404);
  });
});
