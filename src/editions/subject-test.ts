import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';

/**
 * A subject test: `share` % of an edition's readers are split evenly between
 * subject A and subject B; after `decide_at` the subject with the higher unique
 * click rate (ties: A) goes to everyone else. Pure parts here; the decision reads
 * the database once and is written once.
 */

/** Fewer readers per subject than this and a difference in clicks means nothing. */
export const MIN_READERS_PER_SUBJECT = 100;
export const DEFAULT_TEST_SHARE = 20;
export const DEFAULT_DECIDE_AFTER_MS = 2 * 3600_000;
export const MAX_DECIDE_AFTER_MS = 72 * 3600_000;
export const MIN_DECIDE_AFTER_MS = 60_000;

export type AbGroup = 'a' | 'b' | 'rest';

/** A reader's group, fixed by the edition and the reader: the same on every page and every re-run of prepare. */
export function abGroup(editionId: string, subscriberId: number, share: number): AbGroup {
  const x = createHash('sha256').update(`${editionId}:${subscriberId}`).digest().readUInt32BE(0) % 10_000;
  const cut = share * 100;
  return x < cut / 2 ? 'a' : x < cut ? 'b' : 'rest';
}

/** The variant key of subject B's copy of a variant. */
export const withSubjectB = (key: string) => `${key}~b`;

/** The readers a test needs: enough in each half of its share. */
export const minimumReaders = (share: number) => Math.ceil((MIN_READERS_PER_SUBJECT * 2 * 100) / share);

export interface SubjectResult {
  subject: string;
  sent: number;
  uniqueClickers: number;
  rate: number;
}

/** The winner and why, from both halves' figures. Pure. */
export function decide(a: SubjectResult, b: SubjectResult): { winner: 'a' | 'b'; reason: string } {
  const pct = (r: SubjectResult) => `${r.uniqueClickers} of ${r.sent} readers clicked (${(r.rate * 100).toFixed(1)} %)`;
  if (b.rate > a.rate) return { winner: 'b', reason: `B won: ${pct(b)} against A's ${pct(a)}` };
  if (b.rate === a.rate) return { winner: 'a', reason: `a tie (${pct(a)} each way): A, as ties go` };
  return { winner: 'a', reason: `A won: ${pct(a)} against B's ${pct(b)}` };
}

/** Both halves' figures so far: sent, and readers who clicked a story (scanners and the footer's links left out). */
export async function subjectResults(db: Queryable, editionId: string): Promise<{ a: SubjectResult; b: SubjectResult } | null> {
  const [e] = await db.query<{ subject: string; subjectB: string | null }>(`select subject, subject_b as "subjectB" from editions where id = $1`, [editionId]);
  if (!e?.subjectB) return null;
  const rows = await db.query<{ grp: 'a' | 'b'; sent: number; clickers: number }>(
    `select d.ab_group as grp, count(*) filter (where d.status = 'submitted')::int as sent,
            count(*) filter (where exists (select 1 from clicks c where c.edition_id = d.edition_id and c.subscriber_id = d.subscriber_id and not c.scanner and c.position <> 'footer'))::int as clickers
       from deliveries d where d.edition_id = $1 and d.ab_group in ('a', 'b') group by d.ab_group`,
    [editionId],
  );
  const of = (grp: 'a' | 'b', subject: string): SubjectResult => {
    const r = rows.find((x) => x.grp === grp);
    const sent = r?.sent ?? 0;
    const uniqueClickers = r?.clickers ?? 0;
    return { subject, sent, uniqueClickers, rate: sent ? uniqueClickers / sent : 0 };
  };
  return { a: of('a', e.subject), b: of('b', e.subjectB) };
}

/**
 * Decides an edition's subject test once its time has come: the first caller
 * writes the winner, every later one reads it. Returns the winner, or null when
 * it is not time yet (or there is no test).
 */
export async function decideSubjectTest(db: Queryable, editionId: string): Promise<'a' | 'b' | null> {
  const [e] = await db.query<{ winner: 'a' | 'b' | null; due: boolean; testing: boolean }>(
    `select winner, decide_at <= now() as due, subject_b is not null as testing from editions where id = $1`,
    [editionId],
  );
  if (!e?.testing) return null;
  if (e.winner) return e.winner;
  if (!e.due) return null;
  const results = (await subjectResults(db, editionId))!;
  const { winner, reason } = decide(results.a, results.b);
  await db.query(`update editions set winner = $2, decision = $3 where id = $1 and winner is null`, [editionId, winner, reason]);
  const [after] = await db.query<{ winner: 'a' | 'b' }>(`select winner from editions where id = $1`, [editionId]);
  return after!.winner;
}

/** A test's wait as people write it: `2h`, `90m`, `3600s`. */
export function testDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)\s*$/i.exec(text);
  if (!m) throw new UserError('invalid_input', `decide-after: ${JSON.stringify(text.slice(0, 20))} is not a duration such as 2h, 90m or 3600s`);
  return Math.round(Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2]!.toLowerCase() as 's' | 'm' | 'h']);
}
