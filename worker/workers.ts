import { DelayedError, Worker, type Job } from 'bullmq';
import type { Container } from '../src/container.ts';
import { RetryLaterError } from '../src/delivery/failure-policy.ts';
import { prepareEdition } from '../src/delivery/prepare-edition.ts';
import { reconcile } from '../src/delivery/reconcile.ts';
import { failBatch, sendBatch, VariantCache } from '../src/delivery/send-batch.ts';
import { providerLimiter } from '../src/delivery/provider-pacing.ts';
import { DigestScheduleJob, PrepareEditionJob, QUEUES, ReaderEmailJob, SendBatchJob } from '../src/jobs/queues.ts';
import { runSchedule } from '../src/scheduling/scheduled-run.ts';

import { sendConfirmation } from '../src/subscribers/subscription-requests.ts';

/**
 * A killed worker's job is retried once its lock lapses. Jobs are idempotent
 * (status claims, idempotency keys), so a job may stall many times without harm:
 * never let stalls alone fail it.
 */
function lockSettings(lockMs: number) {
  return { lockDuration: lockMs, stalledInterval: Math.max(500, Math.floor(lockMs / 2)), maxStalledCount: 1000 };
}

export interface RunningWorkers {
  /** Stops claiming, lets in-flight jobs finish, closes the workers' connections. */
  close(): Promise<void>;
}

/**
 * Thin processors: parse the job's ids, call a service, map its typed outcome
 * onto BullMQ (RateLimitError for 429s, a thrown error for backoff). Reconciles
 * on start, so work lost from Redis while no worker ran is queued again.
 */
export async function startWorkers(c: Container, opts: { reconcileOnStart?: boolean } = {}): Promise<RunningWorkers> {
  const connection = await c.redis();
  const queue = await c.queue();
  const prefix = c.config.queuePrefix;
  const variants = new VariantCache();
  const { logger } = c;

  const prepare = new Worker<PrepareEditionJob>(
    QUEUES.prepareEdition,
    async (job: Job<PrepareEditionJob>, token?: string) => {
      const { editionId } = PrepareEditionJob.parse(job.data);
      const result = await prepareEdition({ db: c.db, queue, render: c.render, logger, batchSize: c.config.batchSize }, editionId);
      if (result.outcome === 'not-due') {
        // Rescheduled later since this job was queued: sleep until the new time.
        await job.moveToDelayed(Date.now() + result.delayMs, token);
        throw new DelayedError();
      }
      return result;
    },
    { connection, prefix, concurrency: 2, ...lockSettings(c.config.jobLockMs) },
  );

  const send: Worker<SendBatchJob> = new Worker<SendBatchJob>(
    QUEUES.sendBatch,
    async (job: Job<SendBatchJob>, token?: string) => {
      const { editionId, batchId } = SendBatchJob.parse(job.data);
      const deps = { db: c.db, transport: c.transport, links: c.links, from: c.config.emailFrom, logger, idempotencyWindowMs: c.config.idempotencyWindowMs, errorBudget: c.config.errorBudget, variants };
      try {
        const result = await sendBatch(deps, editionId, batchId);
        if (result.outcome === 'not-due') {
          await job.moveToDelayed(Date.now() + result.delayMs, token);
          throw new DelayedError();
        }
        return result;
      } catch (err) {
        if (!(err instanceof RetryLaterError)) throw err;
        if (err.action === 'rate-limit') {
          // Pauses the whole queue (all workers) and puts the job back without spending an attempt.
          await send.rateLimit(Math.max(err.delayMs ?? 1000, 50));
          throw Worker.RateLimitError();
        }
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
          await failBatch(c.db, editionId, batchId, `gave up after ${job.attemptsMade + 1} attempts: ${err.message}`, c.config.errorBudget);
          return { outcome: 'failed', reason: err.message };
        }
        throw err;
      }
    },
    {
      connection,
      prefix,
      concurrency: c.config.workerConcurrency,
      // The provider's limit is per account: a global limiter shared by every worker on this Redis.
      limiter: providerLimiter(c.config.resendRps),
      ...lockSettings(c.config.jobLockMs),
    },
  );

  const readerEmail = new Worker<ReaderEmailJob>(
    QUEUES.readerEmail,
    async (job: Job<ReaderEmailJob>) => {
      const { subscriberId } = ReaderEmailJob.parse(job.data);
      const deps = { db: c.db, transport: c.transport, links: c.links, from: c.config.emailFrom, publisher: c.config.publisher };
      return sendConfirmation(deps, subscriberId, `broadsheet-confirm-${job.id}`);
    },
    { connection, prefix, concurrency: 2, ...lockSettings(c.config.jobLockMs) },
  );

  // A stored schedule's feed was checked when it was set: files only from the CLI.
  const storedFeed = (where: string) => c.readFeed(where, { allowFiles: true });
  const digest = new Worker<DigestScheduleJob>(
    QUEUES.digestSchedule,
    async (job: Job<DigestScheduleJob>) => {
      const { listId } = DigestScheduleJob.parse(job.data);
      // The firing's own time, not when a worker got to it: a late run still builds that day's edition.
      const firedAt = new Date(job.timestamp + (job.delay ?? 0));
      return runSchedule({ db: c.db, queue, logger, check: c.presendCheck, readFeed: storedFeed }, listId, firedAt);
    },
    { connection, prefix, concurrency: 1, ...lockSettings(Math.max(c.config.jobLockMs, 60_000)) },
  );

  for (const w of [prepare, send, readerEmail, digest]) {
    w.on('failed', (job, err) => logger.warn('job.failed', { queue: w.name, jobId: job?.id, attempt: job?.attemptsMade, error: err.message }));
    w.on('error', (err) => logger.error('worker.error', { queue: w.name, error: err.message }));
  }
  if (opts.reconcileOnStart !== false) await reconcile(c.db, queue, logger);

  return {
    async close() {
      await Promise.all([prepare.close(), send.close(), readerEmail.close(), digest.close()]);
    },
  };
}
