import { afterEach, describe, expect, it } from 'vitest';
import { prepareEdition } from '../../src/delivery/prepare-edition.ts';
import { sendBatch } from '../../src/delivery/send-batch.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { createTestStack, holdingQueue, seedEdition, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

/** An edition of ten readers, prepared into batches that no worker will take, and what sendBatch needs to send one. */
async function preparedTen(stack: TestStack) {
  const { db, transport, links, render, logger } = stack.container;
  const edition = await seedEdition(stack, 10);
  await db.query(`update editions set status = 'scheduled', send_at = now() where id = $1`, [edition.id]);
  const holding = holdingQueue();
  await prepareEdition({ db, queue: holding, render, logger }, edition.id);
  const deps = { db, transport, links, from: 'x@news.example', logger, idempotencyWindowMs: 23 * 3600_000, errorBudget: 0.1 };
  return { edition, holding, deps };
}

describe('recovery from the database (PostgreSQL)', () => {
  it('finishes an edition exactly once after its queued work is lost from Redis', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const edition = await seedEdition(stack, 500);
    await scheduleEdition(db, await stack.container.queue(), edition.id);

    // Prepare runs and queues its batches; then every key under our prefix vanishes, as after FLUSHALL.
    const redis = await stack.container.redis();
    await prepareEdition({ db, queue: await stack.container.queue(), render: stack.container.render, logger: stack.container.logger }, edition.id);
    const keys = await redis.keys(`${stack.container.config.queuePrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);

    await stack.workers(); // reconciles on start
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status));
    expect(await editionProgress(db, edition.id)).toMatchObject({ status: 'sent', sent: 500, pending: 0 });
    expect([...stack.resend.countByRecipient().values()].filter((n) => n !== 1)).toEqual([]);
    expect(stack.resend.accepted).toHaveLength(500);
  });

  it('closes the edition when a batch is retried after it was recorded but before the edition was closed', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const { edition, holding, deps } = await preparedTen(stack);
    // The last batch's outcome was committed, then the connection dropped before completeIfDone ran; the job is retried.
    await db.query(`update deliveries set status = 'submitted', personal = null where edition_id = $1`, [edition.id]);
    await db.query(`update batches set status = 'submitted', submitted_at = now(), attempts = 1 where edition_id = $1`, [edition.id]);
    const outcome = await sendBatch(deps, edition.id, holding.batchIds.at(-1)!);
    expect(outcome).toMatchObject({ outcome: 'not-claimable', reason: 'batch already finished' });
    expect(stack.resend.stats.requests).toBe(0);
    expect((await editionProgress(db, edition.id)).status).toBe('sent');
  });

  it('parks a batch left submitting past the idempotency window instead of resending it', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const { edition, holding, deps } = await preparedTen(stack);
    // A worker died mid-call a day ago.
    await db.query(`update batches set status = 'submitting', attempts = 1, frozen_at = now(), first_attempt_at = now() - interval '25 hours'`);
    const outcome = await sendBatch(deps, edition.id, holding.batchIds[0]!);
    expect(outcome).toMatchObject({ outcome: 'parked', reason: expect.stringContaining("past the provider's idempotency window") });
    expect(stack.resend.stats.requests).toBe(0);
    expect((await editionProgress(db, edition.id)).status).toBe('sending'); // not closed while a batch is parked
  });
});
