import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { createEdition, editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { runListHealth } from '../../src/subscribers/list-health.ts';
import { recordClick } from '../../src/webhooks/click-store.ts';
import { handleResendWebhook } from '../../src/webhooks/resend-webhook.ts';
import { newWebhookSecret, svixHeaders } from '../support/svix.ts';
import { closeServerAndStack, createTestStack, seedEdition, TEST_PUBLIC_URL, waitFor, type TestStack } from '../support/test-stack.ts';

const SECRET = newWebhookSecret();
let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

describe('list health (PostgreSQL, the resend SDK)', () => {
  it('suppresses repeated soft bounces, asks readers who stopped clicking, keeps those who answer and lets the rest go as inactive; a dry run changes nothing', async () => {
    stack = await createTestStack('postgres', { env: { RESEND_WEBHOOK_SECRET: SECRET, SOFT_BOUNCE_LIMIT: '3', SOFT_BOUNCE_DAYS: '14', SUNSET_DAYS: '90', SUNSET_GRACE_DAYS: '14' } });
    const c = stack.container;
    const { db } = c;
    const first = await seedEdition(stack, 10);
    await stack.workers();
    const editions = [first, await createEdition(db, { listSlug: 'daily-digest', content: seedDigest }), await createEdition(db, { listSlug: 'daily-digest', content: seedDigest })];
    for (const e of editions) {
      await scheduleEdition(db, await c.queue(), e.id);
      await waitFor(async () => isFinal((await editionProgress(db, e.id)).status), 'the edition to finish');
    }
    // Everyone has read the list for months.
    await db.query(`update subscriptions set created_at = now() - interval '200 days'`);
    const ids = await db.query<{ subscriberId: number; providerId: string }>(`select subscriber_id as "subscriberId", provider_id as "providerId" from deliveries where edition_id = $1 order by subscriber_id`, [first.id]);
    const reader = (n: number) => ids[n]!.subscriberId;
    // Reader 0 clicks a story; reader 1 only a scanner does (not a reader's click).
    await recordClick(db, ids[0]!.providerId, { link: seedDigest.lead.url, userAgent: 'Mozilla/5.0 (iPhone)', at: new Date().toISOString() }, null, { publicUrl: TEST_PUBLIC_URL });
    await recordClick(db, ids[1]!.providerId, { link: seedDigest.lead.url, userAgent: 'Barracuda Sentinel', at: new Date().toISOString() }, null, { publicUrl: TEST_PUBLIC_URL });
    // Reader 2's mailbox is full: three transient bounces, one per edition, by signed webhook.
    const bounces = await db.query<{ id: string }>(`select provider_id as id from deliveries where subscriber_id = $1`, [reader(2)]);
    for (const b of bounces) {
      const body = JSON.stringify({ type: 'email.bounced', created_at: new Date().toISOString(), data: { email_id: b.id, to: ['x@example.com'], bounce: { type: 'Transient', subType: 'MailboxFull', message: 'full' } } });
      const h = svixHeaders(SECRET, body);
      expect((await handleResendWebhook(db, SECRET, body, { id: h['svix-id'], timestamp: h['svix-timestamp'], signature: h['svix-signature'] })).status).toBe('processed');
    }
    const deps = { db, transport: c.transport, links: c.links, from: c.config.emailFrom, publisher: c.config.publisher };
    const sentBefore = stack.resend.accepted.length;

    // A dry run: the counts, and nothing changes.
    expect(await runListHealth(deps, c.config.health, { dryRun: true })).toEqual({ dryRun: true, softBounced: 1, asked: 8, inactive: 0 });
    expect(stack.resend.accepted).toHaveLength(sentBefore);
    expect(await db.query(`select 1 from suppressions`)).toHaveLength(0);

    expect(await runListHealth(deps, c.config.health, { dryRun: false })).toEqual({ dryRun: false, softBounced: 1, asked: 8, inactive: 0 });
    const [suppressed] = await db.query<{ reason: string }>(`select reason from suppressions`);
    expect(suppressed!.reason).toBe('soft bounces (3 in 14 days)');
    const asked = stack.resend.accepted.slice(sentBefore);
    expect(asked).toHaveLength(8);
    expect(new Set(asked.map((e) => e.subject))).toEqual(new Set(['Do you still want The Broadsheet Daily?']));
    // Run again the same day: nobody is asked twice.
    expect((await runListHealth(deps, c.config.health, { dryRun: false })).asked).toBe(0);

    // Reader 3 presses "keep me" (the page's button POSTs).
    server = await startServer(c, 0, '127.0.0.1');
    const keep = c.links.keep(reader(3), first.listId).replace(TEST_PUBLIC_URL, server.url);
    expect(await (await fetch(keep)).text()).toContain('Keep receiving The Broadsheet Daily?');
    expect(await (await fetch(keep, { method: 'POST' })).text()).toContain('Thank you: you will keep receiving The Broadsheet Daily.');

    // Two weeks later, the others have not answered: they leave as inactive; reader 3 stays.
    await db.query(`update subscriptions set asked_at = asked_at - interval '15 days' where asked_at is not null`);
    expect(await runListHealth(deps, c.config.health, { dryRun: false })).toMatchObject({ inactive: 7, asked: 0 });
    const left = await db.query<{ id: number; status: string; reason: string | null }>(`select subscriber_id as id, status, left_reason as reason from subscriptions order by subscriber_id`);
    expect(left.find((l) => l.id === reader(0))).toMatchObject({ status: 'active' });
    expect(left.find((l) => l.id === reader(3))).toMatchObject({ status: 'active' });
    expect(left.filter((l) => l.reason === 'inactive').map((l) => l.id).sort()).toEqual([1, 4, 5, 6, 7, 8, 9].map((n) => reader(n)).sort());
  });
});
