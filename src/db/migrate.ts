import { readdir, readFile } from 'node:fs/promises';
import type { Database, Queryable } from './database.ts';

/** A data migration that SQL cannot express alone: a module in migrations/ with an `up` run in the migration's transaction. */
export interface CodeMigration {
  up(tx: Queryable): Promise<void>;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
// Any constant: serialises concurrent migrators on one PostgreSQL.
const MIGRATION_LOCK = 7_265_310;

/** Applies every migration not yet applied, each in its own transaction. Idempotent. Returns the versions applied. */
export async function migrate(db: Database): Promise<string[]> {
  // Code migrations are .ts run from source, .js once compiled (dist/).
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /\.(sql|ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  await db.query(`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.(sql|ts|js)$/, '');
    const sql = file.endsWith('.sql') ? await readFile(new URL(file, MIGRATIONS_DIR), 'utf8') : null;
    const didApply = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [version]);
      if (done.length) return false;
      if (sql !== null) for (const statement of splitStatements(sql)) await tx.query(statement);
      else await ((await import(new URL(file, MIGRATIONS_DIR).href)) as CodeMigration).up(tx);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      return true;
    });
    if (didApply) applied.push(version);
  }
  return applied;
}

/**
 * Statements end with `;` at a line's end, outside a function body (`$$ … $$`, where a `;` ends a line of
 * the function); whole-line comments outside bodies are dropped.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (!inBody && /^\s*--/.test(line)) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g) ?? []).length % 2) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  return [...statements, current.trim()].filter(Boolean);
}
