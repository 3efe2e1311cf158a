import { DelayedError, Worker, type Job } from 'bullmq';
import type { Container } from '../src/container.ts';
import { classifyFailure, databaseWaitMs, nextStep } from '../src/delivery/failure-policy.ts';
import { prepareEdition } from '../src/delivery/prepare-edition.ts';
import { reconcile } from '../src/delivery/reconcile.ts';
import { failBatch, sendBatch, VariantCache } from '../src/delivery/send-batch.ts';
import { providerLimiter } from '../src/delivery/provider-pacing.ts';
import { InFlightBytes } from '../src/delivery/in-flight-bytes.ts';
import { DigestScheduleJob, MaintenanceJob, PrepareEditionJob, QUEUES, ReaderEmailJob, SendBatchJob, WebhookJob } from '../src/jobs/queues.ts';
import { deliverWebhook, takeUnqueued, WebhookRetry } from '../src/webhooks/webhook-dispatch.ts';
import { sweep } from '../src/delivery/sweep.ts';
import { runSchedule } from '../src/scheduling/scheduled-run.ts';

import { sendConfirmation } from '../src/subscribers/subscription-requests.ts';
import { runListHealth } from '../src/subscribers/list-health.ts';

/** Batches per second the fleet may start: Resend's request rate, or SMTP's/SES's message rate over the batch size. */
function batchRate(config: Container['config']): number {
  const t = config.transport;
  const messages = t.kind === 'ses' || t.kind === 'smtp' ? t.rate : undefined;
  return messages ? messages / config.batchSize : config.resendRps;
}

/** How often each worker checks that the maintenance schedulers are still in Redis. */
const SCHEDULER_CHECK_MS = 30_000;

/** How soon an event written in a transaction is handed to the queue. */
const WEBHOOK_RELAY_EVERY_MS = 2000;

/** List health runs once a day, before most newsrooms' morning editions. */
const LIST_HEALTH_HOUR_UTC = 4;

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
  // The renderer (React, the templates) loads lazily everywhere else; a worker loads it before it takes work, so its
  // first prepare is as quick as its next one (a worker restarted mid-send must not spend its first seconds loading).
  await import('../src/rendering/render-variant.ts');
  const prefix = c.config.queuePrefix;
  const variants = new VariantCache();
  const inFlight = new InFlightBytes(c.config.inFlightBytes);
  const { logger } = c;

  /** A job whose database is unreachable waits for it without spending an attempt: the outage is not the job's fault. */
  const waitForDatabase = async (job: Job, token: string | undefined, err: unknown) => {
    if (classifyFailure(err).action !== 'wait') throw err;
    const delayMs = databaseWaitMs();
    logger.warn('job.waiting_for_database', { queue: job.queueName, jobId: job.id, delayMs, error: (err as Error).message });
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  };

  const prepare = new Worker<PrepareEditionJob>(
    QUEUES.prepareEdition,
    async (job: Job<PrepareEditionJob>, token?: string) => {
      const { editionId } = PrepareEditionJob.parse(job.data);
      let result;
      try {
        result = await prepareEdition({ db: c.db, queue, render: c.render, logger, batchSize: c.config.batchSize }, editionId);
      } catch (err) {
        return waitForDatabase(job, token, err);
      }
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
      const deps = { db: c.db, transport: c.transport, links: c.links, from: c.config.emailFrom, logger, idempotencyWindowMs: c.config.idempotencyWindowMs, errorBudget: c.config.errorBudget, variants, inFlight };
      let result;
      try {
        result = await sendBatch(deps, editionId, batchId);
      } catch (err) {
        // Every failure, the provider's or not, goes through the one policy (delivery/failure-policy.ts).
        const failure = classifyFailure(err);
        switch (nextStep(failure, job.attemptsMade, job.opts.attempts ?? 1)) {
          case 'rate-limit':
            // Pauses the whole queue (all workers) and puts the job back without spending an attempt.
            await send.rateLimit(Math.max(failure.retryAfterMs ?? 1000, 50));
            throw Worker.RateLimitError();
          case 'wait':
            return waitForDatabase(job, token, err);
          case 'give-up': {
            // Out of attempts: the batch fails with the reason, counts against the error budget and closes the edition if it was the last.
            const reason = `gave up after ${job.attemptsMade + 1} attempts: ${failure.message}`;
            await failBatch(c.db, editionId, batchId, reason, c.config.errorBudget).catch((e: unknown) => waitForDatabase(job, token, e));
            logger.error('batch.failed', { editionId, batchId, code: failure.code, attempts: job.attemptsMade + 1 });
            return { outcome: 'failed', reason };
          }
          default:
            throw err;
        }
      }
      if (result.outcome === 'not-due') {
        await job.moveToDelayed(Date.now() + result.delayMs, token);
        throw new DelayedError();
      }
      return result;
    },
    {
      connection,
      prefix,
      concurrency: c.config.workerConcurrency,
      // The provider's limit is per account: a global limiter shared by every worker on this Redis. For SMTP and SES
      // (a rate in messages) it lets a batch start as often as the rate allows a batch's messages, and each process
      // paces the messages inside it.
      limiter: providerLimiter(batchRate(c.config)),
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

  const maintenance = new Worker<MaintenanceJob>(
    QUEUES.maintenance,
    async (job: Job<MaintenanceJob>) => {
      const { kind } = MaintenanceJob.parse(job.data);
      if (kind === 'list-health') {
        const report = await runListHealth(
          { db: c.db, transport: c.transport, links: c.links, from: c.config.emailFrom, publisher: c.config.publisher },
          c.config.health,
          { dryRun: false },
        );
        logger.info('list_health.done', { ...report });
        return report;
      }
      return sweep(c.db, queue, logger, c.config.idempotencyWindowMs, c.config.deliveryRetentionDays);
    },
    { connection, prefix, concurrency: 1, ...lockSettings(Math.max(c.config.jobLockMs, 60_000)) },
  );

  const webhooks = new Worker<WebhookJob>(
    QUEUES.webhooks,
    async (job: Job<WebhookJob>, token?: string) => {
      const data = WebhookJob.parse(job.data);
      try {
        if (data.kind === 'relay') {
          const ids = await takeUnqueued(c.db);
          if (ids.length) await queue.enqueueWebhookDeliveries(ids);
          return { queued: ids.length };
        }
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return { outcome: await deliverWebhook({ db: c.db, logger, settings: c.config.webhooks }, data.deliveryId, lastAttempt) };
      } catch (err) {
        if (err instanceof WebhookRetry) throw err;
        return waitForDatabase(job, token, err);
      }
    },
    { connection, prefix, concurrency: 8, ...lockSettings(c.config.jobLockMs) },
  );

  const all = [prepare, send, readerEmail, digest, maintenance, webhooks];
  for (const w of all) {
    w.on('failed', (job, err) => logger.warn('job.failed', { queue: w.name, jobId: job?.id, attempt: job?.attemptsMade, error: err.message }));
    w.on('error', (err) => logger.error('worker.error', { queue: w.name, error: err.message }));
  }
  if (opts.reconcileOnStart !== false) await reconcile(c.db, queue, logger);
  const schedule = async () => {
    await queue.scheduleSweep(c.config.sweepEveryMs);
    await queue.scheduleListHealth(LIST_HEALTH_HOUR_UTC);
    await queue.scheduleWebhookRelay(WEBHOOK_RELAY_EVERY_MS);
  };
  await schedule();
  // A failover or a flush can take the schedulers with it: each worker puts back any that went missing.
  const keeper = setInterval(() => schedule().catch((err: Error) => logger.warn('schedulers.not_restored', { error: err.message })), SCHEDULER_CHECK_MS);
  keeper.unref();

  return {
    async close() {
      clearInterval(keeper);
      await Promise.all(all.map((w) => w.close()));
    },
  };
}
