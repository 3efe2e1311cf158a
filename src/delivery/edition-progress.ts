/** Counts of an edition's deliveries, straight from the database. */
export interface DeliveryCounts {
  recipients: number;
  submitted: number;
  failed: number;
  skipped: number;
  pending: number;
}

export interface BatchCounts {
  unfinished: number;
  parked: number;
}

/** Whether every batch has reached an end state and the edition can be closed. */
export function isDeliveryDone(batches: BatchCounts): boolean {
  return batches.unfinished === 0 && batches.parked === 0;
}

export function percentDone(c: DeliveryCounts): number {
  if (c.recipients === 0) return 100;
  return Math.floor(((c.submitted + c.failed + c.skipped) / c.recipients) * 100);
}
