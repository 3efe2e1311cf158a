import type { Queryable } from '../db/database.ts';
import { normalizeEmail } from './email-address.ts';
import { publishSubscriberEvent, suppressionKind } from '../webhooks/outgoing-events.ts';

/**
 * Adds addresses to the suppression list (matched by fingerprint) and ends their
 * subscriptions. `keepAddress` false stores the fingerprint only: for erasures.
 */
export async function suppress(db: Queryable, emails: readonly string[], reason: string, keepAddress = true): Promise<void> {
  const normalized = emails.map(normalizeEmail);
  await db.query(
    `insert into suppressions (email_normalized, email_hash, reason)
     select case when $3 then e end, bs_email_hash(e), $2 from unnest($1::text[]) as e
     on conflict (email_hash) do nothing`,
    [normalized, reason, keepAddress],
  );
  // Told before the subscriptions end (and, for an erasure, before the address is wiped): receivers need the address.
  const readers = await db.query<{ id: number }>(`select id from subscribers where email_normalized = any($1::text[])`, [normalized]);
  await publishSubscriberEvent(db, 'subscriber.suppressed', readers.map((r) => r.id), { reason, kind: suppressionKind(reason) });
  await db.query(
    `update subscriptions sub set status = 'unsubscribed', unsubscribed_at = now(), updated_at = now()
       from subscribers s where s.id = sub.subscriber_id and s.email_normalized = any($1::text[])
        and sub.status <> 'unsubscribed'`,
    [normalized],
  );
}
