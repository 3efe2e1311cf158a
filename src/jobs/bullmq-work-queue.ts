import { Queue, type ConnectionOptions } from 'bullmq';
import {
  digestSchedulerId,
  LIST_HEALTH_SCHEDULER_ID,
  QUEUES,
  prepareJobId,
  sendBatchJobId,
  SWEEP_SCHEDULER_ID,
  WEBHOOK_RELAY_SCHEDULER_ID,
  webhookJobId,
  type DigestScheduleJob,
  type MaintenanceJob,
  type PrepareEditionJob,
  type ReaderEmailJob,
  type SendBatchJob,
  type WebhookJob,
} from './queues.ts';
import { parseLocalTime } from '../scheduling/local-time.ts';
import { cronDays } from '../scheduling/week-days.ts';
import type { WorkQueue } from './work-queue.ts';

export interface QueueSettings {
  connection: ConnectionOptions;
  prefix: string;
  /** Base of the exponential backoff after a 5xx or network failure. */
  backoffMs: number;
  attempts: number;
  /** Tries per webhook delivery and the base of their backoff. */
  webhooks: { attempts: number; backoffMs: number };
  /** A queue's connection failed (a failover in progress): ioredis retries; this only reports it. */
  onError?: (err: Error) => void;
}

// Completed jobs are removed so that reconcile or resume can enqueue the same job id again.
const KEEP = { removeOnComplete: true, removeOnFail: { count: 5000, age: 7 * 24 * 3600 } } as const;

/**
 * A completed or failed job keeps its id and would swallow a re-add; when the
 * database says the work is not done, the old job goes so the new one can run.
 */
async function removeIfFinished(queue: Queue, jobId: string, alsoWaiting = false): Promise<void> {
  const state = await queue.getJobState(jobId);
  const stale = state === 'completed' || state === 'failed' || (alsoWaiting && (state === 'delayed' || state === 'waiting'));
  if (!stale) return;
  // It may have been taken by a worker since we looked: then it is running, which is what we wanted.
  await (await queue.getJob(jobId))?.remove().catch(() => {});
}

/**
 * Upserts a job scheduler unless it is already there as asked. An upsert replaces
 * the scheduler's next job: schedules are asserted again and again (the sweep
 * restores digests, each worker the maintenance ones after a failover), and
 * re-upserting an unchanged one would keep pushing its next run away.
 */
async function ensureScheduler(queue: Queue, id: string, repeat: { every: number } | { pattern: string; tz: string }, template: Parameters<Queue['upsertJobScheduler']>[2]): Promise<void> {
  const current = await queue.getJobScheduler(id);
  const same = 'every' in repeat ? current?.every === repeat.every : current?.pattern === repeat.pattern && current.tz === repeat.tz;
  if (!same) await queue.upsertJobScheduler(id, repeat, template);
}

export function createBullmqWorkQueue(settings: QueueSettings): WorkQueue & { queues: Queue[] } {
  const base = { connection: settings.connection, prefix: settings.prefix };
  const prepare = new Queue<PrepareEditionJob>(QUEUES.prepareEdition, base);
  const send = new Queue<SendBatchJob>(QUEUES.sendBatch, base);
  const readerEmail = new Queue<ReaderEmailJob>(QUEUES.readerEmail, base);
  const digest = new Queue<DigestScheduleJob>(QUEUES.digestSchedule, base);
  const maintenance = new Queue<MaintenanceJob>(QUEUES.maintenance, base);
  const webhooks = new Queue<WebhookJob>(QUEUES.webhooks, base);
  // Without a listener BullMQ prints every connection error to stderr, once per queue, as long as Redis is away.
  for (const q of [prepare, send, readerEmail, digest, maintenance, webhooks] as Queue[]) q.on('error', (err: Error) => settings.onError?.(err));
  return {
    queues: [prepare, send, readerEmail, digest, maintenance, webhooks],
    async enqueuePrepare(editionId, delayMs = 0) {
      const jobId = prepareJobId(editionId);
      // A reschedule moves the delayed job to the new time (an earlier one too). Removing it and adding it again
      // raced: an add under an id that still existed was ignored, and the edition waited for its old time.
      const existing = await prepare.getJob(jobId);
      const state = existing ? await existing.getState() : null;
      if (existing && state === 'delayed') {
        const moved = await existing.changeDelay(delayMs).then(() => true, () => false);
        if (moved) return;
      }
      // Waiting or running: it checks the edition's time itself and sleeps until then (prepare's not-due path).
      if (state === 'waiting' || state === 'active' || state === 'prioritized') return;
      await removeIfFinished(prepare, jobId, true);
      await prepare.add('prepare', { editionId }, { jobId, delay: delayMs, attempts: 5, backoff: { type: 'exponential', delay: 2000 }, ...KEEP });
    },
    async enqueueBatches(editionId, batches, opts = {}) {
      if (opts.requeue) for (const b of batches) await removeIfFinished(send, sendBatchJobId(b.id));
      const now = Date.now();
      await send.addBulk(
        batches.map((b) => ({
          name: 'send',
          data: { editionId, batchId: b.id },
          opts: { jobId: sendBatchJobId(b.id), delay: b.notBefore ? Math.max(0, b.notBefore.getTime() - now) : 0, attempts: settings.attempts, backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 }, ...KEEP },
        })),
      );
    },
    async enqueueConfirmation(subscriberId) {
      await readerEmail.add(
        'confirm',
        { kind: 'confirm', subscriberId },
        { deduplication: { id: `confirm-${subscriberId}`, ttl: 10 * 60_000 }, attempts: 5, backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 }, ...KEEP },
      );
    },
    async setDigestSchedule(listId, at, timezone, days = null) {
      const { hour, minute } = parseLocalTime(at);
      const pattern = `${minute} ${hour} * * ${cronDays(days)}`;
      // Unchanged, it is left alone: re-upserted as today's firing waits for a worker, it would move to tomorrow.
      await ensureScheduler(digest, digestSchedulerId(listId), { pattern, tz: timezone }, { name: 'digest', data: { listId }, opts: { attempts: 4, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP } });
    },
    async removeDigestSchedule(listId) {
      await digest.removeJobScheduler(digestSchedulerId(listId));
    },
    // The maintenance schedulers are re-asserted every half minute by each worker (Redis may have lost them in a failover).
    async scheduleSweep(everyMs) {
      await ensureScheduler(maintenance, SWEEP_SCHEDULER_ID, { every: everyMs }, { name: 'sweep', data: { kind: 'sweep' }, opts: { attempts: 1, ...KEEP } });
    },
    async scheduleListHealth(hourUtc) {
      await ensureScheduler(maintenance, LIST_HEALTH_SCHEDULER_ID, { pattern: `0 ${hourUtc} * * *`, tz: 'UTC' }, { name: 'list-health', data: { kind: 'list-health' }, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP } });
    },
    async enqueueWebhookDeliveries(deliveryIds) {
      const { attempts, backoffMs } = settings.webhooks;
      await webhooks.addBulk(
        deliveryIds.map((deliveryId) => ({
          name: 'deliver',
          data: { kind: 'deliver', deliveryId },
          opts: { jobId: webhookJobId(deliveryId), attempts, backoff: { type: 'exponential', delay: backoffMs, jitter: 0.2 }, ...KEEP },
        })),
      );
    },
    async scheduleWebhookRelay(everyMs) {
      await ensureScheduler(webhooks, WEBHOOK_RELAY_SCHEDULER_ID, { every: everyMs }, { name: 'relay', data: { kind: 'relay' }, opts: { attempts: 1, ...KEEP } });
    },
    async close() {
      await Promise.all([prepare.close(), send.close(), readerEmail.close(), digest.close(), maintenance.close(), webhooks.close()]);
    },
  };
}
