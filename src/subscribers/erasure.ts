import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { normalizeEmail } from './email-address.ts';
import { suppress } from './suppressions.ts';

/**
 * Erases a reader at their request: their address, name, time zone and attributes
 * are removed, their subscriptions end, and only a fingerprint of the address stays
 * in the suppression list, so a later import cannot bring them back. Delivery
 * history keeps an anonymous row so edition counts stay true.
 */
export async function eraseSubscriber(db: Database, email: string): Promise<{ erased: boolean }> {
  const normalized = normalizeEmail(email);
  if (!normalized) throw new UserError('invalid_input', 'an address is needed');
  return db.transaction(async (tx) => {
    await suppress(tx, [normalized], 'erased at the reader’s request', false);
    const rows = await tx.query(
      `update subscribers set email = 'erased', email_normalized = 'erased:' || id, name = null, timezone = null, attributes = '{}'::jsonb, updated_at = now()
        where email_normalized = $1 returning id`,
      [normalized],
    );
    return { erased: rows.length > 0 };
  });
}
