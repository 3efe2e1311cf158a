/** A second process tried to open an embedded database directory that one process already has open. */
export class DatabaseLockedError extends Error {
  readonly code = 'database_locked';
}
