import { Queue } from 'bullmq';
import { QUEUES } from '../../src/jobs/queues.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareEdition } from '../../src/delivery/prepare-edition.ts';
import { retryFailed } from '../../src/delivery/retry-failed.ts';
import { cancelEdition, createEdition, editionProgress, scheduleEdition, unscheduleEdition } from '../../src/editions/edition-service.ts';
import { testSend } from '../../src/editions/test-send.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { createTestStack, holdingQueue, seedEdition, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe('provider failures (PostgreSQL)', () => {
  it('fails only the delivery the provider rejects; the rest of its batch goes', async () => {
    stack = await createTestStack('postgres', {
      resend: { rejects: (to) => (to === 'reader000042@example.com' ? 'The email address is on the suppression list.' : null) },
    });
    const edition = await seedEdition(stack, 150);
    await stack.workers();
    await scheduleEdition(stack.container.db, await stack.container.queue(), edition.id);
    const p = await waitFor(async () => {
      const p = await editionProgress(stack!.container.db, edition.id);
      return isFinal(p.status) && p;
    });
    expect(p).toMatchObject({ status: 'sent_with_failures', recipients: 150, sent: 149, failed: 1, pending: 0 });
    expect(stack.resend.accepted).toHaveLength(149);
    const [failed] = await stack.container.db.query<{ email: string; error: string }>(
      `select s.email, d.error from deliveries d join subscribers s on s.id = d.subscriber_id where d.status = 'failed'`,
    );
    expect(failed).toEqual({ email: 'reader000042@example.com', error: 'The email address is on the suppression list.' });
  });

  it('pauses the edition with the reason when the API key is refused, and sends nothing', async () => {
    stack = await createTestStack('postgres', { resend: { apiKey: 're_another_key' } });
    const edition = await seedEdition(stack, 120);
    await stack.workers();
    await scheduleEdition(stack.container.db, await stack.container.queue(), edition.id);
    const p = await waitFor(async () => {
      const p = await editionProgress(stack!.container.db, edition.id);
      return p.status === 'paused' && p;
    });
    expect(p.reason).toMatch(/unauthorized.*403 invalid_api_key/);
    expect(p.sent).toBe(0);
    expect(stack.resend.accepted).toHaveLength(0);
    const batches = await stack.container.db.query<{ status: string }>(`select distinct status from batches`);
    expect(batches.map((b) => b.status).sort()).toContain('retryable');
  });

  it('does not mail a reader who unsubscribed after prepare but before their batch went', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const edition = await seedEdition(stack, 250);
    // Prepare with no worker running, holding the batches back until the reader has left.
    await db.query(`update editions set status = 'scheduled', send_at = now() where id = $1`, [edition.id]);
    const holding = holdingQueue();
    const queued = holding.batchIds;
    const prepared = await prepareEdition({ db, render: stack.container.render, logger: stack.container.logger, queue: holding }, edition.id);
    expect(prepared).toMatchObject({ outcome: 'prepared', recipients: 250 });
    expect(queued).toHaveLength(3);
    await db.query(`update subscriptions set status = 'unsubscribed' where subscriber_id = (select id from subscribers where email = 'reader000007@example.com')`);
    await (await stack.container.queue()).enqueueBatches(edition.id, queued.map((id) => ({ id })));
    await stack.workers();
    const p = await waitFor(async () => {
      const p = await editionProgress(db, edition.id);
      return isFinal(p.status) && p;
    });
    expect(p).toMatchObject({ status: 'sent', recipients: 250, sent: 249, skipped: 1, failed: 0 });
    expect(stack.resend.countByRecipient().has('reader000007@example.com')).toBe(false);
  });

  it('sends once when the same edition is sent twice at the same moment', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const edition = await seedEdition(stack, 120);
    const queue = await stack.container.queue();
    const results = await Promise.allSettled([scheduleEdition(db, queue, edition.id), scheduleEdition(db, queue, edition.id)]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    await stack.workers();
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status));
    // And once more after it went: refused, nothing resent.
    await expect(scheduleEdition(db, queue, edition.id)).rejects.toThrow(/cannot schedule an edition that is sent/);
    expect(stack.resend.accepted).toHaveLength(120);
    expect([...stack.resend.countByRecipient().values()].every((n) => n === 1)).toBe(true);
  });
});

describe('error budget and retry-failed (PostgreSQL)', () => {
  it('pauses an edition whose deliveries keep failing', async () => {
    // Every third address is refused: 33% > the 10% budget.
    stack = await createTestStack('postgres', { env: { BATCH_SIZE: '50', RESEND_RPS: '5' }, resend: { rejects: (to) => (Number(/\d+/.exec(to)![0]) % 3 === 0 ? 'Invalid recipient.' : null) } });
    const edition = await seedEdition(stack, 1000);
    await stack.workers();
    await scheduleEdition(stack.container.db, await stack.container.queue(), edition.id);
    const p = await waitFor(async () => {
      const p = await editionProgress(stack!.container.db, edition.id);
      return p.status === 'paused' && p;
    });
    expect(p.reason).toMatch(/^paused: error budget exceeded, \d+ of \d+ deliveries failed \(3\d\.\d% > 10%\)/);
    expect(p.pending).toBeGreaterThan(0); // the rest of the list was spared
  });

  it('retries failed deliveries: rejected ones in new batches, whole failed batches under their own key', async () => {
    let refuse = true;
    // The batch holding reader 200 is taken by the provider every time, but every answer is lost: it fails as a whole.
    let loseAnswers = true;
    stack = await createTestStack('postgres', {
      resend: {
        rejects: (to) => (refuse && to === 'reader000042@example.com' ? 'Mailbox unavailable.' : null),
        faults: (_n, body) => (loseAnswers && body.includes('reader000200@example.com') ? 'drop-after-accept' : 'none'),
      },
      env: { ERROR_BUDGET: '1' },
      retry: { attempts: 3, backoffMs: 20 },
    });
    const { db } = stack.container;
    const queue = await stack.container.queue();
    const edition = await seedEdition(stack, 250);
    await stack.workers();
    await scheduleEdition(db, queue, edition.id);
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'sent_with_failures');
    const [lost] = await db.query<{ size: number; lastError: string }>(`select size, last_error as "lastError" from batches where edition_id = $1 and status = 'failed'`, [edition.id]);
    expect(lost!.lastError).toMatch(/^gave up after 3 attempts: /);
    expect(await editionProgress(db, edition.id)).toMatchObject({ sent: 250 - lost!.size - 1, failed: lost!.size + 1 });
    loseAnswers = false;
    const before = stack.resend.accepted.length;

    refuse = false; // the reader fixed their mailbox
    const report = await retryFailed(db, queue, edition.id, { windowMs: 23 * 3600_000, batchSize: 100 });
    expect(report).toEqual({ batchesRequeued: 1, deliveriesRebatched: 1, batchesParked: 0 });
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'sent');
    expect(await editionProgress(db, edition.id)).toMatchObject({ sent: 250, failed: 0 });
    // Only the rejected reader was mailed again; the lost batch was answered from the provider's idempotency record.
    expect(stack.resend.accepted.length - before).toBe(1);
    expect([...stack.resend.countByRecipient().values()].every((n) => n === 1)).toBe(true);

    await expect(retryFailed(db, queue, edition.id, { windowMs: 1, batchSize: 100 })).rejects.toThrow(/is sent: only sent_with_failures or sending/);
  });
});

describe('pre-send checks block scheduling (PostgreSQL)', () => {
  it('refuses an edition with an empty preheader and leaves it a draft', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const draft = await seedEdition(stack, 5);
    await db.query(`update editions set preheader = '' where id = $1`, [draft.id]);
    const check = stack.container.presendCheck;
    await expect(scheduleEdition(db, await stack.container.queue(), draft.id, { check })).rejects.toThrow(
      `edition ${draft.id} cannot be scheduled: free readers: the preheader (inbox preview text) is empty; paid readers: the preheader (inbox preview text) is empty`,
    );
    expect((await editionProgress(db, draft.id)).status).toBe('draft');
  });
});

describe('editors: test sends, rescheduling, cancelling (PostgreSQL)', () => {
  it('sends a [TEST] copy to editors without touching a delivery, and refuses a bad address', async () => {
    stack = await createTestStack('postgres');
    const { db, render, transport, config } = stack.container;
    const edition = await seedEdition(stack, 5);
    const deps = { db, render, transport, from: config.emailFrom, publicUrl: config.publicUrl };
    expect(await testSend(deps, edition.id, ['desk@news.example', 'chief@news.example'], 'paid')).toEqual({ sent: 2, tier: 'paid' });
    expect(stack.resend.accepted.map((e) => [e.to[0], e.subject])).toEqual([
      ['desk@news.example', '[TEST paid] Narcos’ secret weapon is WhatsApp: it is difficult to tap'],
      ['chief@news.example', '[TEST paid] Narcos’ secret weapon is WhatsApp: it is difficult to tap'],
    ]);
    expect(stack.resend.accepted[0]!.html).toContain('href="https://letters.broadsheet.example/archive/manage"');
    expect(await db.query(`select 1 from deliveries union all select 1 from batches`)).toEqual([]);
    expect((await editionProgress(db, edition.id)).status).toBe('draft');
    await expect(testSend(deps, edition.id, ['nope'], 'free')).rejects.toThrow('to: "nope" must contain exactly one @');
  });

  it('sends a rescheduled edition at the new, earlier time, and a cancelled one not at all', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const queue = await stack.container.queue();
    const edition = await seedEdition(stack, 10);
    await stack.workers();
    await scheduleEdition(db, queue, edition.id, { at: new Date(Date.now() + 3600_000) });
    await scheduleEdition(db, queue, edition.id, { at: new Date(Date.now() + 300) });
    await waitFor(async () => (await editionProgress(db, edition.id)).status === 'sent', 'the earlier time').catch(async (err: Error) => {
      // Say where it stood: the edition, and its prepare job.
      const q = new Queue(QUEUES.prepareEdition, { connection: await stack!.container.redis(), prefix: stack!.container.config.queuePrefix });
      const job = await q.getJob(`prepare-${edition.id}`);
      const state = job ? await job.getState() : 'missing';
      await q.close();
      throw new Error(`${err.message}; edition ${JSON.stringify(await editionProgress(db, edition.id))}; prepare job ${state} ${JSON.stringify({ delay: job?.delay, failed: job?.failedReason, attempts: job?.attemptsMade })}`);
    });

    const other = await createEdition(db, { listSlug: 'daily-digest', content: edition.content });
    await scheduleEdition(db, queue, other.id, { at: new Date(Date.now() + 500) });
    expect((await cancelEdition(db, other.id)).status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await editionProgress(db, other.id)).recipients).toBe(0);
    await expect(scheduleEdition(db, queue, other.id)).rejects.toThrow(/cannot schedule an edition that is cancelled/);

    const third = await createEdition(db, { listSlug: 'daily-digest', content: edition.content });
    await scheduleEdition(db, queue, third.id, { at: new Date(Date.now() + 3600_000) });
    expect((await unscheduleEdition(db, third.id)).status).toBe('draft');
  });
});
