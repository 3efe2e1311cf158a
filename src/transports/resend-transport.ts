import { Resend } from 'resend';
import { jsonInner, personalisedJsonBytes, writePersonalisedJson } from '../rendering/personalisation.ts';
import { TransportError, type BatchReceipt, type EmailTransport, type MessageOutcome, type OutgoingEmail, type SendOptions } from './email-transport.ts';

interface ResendError {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

/** Retry-After is seconds (or an HTTP date); a missing or silly value falls back to one second. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number {
  if (!value) return 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(Math.ceil(seconds * 1000), 3600_000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.min(date - now, 3600_000)) : 1000;
}

/** Maps a Resend error response onto the pipeline's failure codes. */
export function classifyResendError(error: ResendError, headers: Record<string, string> | null): TransportError {
  const name = error.name ?? 'unknown_error';
  const status = error.statusCode ?? null;
  const message = `resend ${status ?? 'network'} ${name}: ${error.message ?? ''}`.trim();
  if (name === 'daily_quota_exceeded' || name === 'monthly_quota_exceeded') {
    return new TransportError('quota_exceeded', message, parseRetryAfter(headers?.['retry-after']), status);
  }
  if (status === 429 || name === 'rate_limit_exceeded') {
    return new TransportError('rate_limited', message, parseRetryAfter(headers?.['retry-after']), status);
  }
  if (name === 'concurrent_idempotent_requests') return new TransportError('in_flight', message, 1000, status);
  if (name === 'invalid_idempotent_request') return new TransportError('idempotency_conflict', message, undefined, status);
  if (status === 401 || status === 403 || ['missing_api_key', 'invalid_api_key', 'restricted_api_key', 'invalid_from_address'].includes(name)) {
    return new TransportError('unauthorized', message, undefined, status);
  }
  // The SDK reports a network failure or a dropped connection as statusCode null.
  if (status === null || status >= 500) return new TransportError('unavailable', message, undefined, status);
  return new TransportError('invalid_request', message, undefined, status);
}

const HTML = Buffer.from(',"html":"');
const TEXT = Buffer.from('","text":"');
const END = Buffer.from('"}');
const [OPEN, COMMA, CLOSE] = [0x5b, 0x2c, 0x5d]; // [ , ]

/** Bytes per piece of a streamed body: enough to keep writes few, small enough to die young. */
const PIECE = 64 * 1024;

/** An email's object up to its bodies, with the SDK's field names (`reply_to`), without the closing brace. */
const headOf = (e: OutgoingEmail): string =>
  JSON.stringify({ from: e.from, to: [e.to], subject: e.subject, headers: e.headers, tags: e.tags, ...(e.replyTo ? { reply_to: e.replyTo } : {}) }).slice(0, -1);

function bodyBytes(e: OutgoingEmail, part: 'html' | 'text'): number {
  const json = e.json;
  return json ? personalisedJsonBytes(json[part], json.values, part) : Buffer.byteLength(jsonInner(e[part]));
}

function writeBody(e: OutgoingEmail, part: 'html' | 'text', into: Buffer, at: number): number {
  const json = e.json;
  return json ? writePersonalisedJson(json[part], json.values, part, into, at) : at + into.write(jsonInner(e[part]), at);
}

/**
 * The JSON array Resend's batch endpoint takes, as its length (for Content-Length)
 * and a stream that writes it in pieces of about 64 KB as the socket takes them.
 * Each reader's bodies are written from the variant's pre-encoded parts (`json`), so a
 * 3 MB batch is neither stringified, scanned for lone surrogates by fetch, nor UTF-8
 * encoded again: the profile showed those three at a third of a worker's CPU. And
 * nothing of it outlives its piece: a joined body (copied again by fetch) and each
 * reader's parts, held until the answer, outlived the young generation, and between
 * full collections they were most of a worker's peak memory.
 */
export function batchBody(emails: readonly OutgoingEmail[]): { bytes: number; stream: ReadableStream<Uint8Array> } {
  const heads = emails.map(headOf);
  const sizes = emails.map((e, i) => (i ? 1 : 0) + Buffer.byteLength(heads[i]!) + HTML.length + bodyBytes(e, 'html') + TEXT.length + bodyBytes(e, 'text') + END.length);
  let next = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const first = next === 0;
      let size = first ? 1 : 0;
      const from = next;
      while (next < emails.length && size < PIECE) size += sizes[next++]!;
      const last = next === emails.length;
      const piece = Buffer.allocUnsafe(size + (last ? 1 : 0));
      let at = 0;
      if (first) piece[at++] = OPEN;
      for (let i = from; i < next; i++) {
        const e = emails[i]!;
        if (i) piece[at++] = COMMA;
        at += piece.write(heads[i]!, at);
        at = writeBody(e, 'html', piece, at + HTML.copy(piece, at));
        at = writeBody(e, 'text', piece, at + TEXT.copy(piece, at));
        at += END.copy(piece, at);
      }
      if (last) piece[at++] = CLOSE;
      if (at !== piece.length) return controller.error(new Error(`batch body piece wrote ${at} of ${piece.length} bytes`));
      controller.enqueue(piece);
      if (last) controller.close();
    },
  });
  return { bytes: 2 + sizes.reduce((n, s) => n + s, 0), stream };
}

/** Resend through its official SDK: its batch call, permissive validation, idempotency key per batch. */
export function createResendTransport({ apiKey, baseUrl }: { apiKey: string; baseUrl?: string }): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    deduplicates: true,
    streamsBodies: true,
    async sendBatch(emails: readonly OutgoingEmail[], { idempotencyKey }: SendOptions): Promise<BatchReceipt> {
      // The SDK's own request (headers, base URL, error answers), with the body already encoded: its `post` lets the
      // options' body stand in for the stringified entity. Streamed with its length declared, so the request is the
      // one a joined body makes (Content-Length, no chunked encoding). The fake-server tests check the bytes that arrive.
      const body = batchBody(emails);
      const options = {
        idempotencyKey,
        headers: { 'x-batch-validation': 'permissive', 'content-length': String(body.bytes) },
        body: body.stream,
        duplex: 'half',
        // Resend's API answers and never redirects. Allowed to follow one, fetch keeps a copy of the stream to replay
        // (a tee whose unread half holds every piece until the response), and the pieces outlive the young generation.
        redirect: 'error',
        window: null,
      };
      const result = await resend.post<{ data: { id: string }[]; errors?: { index: number; message: string }[] }>('/emails/batch', [], options as Parameters<Resend['post']>[2]);
      if (result.error) throw classifyResendError(result.error as ResendError, result.headers);
      const accepted = result.data?.data ?? [];
      const rejected = new Map((result.data?.errors ?? []).map((e) => [e.index, e.message]));
      // Resend lists accepted ids in order, skipping rejected positions.
      let next = 0;
      const outcomes = emails.map((_, index): MessageOutcome => {
        const reason = rejected.get(index);
        if (reason !== undefined) return { ok: false, reason };
        const id = accepted[next++]?.id;
        return id ? { ok: true, providerId: id } : { ok: false, reason: 'provider returned no id for this message' };
      });
      return { outcomes };
    },
  };
}
