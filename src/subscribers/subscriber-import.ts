import { setImmediate } from 'node:timers/promises';
import { copyLine } from '../db/copy-text.ts';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { readHeader, type Header } from './csv-dialects.ts';
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-parser.ts';
import { CsvTextDecoder } from './csv-text.ts';
import { erasedAmong } from './erasure.ts';
import { getList } from './lists.ts';
import { suppress } from './suppressions.ts';
import { sectionNames, unknownSections } from './list-sections.ts';
import { mergeRows, parseSubscriberRow, type SubscriberInput } from './subscriber-row.ts';

export interface ImportReport {
  imported: number;
  updated: number;
  /** Addresses the export says bounced or were blocked: kept as suppressions, never mailed. */
  suppressed: number;
  rejected: { line: number; reason: string }[];
  /** What was recognised or decided about the file: the export it came from, its encoding. */
  notes: string[];
}

const DIALECT_NAMES = { mailchimp: 'a Mailchimp audience export', substack: 'a Substack subscribers export', ghost: 'a Ghost members export', listmonk: 'a listmonk subscribers export' } as const;

/**
 * Rows per COPY into the staging table: enough that each statement is set-based, few enough that the staging
 * table stays in PostgreSQL's session buffers for temporary tables (8 MB by default; 20,000 rows measured slower).
 */
const CHUNK = 10_000;

const STAGING = 'import_rows';
const STAGED_COLUMNS = ['position', 'normalized', 'email', 'name', 'tier', 'timezone', 'attributes', 'subscribed', 'sections'] as const;

/** The staging table one import's chunks pass through: private to the transaction and gone at its end. */
async function createStaging(tx: Queryable): Promise<void> {
  await tx.query(
    `create temp table ${STAGING} (position int not null, normalized text not null, email text not null, name text, tier text, timezone text,
       attributes jsonb not null, subscribed boolean not null, sections jsonb) on commit drop`,
  );
}

/** A chunk as COPY rows. Sections as JSON: null when the row does not say (kept as it is), "all" for every section, else the keys. */
function stagedRows(rows: readonly SubscriberInput[]): string {
  let text = '';
  for (const [position, r] of rows.entries()) {
    const sections = r.sections === undefined ? null : JSON.stringify(r.sections ?? 'all');
    text += copyLine([position, r.emailNormalized, r.email, r.name, r.tier, r.timezone, JSON.stringify(r.attributes), r.subscribed, sections]);
  }
  return text;
}

/**
 * Writes one chunk (distinct addresses) set-based, in one statement: COPY into the
 * staging table, then new readers are inserted, readers we have are updated, and
 * their subscriptions change. An empty cell never erases, and an unsubscribed reader
 * stays unsubscribed. The statement's parts share one snapshot, so the update cannot
 * see the readers the insert just added: each address is probed once.
 */
async function writeChunk(tx: Transaction, listId: number, rows: SubscriberInput[], staged: string): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  await tx.query(`truncate ${STAGING}`);
  await tx.copyFrom(STAGING, STAGED_COLUMNS, staged);
  const [counts] = await tx.query<{ inserted: number; updated: number }>(
    `with added as (
       -- In the file's order, so readers' ids follow it.
       insert into subscribers (email, email_normalized, name, tier, timezone, attributes)
       select u.email, u.normalized, u.name, coalesce(u.tier, 'free'), u.timezone, u.attributes from ${STAGING} u order by u.position
       on conflict (email_normalized) do nothing
       returning id, email_normalized),
     changed as (
       update subscribers s set email = u.email, name = coalesce(u.name, s.name), tier = coalesce(u.tier, s.tier),
              timezone = coalesce(u.timezone, s.timezone), attributes = s.attributes || u.attributes, updated_at = now()
         from ${STAGING} u where s.email_normalized = u.normalized and u.normalized not in (select email_normalized from added)
       returning s.id, s.email_normalized),
     readers as (
       select r.id, u.subscribed, u.sections from (select * from added union all select * from changed) r
         join ${STAGING} u on u.normalized = r.email_normalized),
     -- Joining without saying which sections: subscribed, and a reader already on the list keeps their choice.
     joined as (
       insert into subscriptions (list_id, subscriber_id, status)
       select $1::int, id, 'active' from readers where subscribed and sections is null order by id
       on conflict (list_id, subscriber_id) do nothing),
     chose as (
       insert into subscriptions (list_id, subscriber_id, status, sections)
       select $1::int, id, 'active', case when sections = '"all"' then null else array(select jsonb_array_elements_text(sections)) end
         from readers where subscribed and sections is not null order by id
       on conflict (list_id, subscriber_id) do update set sections = excluded.sections, updated_at = now()),
     -- The export says they left (or never agreed): kept as unsubscribed, never mailed.
     left_list as (
       insert into subscriptions (list_id, subscriber_id, status, unsubscribed_at)
       select $1::int, id, 'unsubscribed', now() from readers where not subscribed order by id
       on conflict (list_id, subscriber_id) do update set status = 'unsubscribed', unsubscribed_at = now(), updated_at = now()
         where subscriptions.status <> 'unsubscribed')
     select (select count(*) from added)::int as inserted, (select count(*) from changed)::int as updated`,
    [listId],
  );
  return counts!;
}

/**
 * Imports a CSV stream (text, or bytes in UTF-8 or Windows-1252) into a list in one
 * transaction. A row that cannot be read (a NUL, bad UTF-8, a malformed address) is
 * reported by line and skipped; the rest imports. The same mailbox twice (any case,
 * Unicode or ASCII domain) is one reader, and an empty cell never erases a value.
 * Exports from Mailchimp, Substack, Ghost and listmonk are recognised by their headers.
 */
export async function importSubscribers(
  db: Database,
  listSlug: string,
  source: AsyncIterable<string | Uint8Array>,
  onProgress?: (rowsRead: number) => void,
): Promise<ImportReport> {
  const list = await getList(db, listSlug);
  const sections = await sectionNames(db, list.id);
  const report: ImportReport = { imported: 0, updated: 0, suppressed: 0, rejected: [], notes: [] };
  const parser = new CsvParser();
  const decoder = new CsvTextDecoder();
  let columns: Header | null = null;
  let rowsRead = 0;

  await db.transaction(async (tx) => {
    await createStaging(tx);
    let chunk = new Map<string, SubscriberInput>();
    let lines = new Map<string, number>();
    // One chunk is written while the next is read: the database and the parser each keep a core busy.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!chunk.size) return;
      const rows = chunk;
      const rowLines = lines;
      const readSoFar = rowsRead;
      chunk = new Map();
      lines = new Map();
      // Its COPY rows are made while the chunk before it is written, not while the database waits for them.
      const staged = stagedRows([...rows.values()]);
      // Chunks go in order: a reader in two of them ends with the later row's values.
      await writing;
      writing = write(rows, staged, rowLines, readSoFar);
      writing.catch(() => {}); // awaited by the next flush or the end; this only keeps it from counting as unhandled meanwhile
    };
    const write = async (rows: Map<string, SubscriberInput>, staged: string, rowLines: Map<string, number>, readSoFar: number) => {
      const erased = await erasedAmong(tx, [...rows.keys()]);
      for (const email of erased) report.rejected.push({ line: rowLines.get(email)!, reason: 'this address was erased at its owner’s request and is not imported again' });
      const kept = [...rows.values()].filter((r) => !erased.has(r.emailNormalized));
      const { inserted, updated } = await writeChunk(tx, list.id, kept, erased.size ? stagedRows(kept) : staged);
      report.imported += inserted;
      report.updated += updated;
      // Bounces and blocks from the old system stay bounces here: suppressed, by reason.
      const byReason = new Map<string, string[]>();
      for (const r of kept) if (r.suppressed) byReason.set(r.suppressed, [...(byReason.get(r.suppressed) ?? []), r.emailNormalized]);
      for (const [reason, emails] of byReason) await suppress(tx, emails, reason);
      report.suppressed += kept.filter((r) => r.suppressed).length;
      onProgress?.(readSoFar);
    };
    const take = async (records: CsvRecord[]) => {
      for (const [i, record] of records.entries()) {
        // A turn of the event loop every 250 rows: a piece of the file is thousands of rows, and parsed in one go it
        // kept each of a chunk's answers from the database waiting 40-70 ms (its write is about 250 ms), the database idle.
        if (i % 250 === 249) await setImmediate();
        if (!columns) {
          const header = readHeader(record.fields);
          if ('error' in header) throw new UserError('invalid_input', `line ${record.line}: ${header.error}`);
          columns = header;
          if (header.dialect !== 'broadsheet') report.notes.push(`read as ${DIALECT_NAMES[header.dialect]} (see the README for how its columns map)`);
          continue;
        }
        rowsRead++;
        const row = parseSubscriberRow(columns, record.fields);
        const refused = row.ok ? unknownSections(row.value.sections ?? null, sections) : row.reason;
        if (!row.ok || refused) {
          report.rejected.push({ line: record.line, reason: refused! });
          continue;
        }
        // A repeat within this chunk updates the earlier row (an empty cell keeps its value): count it as an update.
        const earlier = chunk.get(row.value.emailNormalized);
        if (earlier) report.updated++;
        chunk.set(row.value.emailNormalized, earlier ? mergeRows(earlier, row.value) : row.value);
        lines.set(row.value.emailNormalized, record.line);
        if (chunk.size >= CHUNK) await flush();
      }
    };
    try {
      for await (const chunk of source) await take(parser.push(decoder.decode(chunk)));
      try {
        await take(parser.push(decoder.end()));
        await take(parser.end());
      } catch (err) {
        if (!(err instanceof CsvSyntaxError)) throw err;
        report.rejected.push({ line: err.line, reason: 'a quoted field is never closed (the rest of the file is part of it)' });
      }
      await flush();
      await writing;
    } catch (err) {
      // The chunk being written finishes (or fails) before the transaction rolls back.
      await writing.catch(() => {});
      throw err;
    }
    report.notes.push(...decoder.notes);
    report.rejected.sort((a, b) => a.line - b.line);
    if (!columns) throw new UserError('invalid_input', 'the file is empty: it needs a header row with an "email" column');
  });
  return report;
}
