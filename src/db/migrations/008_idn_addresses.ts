import type { Queryable } from '../database.ts';
import { normalizeEmail } from '../../subscribers/email-address.ts';

/**
 * Addresses with a Unicode domain were identified by it; they are now identified
 * by the domain's A-label, so `user@bücher.example` and `user@xn--bcher-kva.example`
 * are one reader. Rewrites the identity of readers and suppressions stored the old
 * way. A reader whose new identity another reader already has is left as it was
 * (merging two readers' histories is an operator's decision); erasures keep only a
 * fingerprint, which cannot be recomputed: identitySpellings checks both spellings instead.
 */
export async function up(tx: Queryable): Promise<void> {
  const readers = await tx.query<{ id: number; email: string }>(`select id, email from subscribers where email_normalized ~ '[^\\x01-\\x7f]'`);
  for (const r of readers) {
    await tx.query(
      `update subscribers set email_normalized = $2 where id = $1 and not exists (select 1 from subscribers where email_normalized = $2)`,
      [r.id, normalizeEmail(r.email)],
    );
  }
  const suppressed = await tx.query<{ email: string }>(`select email_normalized as email from suppressions where email_normalized ~ '[^\\x01-\\x7f]'`);
  for (const s of suppressed) {
    const now = normalizeEmail(s.email);
    await tx.query(
      `update suppressions set email_normalized = $2, email_hash = bs_email_hash($2)
        where email_normalized = $1 and not exists (select 1 from suppressions where email_hash = bs_email_hash($2))`,
      [s.email, now],
    );
  }
}
