/** The port services use to hand work to workers; the BullMQ adapter lives beside it. */
export interface WorkQueue {
  enqueuePrepare(editionId: string, delayMs?: number): Promise<void>;
  enqueueBatches(editionId: string, batchIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
