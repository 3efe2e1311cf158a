/** A batch to send, and with per-reader local delivery the instant its readers' local time comes. */
export interface BatchRef {
  id: string;
  notBefore?: Date | null;
}

/** The port services use to hand work to workers; the BullMQ adapter lives beside it. */
export interface WorkQueue {
  enqueuePrepare(editionId: string, delayMs?: number): Promise<void>;
  /**
   * Queues one send job per batch; a batch already queued is not queued twice.
   * `requeue` also replaces a finished or failed job of the same id: for recovery,
   * resume and retries, where the database says the batch is not done.
   */
  enqueueBatches(editionId: string, batches: readonly BatchRef[], opts?: { requeue?: boolean }): Promise<void>;
  /** Queues a reader's confirmation email; at most one per reader per ten minutes, however often they ask. */
  enqueueConfirmation(subscriberId: number): Promise<void>;
  /** Fires the list's recurring digest every day at `at` (HH:MM) in `timezone`; replaces any earlier setting. */
  /** Fires at `at` in `timezone` on `days` (0 Sunday … 6 Saturday; null every day). */
  setDigestSchedule(listId: number, at: string, timezone: string, days?: number[] | null): Promise<void>;
  removeDigestSchedule(listId: number): Promise<void>;
  /** Runs the maintenance sweep every `everyMs`, once across all workers. */
  scheduleSweep(everyMs: number): Promise<void>;
  /** List health (soft bounces, sunset) once a day, at `hourUtc`, for all workers. */
  scheduleListHealth(hourUtc: number): Promise<void>;
  /** Queues webhook deliveries by id (a delivery already queued is not queued twice). */
  enqueueWebhookDeliveries(deliveryIds: readonly number[]): Promise<void>;
  /** Runs the webhook relay every `everyMs`, once across all workers. */
  scheduleWebhookRelay(everyMs: number): Promise<void>;
  close(): Promise<void>;
}
