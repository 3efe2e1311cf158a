import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Resend API, reached through the real `resend` SDK via
 * its base URL. It behaves like the service where Broadsheet depends on it:
 * POST /emails/batch with strict or permissive validation, Idempotency-Key with
 * Resend's semantics (replay within the window, 409 for a different body or a
 * request still in flight), 429 with retry-after from a per-second limit, and
 * injected faults: 5xx, connections dropped before or after acceptance.
 */

export type Fault = 'none' | 'server-error' | 'unavailable' | 'rate-limit' | 'drop-before-accept' | 'drop-after-accept';

export interface AcceptedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  idempotencyKey: string | null;
}

export interface FakeResendOptions {
  apiKey?: string;
  /** Requests per second before 429s (per server, like Resend's per-team limit). Unlimited when undefined. */
  rps?: number;
  /** Decides a fault for each request; default none. */
  faults?: (request: number) => Fault;
  /** Addresses the provider refuses (a validation error for that message only). */
  rejects?: (address: string) => string | null;
  /** Artificial processing time per request, ms. */
  latencyMs?: number;
}

interface KeyEntry {
  bodyHash: string;
  state: 'in-flight' | 'done';
  status?: number;
  response?: string;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const TAG = /^[A-Za-z0-9_-]{1,256}$/;

/** Deterministic PRNG so a faulty run can be replayed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Faults at `rate`, spread over `kinds`, from a seed. */
export function randomFaults(rate: number, kinds: Fault[], seed = 42): (n: number) => Fault {
  const random = seededRandom(seed);
  return () => (random() < rate ? kinds[Math.floor(random() * kinds.length)]! : 'none');
}

function addressOf(value: string): string {
  const m = /<([^>]+)>\s*$/.exec(value);
  return (m ? m[1]! : value).trim();
}

export class FakeResend {
  readonly accepted: AcceptedEmail[] = [];
  readonly stats = { requests: 0, byStatus: new Map<number | 'dropped', number>(), faults: new Map<Fault, number>() };
  private readonly keys = new Map<string, KeyEntry>();
  private windowStart = 0;
  private windowCount = 0;
  private server?: Server;
  url = '';

  constructor(private readonly options: FakeResendOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Accepted emails per recipient address. */
  countByRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const e of this.accepted) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    return counts;
  }

  private count(status: number | 'dropped') {
    this.stats.byStatus.set(status, (this.stats.byStatus.get(status) ?? 0) + 1);
  }

  private reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    this.count(status);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, name: string, message: string, headers?: Record<string, string>) {
    this.reply(res, status, { statusCode: status, name, message }, headers);
  }

  private drop(res: ServerResponse) {
    this.count('dropped');
    res.socket?.destroy();
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const n = ++this.stats.requests;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');

    if (req.headers.authorization !== `Bearer ${this.options.apiKey ?? 're_test_key'}`) {
      return req.headers.authorization ? this.error(res, 403, 'invalid_api_key', 'API key is invalid') : this.error(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    }
    if (req.method !== 'POST' || req.url !== '/emails/batch') return this.error(res, 404, 'not_found', 'The requested endpoint does not exist.');

    if (this.options.rps !== undefined) {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (++this.windowCount > this.options.rps) {
        const retry = Math.max(1, Math.ceil((1000 - (now - this.windowStart)) / 1000));
        return this.error(res, 429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.', {
          'retry-after': String(retry),
          'ratelimit-limit': String(this.options.rps),
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(retry),
        });
      }
    }

    const fault = this.options.faults?.(n) ?? 'none';
    if (fault !== 'none') this.stats.faults.set(fault, (this.stats.faults.get(fault) ?? 0) + 1);
    if (fault === 'drop-before-accept') return this.drop(res);
    if (fault === 'server-error') return this.error(res, 500, 'internal_server_error', 'An unexpected error occurred.');
    if (fault === 'unavailable') {
      this.count(503);
      res.writeHead(503, { 'content-type': 'text/html' });
      return res.end('<html><body>503 Service Temporarily Unavailable</body></html>');
    }
    if (fault === 'rate-limit') return this.error(res, 429, 'rate_limit_exceeded', 'Too many requests.', { 'retry-after': '1' });

    const key = req.headers['idempotency-key'] as string | undefined;
    if (key !== undefined && (key.length < 1 || key.length > 256)) return this.error(res, 400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    const bodyHash = createHash('sha256').update(raw).digest('hex');
    if (key) {
      const entry = this.keys.get(key);
      if (entry?.state === 'in-flight') return this.error(res, 409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
      if (entry && entry.bodyHash !== bodyHash) return this.error(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
      if (entry) {
        if (fault === 'drop-after-accept') return this.drop(res);
        return this.reply(res, entry.status!, entry.response!);
      }
      this.keys.set(key, { bodyHash, state: 'in-flight' });
    }

    const { status, body } = this.process(raw, req.headers['x-batch-validation'] === 'permissive', key ?? null);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    // Resend does not store failed validation under the key: the caller may fix the request and retry.
    if (key) {
      if (status === 200) this.keys.set(key, { bodyHash, state: 'done', status, response: JSON.stringify(body) });
      else this.keys.delete(key);
    }
    if (fault === 'drop-after-accept' && status === 200) return this.drop(res);
    this.reply(res, status, body);
  }

  private process(raw: string, permissive: boolean, key: string | null): { status: number; body: unknown } {
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return { status: 400, body: { statusCode: 400, name: 'validation_error', message: 'Invalid JSON body.' } };
    }
    if (!Array.isArray(payload) || payload.length < 1 || payload.length > 100) {
      return { status: 422, body: { statusCode: 422, name: 'validation_error', message: 'The batch must be an array of 1 to 100 emails.' } };
    }
    const errors: { index: number; message: string }[] = [];
    const valid: AcceptedEmail[] = [];
    payload.forEach((item, index) => {
      const problem = this.validate(item);
      if (problem) errors.push({ index, message: problem });
      else {
        const e = item as Record<string, unknown>;
        valid.push({
          id: randomUUID(),
          from: e.from as string,
          to: (Array.isArray(e.to) ? e.to : [e.to]) as string[],
          subject: e.subject as string,
          html: e.html as string | undefined,
          text: e.text as string | undefined,
          headers: (e.headers ?? {}) as Record<string, string>,
          tags: (e.tags ?? []) as { name: string; value: string }[],
          idempotencyKey: key,
        });
      }
    });
    if (errors.length && !permissive) {
      const first = errors[0]!;
      return { status: 422, body: { statusCode: 422, name: 'validation_error', message: `emails[${first.index}]: ${first.message}` } };
    }
    this.accepted.push(...valid);
    return { status: 200, body: permissive ? { data: valid.map((v) => ({ id: v.id })), errors } : { data: valid.map((v) => ({ id: v.id })) } };
  }

  private validate(item: unknown): string | null {
    if (typeof item !== 'object' || item === null) return 'must be an object';
    const e = item as Record<string, unknown>;
    if (typeof e.from !== 'string' || !EMAIL.test(addressOf(e.from))) return 'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';
    const to = Array.isArray(e.to) ? e.to : [e.to];
    if (to.length < 1 || to.length > 50) return '`to` must have 1 to 50 recipients.';
    for (const address of to) {
      if (typeof address !== 'string' || !EMAIL.test(addressOf(address))) return `Invalid \`to\` field. ${JSON.stringify(address)} is not a valid email address.`;
      const rejected = this.options.rejects?.(address);
      if (rejected) return rejected;
    }
    if (typeof e.subject !== 'string' || !e.subject) return 'Missing `subject` field.';
    if (typeof e.html !== 'string' && typeof e.text !== 'string') return 'Missing `html` or `text` field.';
    if (e.attachments !== undefined) return 'Attachments are not supported in batch sending.';
    if (e.tags !== undefined) {
      if (!Array.isArray(e.tags)) return '`tags` must be an array.';
      for (const t of e.tags as { name?: unknown; value?: unknown }[]) {
        if (typeof t.name !== 'string' || !TAG.test(t.name) || typeof t.value !== 'string' || !TAG.test(t.value)) {
          return 'Tags should only contain ASCII letters, numbers, underscores, or dashes.';
        }
      }
    }
    if (e.headers !== undefined && (typeof e.headers !== 'object' || Object.values(e.headers as object).some((v) => typeof v !== 'string'))) {
      return '`headers` must be an object of strings.';
    }
    return null;
  }
}
