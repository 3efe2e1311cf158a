/**
 * The database could not be reached, or dropped the connection mid-statement
 * (a failover, a restart, `pg_terminate_backend`). Nothing the caller sent was
 * wrong: the work is worth trying again once the database answers, and a
 * transaction that hit this was rolled back by the server.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'database_unavailable';
  constructor(cause: unknown) {
    super(`the database is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

// Class 08 (connection exception), 57P01..57P03 (the server is shutting down or starting), 53300 (too many connections).
const SQLSTATE = /^(08|57P0[1-3]$|53300$)/;
const ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// What node-postgres says when the socket went away under a query or a checked-out client.
const MESSAGES = /Connection terminated|connection error and is not queryable|Client was closed|timeout exceeded when trying to connect|Connection ended unexpectedly/i;

/** Whether `err` means the connection failed rather than the statement: pure, so the rule is tested on its own. */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (SQLSTATE.test(e.code) || ERRNO.has(e.code))) return true;
  return typeof e.message === 'string' && MESSAGES.test(e.message);
}

/** Rethrows a connection failure as DatabaseUnavailableError, anything else as it is. */
export function asDatabaseError(err: unknown): unknown {
  return isConnectionFailure(err) && !(err instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(err) : err;
}
