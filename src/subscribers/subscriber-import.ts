import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-parser.ts';
import { getList } from './lists.ts';
import { parseSubscriberRow, readHeader, type SubscriberInput } from './subscriber-row.ts';

export interface ImportReport {
  imported: number;
  updated: number;
  rejected: { line: number; reason: string }[];
}

const CHUNK = 500;

/** Addresses erased at their owner's request, matched by the same fingerprint suppression uses: never stored again. */
async function erasedAmong(tx: Queryable, rows: SubscriberInput[]): Promise<Set<string>> {
  const found = await tx.query<{ email: string }>(
    `select e as email from unnest($1::text[]) as e
      where exists (select 1 from suppressions x where x.email_hash = bs_email_hash(e) and x.email_normalized is null)`,
    [rows.map((r) => r.emailNormalized)],
  );
  return new Set(found.map((f) => f.email));
}

/** Upserts one chunk (distinct addresses) and subscribes them to the list; an unsubscribed reader stays unsubscribed. */
async function writeChunk(tx: Queryable, listId: number, rows: SubscriberInput[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const result = await tx.query<{ id: number; inserted: boolean }>(
    `insert into subscribers (email, email_normalized, name, tier, timezone, attributes)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
     on conflict (email_normalized) do update set
       email = excluded.email,
       name = coalesce(excluded.name, subscribers.name),
       tier = excluded.tier,
       timezone = coalesce(excluded.timezone, subscribers.timezone),
       attributes = subscribers.attributes || excluded.attributes,
       updated_at = now()
     returning id, (xmax = 0) as inserted`,
    [
      rows.map((r) => r.email),
      rows.map((r) => r.emailNormalized),
      rows.map((r) => r.name),
      rows.map((r) => r.tier),
      rows.map((r) => r.timezone),
      rows.map((r) => JSON.stringify(r.attributes)),
    ],
  );
  await tx.query(
    `insert into subscriptions (list_id, subscriber_id, status)
     select $1, id, 'active' from unnest($2::int[]) as id
     on conflict (list_id, subscriber_id) do nothing`,
    [listId, result.map((r) => r.id)],
  );
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}

/**
 * Imports a CSV stream into a list in one transaction: every valid row or none.
 * Bad rows are reported by line and skipped; the same address twice (any case) is one reader.
 */
export async function importSubscribers(
  db: Database,
  listSlug: string,
  source: AsyncIterable<string>,
  onProgress?: (rowsRead: number) => void,
): Promise<ImportReport> {
  const list = await getList(db, listSlug);
  const report: ImportReport = { imported: 0, updated: 0, rejected: [] };
  const parser = new CsvParser();
  let columns: string[] | null = null;
  let rowsRead = 0;

  await db.transaction(async (tx) => {
    let chunk = new Map<string, SubscriberInput>();
    let lines = new Map<string, number>();
    const flush = async () => {
      if (!chunk.size) return;
      const erased = await erasedAmong(tx, [...chunk.values()]);
      for (const email of erased) report.rejected.push({ line: lines.get(email)!, reason: 'this address was erased at its owner’s request and is not imported again' });
      const { inserted, updated } = await writeChunk(tx, list.id, [...chunk.values()].filter((r) => !erased.has(r.emailNormalized)));
      report.imported += inserted;
      report.updated += updated;
      chunk = new Map();
      lines = new Map();
      onProgress?.(rowsRead);
    };
    const take = async (records: CsvRecord[]) => {
      for (const record of records) {
        if (!columns) {
          const header = readHeader(record.fields);
          if ('error' in header) throw new UserError('invalid_input', `line ${record.line}: ${header.error}`);
          columns = header.columns;
          continue;
        }
        rowsRead++;
        const row = parseSubscriberRow(columns, record.fields);
        if (!row.ok) {
          report.rejected.push({ line: record.line, reason: row.reason });
          continue;
        }
        // A repeat within this chunk updates the earlier row: count it as an update.
        if (chunk.has(row.value.emailNormalized)) report.updated++;
        chunk.set(row.value.emailNormalized, row.value);
        lines.set(row.value.emailNormalized, record.line);
        if (chunk.size >= CHUNK) await flush();
      }
    };
    for await (const text of source) await take(parser.push(text));
    try {
      await take(parser.end());
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      report.rejected.push({ line: err.line, reason: 'a quoted field is never closed (the rest of the file is part of it)' });
    }
    await flush();
    report.rejected.sort((a, b) => a.line - b.line);
    if (!columns) throw new UserError('invalid_input', 'the file is empty: it needs a header row with an "email" column');
  });
  return report;
}
