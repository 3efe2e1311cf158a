import { TransportError, type BatchReceipt, type MessageOutcome, type OutgoingEmail } from './email-transport.ts';

/**
 * A batch for a transport without idempotency keys: one message after another,
 * each under a Message-ID made from the key (with its position when there are
 * several), so a resent message is recognisably the same one.
 */
export async function sendEach(
  emails: readonly OutgoingEmail[],
  idempotencyKey: string,
  sendOne: (email: OutgoingEmail, messageId: string) => Promise<MessageOutcome>,
): Promise<BatchReceipt> {
  if (emails.length === 0 || emails.length > 100) throw new TransportError('invalid_request', `a batch holds 1..100 emails, got ${emails.length}`);
  const id = idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '-');
  const outcomes: MessageOutcome[] = [];
  for (const [i, email] of emails.entries()) outcomes.push(await sendOne(email, emails.length === 1 ? id : `${id}.${i}`));
  return { outcomes };
}
