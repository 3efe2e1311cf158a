import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { copyTarget } from './copy-text.ts';
import type { Database } from './database.ts';

import { DatabaseLockedError } from './database-locked.ts';
export { DatabaseLockedError };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is single-process: two processes writing one directory would corrupt it.
 * An exclusive lock file (O_EXCL) holding our pid keeps the second one out; a lock
 * left by a dead process is taken over.
 */
function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      process.once('exit', release);
      return () => {
        process.removeListener('exit', release);
        release();
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(
          `the embedded database ${dirname(lockPath)} is in use by process ${holder}; stop it first, or set DATABASE_URL to a PostgreSQL server to run several processes`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`could not lock the embedded database at ${dirname(lockPath)}`);
}

/** Embedded PostgreSQL (WASM). `dataDir` undefined keeps everything in memory (tests). */
export async function createPgliteDatabase(dataDir?: string): Promise<Database> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = acquireLock(`${dataDir}/broadsheet.lock`);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (err) {
    release();
    throw err;
  }
  return {
    kind: 'pglite',
    query: async (sql, params) => (await db.query(sql, params as unknown[])).rows as never,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (sql, params) => (await tx.query(sql, params as unknown[])).rows as never,
          // PGlite reads COPY's input from a blob it exposes as /dev/blob.
          copyFrom: async (table, columns, rows) => void (await tx.query(`copy ${copyTarget(table, columns)} from '/dev/blob'`, [], { blob: new Blob([rows]) })),
        }),
      ),
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
