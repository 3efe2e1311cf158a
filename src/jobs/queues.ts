import { z } from 'zod';

/** Every queue Broadsheet uses. Jobs carry ids only: the database holds content, addresses and secrets. */
export const QUEUES = {
  prepareEdition: 'prepare-edition',
  sendBatch: 'send-batch',
  readerEmail: 'reader-email',
  digestSchedule: 'digest-schedule',
  maintenance: 'maintenance',
  webhooks: 'webhooks',
} as const;

export const PrepareEditionJob = z.strictObject({ editionId: z.uuid() });
export type PrepareEditionJob = z.infer<typeof PrepareEditionJob>;

export const SendBatchJob = z.strictObject({ editionId: z.uuid(), batchId: z.uuid() });
export type SendBatchJob = z.infer<typeof SendBatchJob>;

/** One-off emails to one reader (double opt-in confirmation). */
export const ReaderEmailJob = z.strictObject({ kind: z.literal('confirm'), subscriberId: z.number().int().positive() });
export type ReaderEmailJob = z.infer<typeof ReaderEmailJob>;

/** One firing of a list's recurring digest. */
export const DigestScheduleJob = z.strictObject({ listId: z.number().int().positive() });
export type DigestScheduleJob = z.infer<typeof DigestScheduleJob>;

/** The periodic sweep: re-queue what the database says is unfinished, forget frozen emails past their window. */
export const MaintenanceJob = z.strictObject({ kind: z.enum(['sweep', 'list-health']) });
export type MaintenanceJob = z.infer<typeof MaintenanceJob>;

/** The relay (queue what transactions wrote), or one delivery of one event to one endpoint. */
export const WebhookJob = z.union([z.strictObject({ kind: z.literal('relay') }), z.strictObject({ kind: z.literal('deliver'), deliveryId: z.number().int().positive() })]);
export type WebhookJob = z.infer<typeof WebhookJob>;

// Job ids are derived from database ids so a second enqueue of the same work is a no-op.
// Dashes, not colons: BullMQ rejects most ids containing ':'.
export const prepareJobId = (editionId: string) => `prepare-${editionId}`;
export const sendBatchJobId = (batchId: string) => `batch-${batchId}`;
export const digestSchedulerId = (listId: number) => `digest-list-${listId}`;
export const SWEEP_SCHEDULER_ID = 'sweep';
export const LIST_HEALTH_SCHEDULER_ID = 'list-health';
export const WEBHOOK_RELAY_SCHEDULER_ID = 'webhook-relay';
export const webhookJobId = (deliveryId: number) => `webhook-${deliveryId}`;
