import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InFlightBytes, STREAMED_EMAIL_BYTES } from '../../src/delivery/in-flight-bytes.ts';
import { prepareEdition } from '../../src/delivery/prepare-edition.ts';
import { sendBatch } from '../../src/delivery/send-batch.ts';
import { createOutboxTransport } from '../../src/transports/outbox-transport.ts';
import type { EmailTransport } from '../../src/transports/email-transport.ts';
import { createTestStack, holdingQueue, seedEdition, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await stack?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  stack = scratch = undefined;
});

/** The allowance, recording what each batch asked to hold. */
class RecordedAllowance extends InFlightBytes {
  readonly asked: number[] = [];
  override hold<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    this.asked.push(bytes);
    return super.hold(bytes, fn);
  }
}

/** Sends the first batch of a ten-reader edition through the transport `pick` chooses; says how many readers and the bytes it asked to hold. */
async function heldBy(pick: (stack: TestStack) => Promise<EmailTransport> | EmailTransport): Promise<{ readers: number; held: number }> {
  stack = await createTestStack('pglite');
  const { db, links, render, logger } = stack.container;
  const edition = await seedEdition(stack, 10);
  await db.query(`update editions set status = 'scheduled', send_at = now() where id = $1`, [edition.id]);
  const holding = holdingQueue();
  await prepareEdition({ db, queue: holding, render, logger }, edition.id);
  const inFlight = new RecordedAllowance(64 * 2 ** 20);
  const deps = { db, transport: await pick(stack), links, from: 'x@news.example', logger, idempotencyWindowMs: 23 * 3600_000, errorBudget: 0.1, inFlight };
  const outcome = await sendBatch(deps, edition.id, holding.batchIds[0]!);
  expect(outcome).toMatchObject({ outcome: 'submitted' });
  expect(inFlight.asked).toHaveLength(1);
  return { readers: (outcome as { accepted: number }).accepted, held: inFlight.asked[0]! };
}

describe('bytes in flight', () => {
  it('counts a batch Resend streams at what its readers hold, and one the outbox makes whole at three bytes a character of each email', async () => {
    const streamed = await heldBy((s) => s.container.transport);
    expect(streamed.readers).toBeGreaterThan(0);
    expect(streamed.held).toBe(streamed.readers * STREAMED_EMAIL_BYTES);
    await stack!.dispose();
    stack = undefined;

    scratch = await mkdtemp(join(tmpdir(), 'outbox-'));
    const whole = await heldBy(() => createOutboxTransport({ dir: scratch! }));
    expect(whole.readers).toBe(streamed.readers);
    // A digest is tens of kilobytes: counted whole, a reader's email is far more than the streamed count.
    expect(whole.held / whole.readers).toBeGreaterThan(10 * STREAMED_EMAIL_BYTES);
  });
});
