import { afterEach, describe, expect, it } from 'vitest';
import { editionProgress, pauseEdition, resumeEdition, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { createTestStack, seedEdition, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe('pause and resume (PostgreSQL)', () => {
  it('holds a paused edition and finishes it exactly once after resume', async () => {
    // A slow provider (1 request/s) so the pause lands mid-send.
    stack = await createTestStack('postgres', { env: { RESEND_RPS: '2', BATCH_SIZE: '10' } });
    const { db } = stack.container;
    const queue = await stack.container.queue();
    const edition = await seedEdition(stack, 100);
    await stack.workers();
    await scheduleEdition(db, queue, edition.id);
    await waitFor(async () => (await editionProgress(db, edition.id)).sent >= 10);
    await pauseEdition(db, edition.id);
    await new Promise((r) => setTimeout(r, 1500)); // batches in flight finish
    const counts = async () => {
      const { ratePerSecond: _rate, etaSeconds: _eta, ...rest } = await editionProgress(db, edition.id);
      return rest;
    };
    const paused = await counts();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await counts()).toEqual(paused); // nothing moves while paused
    expect(paused).toMatchObject({ status: 'paused', reason: 'paused by an editor' });
    expect(paused.sent).toBeLessThan(100);

    await expect(pauseEdition(db, edition.id)).rejects.toThrow(/cannot pause an edition that is paused/);
    expect((await resumeEdition(db, queue, edition.id)).status).toBe('sending');
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status));
    expect(await editionProgress(db, edition.id)).toMatchObject({ status: 'sent', sent: 100, pending: 0 });
    expect(stack.resend.accepted).toHaveLength(100);
    expect([...stack.resend.countByRecipient().values()].every((n) => n === 1)).toBe(true);
  });

  it('resumes an edition paused before it was prepared back to scheduled', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    const queue = await stack.container.queue();
    const edition = await seedEdition(stack, 20);
    await scheduleEdition(db, queue, edition.id, { at: new Date(Date.now() + 3600_000) });
    await pauseEdition(db, edition.id);
    expect((await resumeEdition(db, queue, edition.id)).status).toBe('scheduled');
  });
});
