/** The key Resend deduplicates on: stable for the batch across every retry, worker and restart. */
export const idempotencyKeyOf = (batchId: string) => `broadsheet-batch-${batchId}`;
