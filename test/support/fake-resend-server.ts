import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RecipientTally } from './recipient-tally.ts';

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
  /** As the API receives it (`reply_to`, the SDK's `replyTo`). */
  replyTo?: string | string[];
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
  /** Decides a fault for each request (by its number and its raw body); default none. */
  faults?: (request: number, body: string) => Fault;
  /** Addresses the provider refuses (a validation error for that message only). */
  rejects?: (address: string) => string | null;
  /** Artificial processing time per request, ms. */
  latencyMs?: number;
  /** Keep only a count per recipient, not the emails: for benchmarks of a million emails. */
  lean?: boolean;
}

interface KeyEntry {
  bodyHash: string;
  state: 'in-flight' | 'done';
  status?: number;
  /** The answer to replay; a lean fake answers again from the same body instead (its ids come from the body). */
  response?: string;
}

/** Makes the id of the `i`th accepted email of a request. */
type IdOf = (i: number) => string;

/** A lean fake's ids, the same for the same body: a replay is answered again rather than stored (10,000 answers at a million readers). */
const leanIdOf =
  (bodyHash: string): IdOf =>
  (i) =>
    `${bodyHash.slice(0, 8)}-${bodyHash.slice(8, 12)}-4${bodyHash.slice(13, 16)}-a${bodyHash.slice(17, 20)}-${i.toString(16).padStart(12, '0')}`;

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
  readonly stats = { requests: 0, byStatus: new Map<number | 'dropped', number>(), faults: new Map<Fault, number>(), firstAt: 0, lastAt: 0 };
  private readonly keys = new Map<string, KeyEntry>();
  private tokens = 0;
  private refilledAt = 0;
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

  /** Accepted emails per recipient address (not kept in lean mode: see `summary`). */
  countByRecipient(): Map<string, number> {
    if (this.options.lean) throw new Error('a lean fake keeps a tally, not the addresses: read summary()');
    const counts = new Map<string, number>();
    for (const e of this.accepted) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    return counts;
  }

  private readonly tally = new RecipientTally();
  private acceptedCount = 0;

  /** A token bucket holding one second's worth of requests, refilled continuously. */
  private takeToken(): boolean {
    const rps = this.options.rps!;
    const now = performance.now();
    if (!this.refilledAt) this.tokens = rps;
    else this.tokens = Math.min(rps, this.tokens + ((now - this.refilledAt) / 1000) * rps);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
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

  /** Forgets what was received: counts, accepted emails and statuses. */
  reset() {
    this.accepted.length = 0;
    this.tally.clear();
    this.acceptedCount = 0;
    this.stats.requests = 0;
    this.stats.byStatus.clear();
    this.stats.firstAt = this.stats.lastAt = 0;
  }

  /** What a benchmark in another process needs to know. */
  summary() {
    let recipients = this.tally.size;
    let duplicates = this.tally.duplicates;
    if (!this.options.lean) {
      const counts = this.countByRecipient();
      recipients = counts.size;
      duplicates = [...counts.values()].reduce((d, n) => d + n - 1, 0);
    }
    return {
      requests: this.stats.requests,
      byStatus: Object.fromEntries(this.stats.byStatus),
      /** From the first request's arrival to the last's: the window the provider's rate limit sees. */
      spanMs: this.stats.lastAt - this.stats.firstAt,
      firstAt: this.stats.firstAt,
      accepted: this.acceptedCount,
      recipients,
      duplicates,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'GET' && req.url === '/__stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(this.summary()));
    }
    if (req.method === 'POST' && req.url === '/__reset') {
      // A benchmark's next send counts afresh (its idempotency keys are new anyway).
      this.reset();
      res.writeHead(204);
      return res.end();
    }
    const n = ++this.stats.requests;
    this.stats.lastAt = Date.now();
    this.stats.firstAt ||= this.stats.lastAt;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    // Lean (benchmark) mode keeps only recipients, which are ASCII: latin1 decoding spares this
    // process the UTF-8 slow path, so the machine's CPU goes to Broadsheet, not to its test double.
    const raw = bytes.toString(this.options.lean ? 'latin1' : 'utf8');

    if (req.headers.authorization !== `Bearer ${this.options.apiKey ?? 're_test_key'}`) {
      return req.headers.authorization ? this.error(res, 403, 'invalid_api_key', 'API key is invalid') : this.error(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    }
    const single = req.method === 'POST' && req.url === '/emails';
    if (!single && (req.method !== 'POST' || req.url !== '/emails/batch')) return this.error(res, 404, 'not_found', 'The requested endpoint does not exist.');

    if (this.options.rps !== undefined && !this.takeToken()) {
      // Resend answers in whole seconds.
      return this.error(res, 429, 'rate_limit_exceeded', `Too many requests. You can only make ${this.options.rps} requests per second.`, {
        'retry-after': '1',
        'ratelimit-limit': String(this.options.rps),
        'ratelimit-remaining': '0',
        'ratelimit-reset': '1',
      });
    }

    const fault = this.options.faults?.(n, raw) ?? 'none';
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
    const bodyHash = createHash('sha256').update(bytes).digest('hex');
    const idOf = this.options.lean ? leanIdOf(bodyHash) : () => randomUUID();
    const answer = (record: boolean) =>
      single ? this.processOne(raw, key ?? null, idOf, record) : this.process(raw, req.headers['x-batch-validation'] === 'permissive', key ?? null, idOf, record);
    if (key) {
      const entry = this.keys.get(key);
      if (entry?.state === 'in-flight') return this.error(res, 409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
      if (entry && entry.bodyHash !== bodyHash) return this.error(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
      if (entry) {
        if (fault === 'drop-after-accept') return this.drop(res);
        return this.reply(res, entry.status!, entry.response ?? answer(false).body);
      }
      this.keys.set(key, { bodyHash, state: 'in-flight' });
    }

    const { status, body } = answer(true);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    // Resend does not store failed validation under the key: the caller may fix the request and retry.
    if (key) {
      if (status === 200) this.keys.set(key, { bodyHash, state: 'done', status, ...(this.options.lean ? {} : { response: JSON.stringify(body) }) });
      else this.keys.delete(key);
    }
    if (fault === 'drop-after-accept' && status === 200) return this.drop(res);
    this.reply(res, status, body);
  }

  private processOne(raw: string, key: string | null, idOf: IdOf, record: boolean): { status: number; body: unknown } {
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return { status: 400, body: { statusCode: 400, name: 'validation_error', message: 'Invalid JSON body.' } };
    }
    const problem = this.validate(payload);
    if (problem) return { status: 422, body: { statusCode: 422, name: 'validation_error', message: problem } };
    const [email] = this.store([payload as Record<string, unknown>], key, idOf, record);
    return { status: 200, body: { id: email!.id } };
  }

  private store(items: Record<string, unknown>[], key: string | null, idOf: IdOf, record: boolean): AcceptedEmail[] {
    const emails = items.map((e, i) => ({
      id: idOf(i),
      from: e.from as string,
      ...(e.reply_to ? { replyTo: e.reply_to as string | string[] } : {}),
      to: (Array.isArray(e.to) ? e.to : [e.to]) as string[],
      subject: e.subject as string,
      html: e.html as string | undefined,
      text: e.text as string | undefined,
      headers: (e.headers ?? {}) as Record<string, string>,
      tags: (e.tags ?? []) as { name: string; value: string }[],
      idempotencyKey: key,
    }));
    if (!record) return emails;
    this.acceptedCount += emails.length;
    if (!this.options.lean) this.accepted.push(...emails);
    else for (const e of emails) for (const to of e.to) this.tally.add(to);
    return emails;
  }

  private process(raw: string, permissive: boolean, key: string | null, idOf: IdOf, record: boolean): { status: number; body: unknown } {
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
    const items: Record<string, unknown>[] = [];
    payload.forEach((item, index) => {
      const problem = this.validate(item);
      if (problem) errors.push({ index, message: problem });
      else items.push(item as Record<string, unknown>);
    });
    if (errors.length && !permissive) {
      const first = errors[0]!;
      return { status: 422, body: { statusCode: 422, name: 'validation_error', message: `emails[${first.index}]: ${first.message}` } };
    }
    const valid = this.store(items, key, idOf, record);
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
