import { TransportError, type BatchReceipt, type EmailTransport, type MessageOutcome, type OutgoingEmail } from './email-transport.ts';
import { messagePacer } from './message-pacer.ts';
import { parseMailbox, toMime } from './mime.ts';

/** One message as a transport without idempotency keys hands it over: our own MIME, its envelope sender, its Message-ID. */
export interface RawMessage {
  sender: string;
  raw: string;
  /** `<key@sender's domain>`: the same on every resend of this message. */
  messageId: string;
}

export interface OneByOne {
  /** Messages per second; undefined: as fast as the provider answers. */
  rate?: number;
  /** Hands one message over; throws what the provider said. */
  send(email: OutgoingEmail, message: RawMessage): Promise<MessageOutcome>;
  /** A thrown failure: this message refused (the rest go on), or the whole call's TransportError. */
  classify(err: unknown): { rejected: string } | TransportError;
}

/**
 * `sendBatch` for a transport without idempotency keys (SMTP, SES): one message
 * after another, paced at the rate, each under a Message-ID made from the key
 * (with its position when there are several), so a resent message is
 * recognisably the same one.
 */
export function sendEach({ rate, send, classify }: OneByOne): EmailTransport['sendBatch'] {
  const pace = messagePacer(rate);
  return async (emails, { idempotencyKey }): Promise<BatchReceipt> => {
    if (emails.length === 0 || emails.length > 100) throw new TransportError('invalid_request', `a batch holds 1..100 emails, got ${emails.length}`);
    const id = idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '-');
    const outcomes: MessageOutcome[] = [];
    for (const [i, email] of emails.entries()) {
      const key = emails.length === 1 ? id : `${id}.${i}`;
      const sender = parseMailbox(email.from).address;
      const domain = sender.split('@')[1] ?? 'broadsheet.localhost';
      await pace();
      try {
        outcomes.push(await send(email, { sender, raw: toMime(email, key, new Date(), domain), messageId: `<${key}@${domain}>` }));
      } catch (err) {
        const verdict = classify(err);
        if (verdict instanceof TransportError) throw verdict;
        outcomes.push({ ok: false, reason: verdict.rejected });
      }
    }
    return { outcomes };
  };
}
