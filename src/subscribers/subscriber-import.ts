import type { Database, Queryable } from '../db/database.ts';
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

const CHUNK = 5000;


/** Upserts one chunk (distinct addresses) and subscribes them to the list; an unsubscribed reader stays unsubscribed. */
async function writeChunk(tx: Queryable, listId: number, rows: SubscriberInput[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  // An empty cell never erases: name, time zone and a tier the row does not give keep what the reader had.
  const result = await tx.query<{ id: number; email: string; inserted: boolean }>(
    `insert into subscribers (email, email_normalized, name, tier, timezone, attributes)
     select u.email, u.normalized, u.name, coalesce(u.tier, 'free'), u.timezone, u.attributes
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) as u(email, normalized, name, tier, timezone, attributes)
     on conflict (email_normalized) do update set
       email = excluded.email,
       name = coalesce(excluded.name, subscribers.name),
       tier = coalesce((select t.tier from unnest($2::text[], $4::text[]) as t(normalized, tier) where t.normalized = excluded.email_normalized), subscribers.tier),
       timezone = coalesce(excluded.timezone, subscribers.timezone),
       attributes = subscribers.attributes || excluded.attributes,
       updated_at = now()
     returning id, email_normalized as email, (xmax = 0) as inserted`,
    [
      rows.map((r) => r.email),
      rows.map((r) => r.emailNormalized),
      rows.map((r) => r.name),
      rows.map((r) => r.tier),
      rows.map((r) => r.timezone),
      rows.map((r) => JSON.stringify(r.attributes)),
    ],
  );
  const idOf = new Map(result.map((r) => [r.email, r.id]));
  const joins = rows.filter((r) => r.subscribed);
  const leaving = rows.filter((r) => !r.subscribed).map((r) => idOf.get(r.emailNormalized)!);
  // Sections as JSON: null when the row does not say (kept as it is), "all" for every section, else the keys.
  await tx.query(
    `insert into subscriptions (list_id, subscriber_id, status, sections)
     select $1, u.id, 'active', case when u.said is null or u.said = '"all"' then null else array(select jsonb_array_elements_text(u.said)) end
       from unnest($2::int[], $3::jsonb[]) as u(id, said)
     on conflict (list_id, subscriber_id) do update set sections = excluded.sections, updated_at = now()
       where (select t.said from unnest($2::int[], $3::jsonb[]) as t(id, said) where t.id = excluded.subscriber_id) is not null`,
    [listId, joins.map((r) => idOf.get(r.emailNormalized)!), joins.map((r) => (r.sections === undefined ? null : JSON.stringify(r.sections ?? 'all')))],
  );
  // The export says they left (or never agreed): kept as unsubscribed, never mailed.
  await tx.query(
    `insert into subscriptions (list_id, subscriber_id, status, unsubscribed_at)
     select $1, id, 'unsubscribed', now() from unnest($2::int[]) as id
     on conflict (list_id, subscriber_id) do update set status = 'unsubscribed', unsubscribed_at = now(), updated_at = now()
       where subscriptions.status <> 'unsubscribed'`,
    [listId, leaving],
  );
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
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
      // Chunks go in order: a reader in two of them ends with the later row's values.
      await writing;
      writing = write(rows, rowLines, readSoFar);
      writing.catch(() => {}); // awaited by the next flush or the end; this only keeps it from counting as unhandled meanwhile
    };
    const write = async (rows: Map<string, SubscriberInput>, rowLines: Map<string, number>, readSoFar: number) => {
      const erased = await erasedAmong(tx, [...rows.keys()]);
      for (const email of erased) report.rejected.push({ line: rowLines.get(email)!, reason: 'this address was erased at its owner’s request and is not imported again' });
      const kept = [...rows.values()].filter((r) => !erased.has(r.emailNormalized));
      const { inserted, updated } = await writeChunk(tx, list.id, kept);
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
      for (const record of records) {
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
