import type { Database, Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { emailProblem, identitySpellings, normalizeEmail } from './email-address.ts';
import { suppress } from './suppressions.ts';
import { redactErasedEvents } from '../webhooks/outgoing-events.ts';

/** Which of these (normalized) addresses were erased at their owner's request, matched by the fingerprint suppression uses, in any spelling: never stored again. */
export async function erasedAmong(db: Queryable, addresses: readonly string[]): Promise<Set<string>> {
  // Most newsrooms have erased nobody (or nobody yet): then there is nothing to fingerprint a million addresses against.
  const [any] = await db.query<{ erased: boolean }>(`select exists (select 1 from suppressions where email_normalized is null) as erased`);
  if (!any!.erased) return new Set();
  const spellings = addresses.flatMap((email) => identitySpellings(email).map((spelling) => ({ email, spelling })));
  const found = await db.query<{ email: string }>(
    `select distinct u.email from unnest($1::text[], $2::text[]) as u(email, spelling)
      where exists (select 1 from suppressions x where x.email_hash = bs_email_hash(u.spelling) and x.email_normalized is null)`,
    [spellings.map((s) => s.email), spellings.map((s) => s.spelling)],
  );
  return new Set(found.map((f) => f.email));
}

/**
 * Erases a reader at their request: their address, name, time zone and attributes
 * are removed, their subscriptions end, and only a fingerprint of the address stays
 * in the suppression list, so a later import cannot bring them back. Delivery
 * history keeps an anonymous row so edition counts stay true.
 *
 * An address no reader has is most likely mistyped: nothing is written unless
 * `evenIfUnknown`, since a fingerprint can never be taken back.
 */
export async function eraseSubscriber(db: Database, email: string, opts: { evenIfUnknown?: boolean } = {}): Promise<{ erased: boolean; suppressed: boolean }> {
  const problem = emailProblem(email.trim());
  if (problem) throw new UserError('invalid_input', `email ${problem}`);
  const normalized = normalizeEmail(email);
  return db.transaction(async (tx) => {
    const [reader] = await tx.query(`select 1 from subscribers where email_normalized = $1 for update`, [normalized]);
    if (!reader && !opts.evenIfUnknown) return { erased: false, suppressed: false };
    await suppress(tx, [normalized], 'erased at the reader’s request', false);
    const rows = await tx.query(
      `update subscribers set email = 'erased', email_normalized = 'erased:' || id, name = null, timezone = null, attributes = '{}'::jsonb, updated_at = now()
        where email_normalized = $1 returning id`,
      [normalized],
    );
    // Webhook events already sent carry the address: redacted now. Those still to go (the erasure's own: receivers
    // need the address to erase it too) are redacted as their deliveries end.
    await redactErasedEvents(tx);
    return { erased: rows.length > 0, suppressed: true };
  });
}
