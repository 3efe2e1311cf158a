import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { copyTarget } from './copy-text.ts';
import type { Database, Queryable } from './database.ts';
import { asDatabaseError, isConnectionFailure } from './database-unavailable.ts';

export interface PostgresOptions {
  url: string;
  /** Confines every table to one schema (tests make one each). */
  schema?: string;
  max?: number;
}

export function createPostgresDatabase({ url, schema, max = 10 }: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A database that does not answer is an error after 10 s, not a wait forever.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor may any client's: a terminated backend can say so twice (the FATAL message, then the socket's end), and
  // pg-pool's query listens `once`; a client released as broken has no listener at all while the pool ends it.
  // Queries still get their errors through their own callbacks; this only keeps the event from being unhandled.
  pool.on('connect', (client) => void client.on('error', () => {}));
  const query: Queryable['query'] = async (sql, params) => {
    try {
      return (await pool.query(sql, params as unknown[])).rows;
    } catch (err) {
      throw asDatabaseError(err);
    }
  };
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const client = await pool.connect().catch((err: unknown) => {
        throw asDatabaseError(err);
      });
      // A checked-out client has no listener of the pool's: without one, a connection dropped
      // mid-transaction is an unhandled 'error' event and takes the whole process down.
      let lost: unknown = null;
      const onError = (err: unknown) => void (lost ??= err);
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await fn({
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
          copyFrom: (table, columns, rows) => pipeline(Readable.from([rows]), client.query(copyFromStdin(`copy ${copyTarget(table, columns)} from stdin`))),
        });
        await client.query('commit');
        return result;
      } catch (err) {
        if (isConnectionFailure(err)) lost ??= err;
        // On a live connection, roll back; on a dead one the server already has.
        if (!lost) await client.query('rollback').catch((e: unknown) => void (lost = e));
        throw asDatabaseError(err);
      } finally {
        client.removeListener('error', onError);
        // Passing the error makes the pool destroy the client instead of handing a dead one to the next caller.
        client.release(lost ? (lost as Error) : undefined);
      }
    },
    close: () => pool.end(),
  };
}
