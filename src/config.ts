import { z } from 'zod';
import type { LinkTagSettings } from './content/link-tags.ts';
import type { WebhookSettings } from './webhooks/webhook-dispatch.ts';

/** Raised when the environment cannot make a valid configuration; names the variable. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s === '' ? undefined : s));

/** A number from an env string: `z.coerce` types its input as unknown, which cannot follow a string pipe. */
const numeric = (check: (n: number) => boolean, message: string) =>
  z
    .string()
    .optional()
    .refine((s) => s === undefined || (s.trim() !== '' && check(Number(s))), message)
    .transform((s) => (s === undefined ? undefined : Number(s)));

const HOST_PORTS = /^[\w.-]+:\d{1,5}(\s*,\s*[\w.-]+:\d{1,5})*$/;

const EnvSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional()),
  REDIS_CLUSTER_NODES: optionalString.pipe(z.string().regex(HOST_PORTS, 'must be host:port pairs separated by commas, e.g. redis-1:6379,redis-2:6379').optional()),
  REDIS_SENTINELS: optionalString.pipe(z.string().regex(HOST_PORTS, 'must be host:port pairs separated by commas, e.g. sentinel-1:26379,sentinel-2:26379').optional()),
  REDIS_SENTINEL_NAME: optionalString,
  REDIS_PASSWORD: optionalString,
  EMAIL_TRANSPORT: optionalString.pipe(z.enum(['resend', 'smtp', 'ses', 'outbox'], 'must be resend, smtp, ses or outbox').optional()),
  RESEND_API_KEY: optionalString,
  SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\/[^/?#]+(:\d+)?\/?$/, 'must be smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS); no path').optional()),
  SMTP_POOL: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 50, 'must be a whole number of connections 1..50')),
  SMTP_CA_FILE: optionalString,
  SMTP_RATE: optionalString.pipe(numeric((n) => n > 0 && n <= 10_000, 'must be a positive number of messages per second')),
  SES_REGION: optionalString.pipe(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region, e.g. eu-west-1').optional()),
  AWS_REGION: optionalString,
  SES_RATE: optionalString.pipe(numeric((n) => n > 0 && n <= 10_000, "must be a positive number of messages per second (the account's maximum send rate)")),
  SES_ENDPOINT: optionalString.pipe(z.url('must be an http(s) URL').optional()),
  SES_CONFIGURATION_SET: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  RESEND_BASE_URL: optionalString.pipe(z.url('must be an http(s) URL').optional()),
  EMAIL_FROM: optionalString,
  PUBLIC_URL: optionalString.pipe(z.url('must be an absolute http(s) URL').optional()),
  BROADSHEET_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  RESEND_RPS: optionalString.pipe(numeric((n) => n > 0 && n <= 10_000, 'must be a positive number of requests per second')),
  PUBLISHER_NAME: optionalString,
  PUBLISHER_ADDRESS: optionalString,
  BROADSHEET_DATA_DIR: optionalString,
  OUTBOX_DIR: optionalString,
  QUEUE_PREFIX: optionalString,
  WORKER_CONCURRENCY: optionalString.pipe(numeric((n) => Number.isInteger(n) && n > 0 && n <= 1000, 'must be a whole number 1..1000')),
  WORKER_MEMORY_MB: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 128 && n <= 65_536, 'must be whole megabytes, 128 or more (e.g. 256)')),
  BATCH_SIZE: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 100, 'must be a whole number 1..100 (Resend takes at most 100 per batch)')),
  JOB_LOCK_MS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1000 && n <= 600_000, 'must be whole milliseconds 1000..600000')),
  ERROR_BUDGET: optionalString.pipe(numeric((n) => n > 0 && n <= 1, 'must be a fraction of deliveries, more than 0 and at most 1 (e.g. 0.1)')),
  BROADSHEET_SECRET_PREVIOUS: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  RESEND_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must be the whsec_… signing secret Resend shows for the webhook').optional()),
  PORT: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a port number 0..65535')),
  FEED_HOSTS: optionalString.pipe(z.string().regex(/^\.?[a-z0-9.-]+(,\s*\.?[a-z0-9.-]+)*$/i, 'must be host names separated by commas, e.g. news.example.com,.cdn.example.com').optional()),
  TRUSTED_PROXY_HOPS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 0 && n <= 10, 'must be the number of proxies of yours in front of the server, 0..10')),
  UTM: optionalString.pipe(z.enum(['on', 'off'], 'must be on or off').optional()),
  UTM_SOURCE: optionalString.pipe(z.string().regex(/^[\w.-]{1,60}$/, 'must be letters, digits, dot, dash or underscore (at most 60)').optional()),
  UTM_MEDIUM: optionalString.pipe(z.string().regex(/^[\w.-]{1,60}$/, 'must be letters, digits, dot, dash or underscore (at most 60)').optional()),
  IDEMPOTENCY_WINDOW_HOURS: optionalString.pipe(numeric((n) => n > 0 && n <= 24, 'must be more than 0 and at most 24 (Resend keeps keys 24 h)')),
  SOFT_BOUNCE_LIMIT: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 0 && n <= 100, 'must be a whole number of soft bounces 0..100 (0: never suppress for them)')),
  SOFT_BOUNCE_DAYS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 365, 'must be a whole number of days 1..365')),
  SUNSET_DAYS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 0 && n <= 3650, 'must be a whole number of days 0..3650 (0: no sunset)')),
  DELIVERY_RETENTION_DAYS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 30 && n <= 36_500, 'must be a whole number of days 30..36500')),
  SWEEP_EVERY_SECONDS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 86_400, 'must be a whole number of seconds 1..86400')),
  WEBHOOK_ATTEMPTS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 30, 'must be a whole number of tries 1..30')),
  WEBHOOK_BACKOFF_MS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 10 && n <= 3600_000, 'must be whole milliseconds 10..3600000')),
  WEBHOOK_DISABLE_AFTER: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 100_000, 'must be a whole number of failed attempts in a row, 1..100000')),
  SUNSET_GRACE_DAYS: optionalString.pipe(numeric((n) => Number.isInteger(n) && n >= 1 && n <= 365, 'must be a whole number of days 1..365')),
});

export interface Config {
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** Where the queues live: one server (REDIS_URL), a Redis Cluster, or a Sentinel-watched master. */
  redis: RedisTopology;
  transport:
    | { kind: 'resend'; apiKey: string; baseUrl?: string }
    | { kind: 'outbox'; dir: string }
    | { kind: 'smtp'; url: string; pool: number; rate?: number; caFile?: string }
    | { kind: 'ses'; region: string; rate: number; endpoint?: string; configurationSet?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  emailFrom: string;
  publicUrl: string;
  /** HMAC key for links; undefined means "use the development key kept in the data dir". */
  secret?: string;
  /** The key before the last rotation: links signed with it still work. */
  previousSecret?: string;
  /** Verifies Resend's webhook signatures; without it the webhook endpoint refuses everything. */
  webhookSecret?: string;
  port: number;
  resendRps: number;
  publisher: { name: string; postalAddress: string };
  dataDir: string;
  queuePrefix: string;
  workerConcurrency: number;
  /** Bytes of email a worker's batches may hold at once: a quarter of WORKER_MEMORY_MB, the rest is code, buffers and the collector's slack. */
  inFlightBytes: number;
  /** Recipients per provider call; Resend's maximum is 100. */
  batchSize: number;
  /** How long a worker's claim on a job lasts without renewal: a killed worker's batch is picked up again after this. */
  jobLockMs: number;
  /** Fraction of an edition's deliveries that may fail before it is paused for a person to look. */
  errorBudget: number;
  /** List health: suppress after `limit` soft bounces within `days`; ask readers who clicked nothing in `sunsetDays`, and let them go `graceDays` after. */
  health: { softBounceLimit: number; softBounceDays: number; sunsetDays: number; graceDays: number };
  /** Deliveries of editions finished longer ago are rolled up into per-edition totals and removed. */
  deliveryRetentionDays: number;
  /** How often the fleet sweeps (re-queues what the database says is unfinished): once per period, whichever worker takes it. */
  sweepEveryMs: number;
  /** Outgoing webhooks: tries per delivery, backoff base, failures in a row that disable an endpoint, answer timeout. */
  webhooks: WebhookSettings;
  /** Resend keeps idempotency keys 24 h; resubmitting a batch past this window could send twice. */
  idempotencyWindowMs: number;
  /** Hosts the server may fetch feeds from (editors name the URLs); null: any. */
  feedHosts: string[] | null;
  /** Proxies of ours in front of the server: rate limits read the client from X-Forwarded-For that deep. */
  trustedProxyHops: number;
  /** UTM tagging of article links (campaign = `<list>-<date>`); null when switched off. */
  linkTags: LinkTagSettings | null;
}

type Env = z.infer<typeof EnvSchema>;

export interface HostPort {
  host: string;
  port: number;
}

export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; password?: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; password?: string };

const hostPorts = (list: string): HostPort[] =>
  list.split(',').map((pair) => {
    const [host, port] = pair.trim().split(':');
    return { host: host!, port: Number(port) };
  });

/** One of REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (with REDIS_SENTINEL_NAME); never two. */
function redisTopology(e: Env): RedisTopology {
  const given = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((k) => e[k] !== undefined);
  if (given.length > 1) throw new ConfigError(`${given[1]}: set only one of ${given.join(' and ')}: they name different ways to reach Redis`);
  const password = e.REDIS_PASSWORD ? { password: e.REDIS_PASSWORD } : {};
  if (e.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: hostPorts(e.REDIS_CLUSTER_NODES), ...password };
  if (e.REDIS_SENTINELS) {
    if (!e.REDIS_SENTINEL_NAME) throw new ConfigError('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group the sentinels watch, e.g. mymaster)');
    return { kind: 'sentinel', sentinels: hostPorts(e.REDIS_SENTINELS), name: e.REDIS_SENTINEL_NAME, ...password };
  }
  return { kind: 'single', url: e.REDIS_URL ?? 'redis://127.0.0.1:6379' };
}

/** The transport EMAIL_TRANSPORT names, with the settings it needs (each missing one named). */
function chooseTransport(kind: Config['transport']['kind'], e: Env): Config['transport'] {
  switch (kind) {
    case 'resend':
      if (!e.RESEND_API_KEY) throw new ConfigError('RESEND_API_KEY: required when EMAIL_TRANSPORT is resend');
      return { kind, apiKey: e.RESEND_API_KEY, ...(e.RESEND_BASE_URL ? { baseUrl: e.RESEND_BASE_URL } : {}) };
    case 'smtp':
      if (!e.SMTP_URL) throw new ConfigError('SMTP_URL: required when EMAIL_TRANSPORT is smtp (e.g. smtp://user:pass@mail.example.com:587)');
      return { kind, url: e.SMTP_URL, pool: e.SMTP_POOL ?? 5, ...(e.SMTP_RATE ? { rate: e.SMTP_RATE } : {}), ...(e.SMTP_CA_FILE ? { caFile: e.SMTP_CA_FILE } : {}) };
    case 'ses': {
      const region = e.SES_REGION ?? e.AWS_REGION;
      if (!region) throw new ConfigError('SES_REGION: required when EMAIL_TRANSPORT is ses (or AWS_REGION), e.g. eu-west-1');
      return {
        kind,
        region,
        rate: e.SES_RATE ?? 14,
        ...(e.SES_ENDPOINT ? { endpoint: e.SES_ENDPOINT } : {}),
        ...(e.SES_CONFIGURATION_SET ? { configurationSet: e.SES_CONFIGURATION_SET } : {}),
        // Without keys in the environment the AWS SDK's own chain (profile, instance role) finds them.
        ...(e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY } } : {}),
      };
    }
    case 'outbox':
      return { kind, dir: e.OUTBOX_DIR ?? './outbox' };
  }
}

/** List health reads who was sent what within its windows: deliveries must outlive them. */
function retentionDays(e: Env): number {
  const days = e.DELIVERY_RETENTION_DAYS ?? 400;
  const needed = Math.max((e.SUNSET_DAYS ?? 90) + (e.SUNSET_GRACE_DAYS ?? 14), e.SOFT_BOUNCE_DAYS ?? 14) + 1;
  if (days < needed) throw new ConfigError(`DELIVERY_RETENTION_DAYS: must be at least ${needed} (SUNSET_DAYS + SUNSET_GRACE_DAYS + 1: list health looks back that far) (got ${days})`);
  return days;
}

const DEMO_PUBLISHER = { name: 'The Broadsheet Daily', postalAddress: 'Av. Reforma 123, Col. Juárez, 06600 Ciudad de México, Mexico' };

/** Parses the environment once, at process start. Pure: takes the env, returns a Config or throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`);
  }
  const e = parsed.data;
  const dataDir = e.BROADSHEET_DATA_DIR ?? './.broadsheet';
  const kind = e.EMAIL_TRANSPORT ?? (e.RESEND_API_KEY !== undefined ? 'resend' : 'outbox');
  const transport = chooseTransport(kind, e);
  const because = kind === 'resend' && !e.EMAIL_TRANSPORT ? 'RESEND_API_KEY is set' : `EMAIL_TRANSPORT is ${kind}`;

  // With a real provider, links and the legal footer must be real: refuse to guess them.
  if (kind !== 'outbox') {
    for (const name of ['EMAIL_FROM', 'PUBLIC_URL', 'BROADSHEET_SECRET', 'PUBLISHER_NAME', 'PUBLISHER_ADDRESS'] as const) {
      if (e[name] === undefined) throw new ConfigError(`${name}: required when ${because}`);
    }
    // Gmail and Yahoo honour one-click unsubscribe only over https.
    if (!e.PUBLIC_URL!.startsWith('https://')) throw new ConfigError(`PUBLIC_URL: must be https:// when ${because} (got ${JSON.stringify(e.PUBLIC_URL)})`);
  }
  // In development the links point at this machine's own server.
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT ?? 3000}`).replace(/\/+$/, '');

  return {
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: `${dataDir}/pglite` },
    redis: redisTopology(e),
    transport,
    emailFrom: e.EMAIL_FROM ?? 'The Broadsheet Daily <digest@broadsheet.localhost>',
    publicUrl,
    ...(e.BROADSHEET_SECRET ? { secret: e.BROADSHEET_SECRET } : {}),
    ...(e.BROADSHEET_SECRET_PREVIOUS ? { previousSecret: e.BROADSHEET_SECRET_PREVIOUS } : {}),
    ...(e.RESEND_WEBHOOK_SECRET ? { webhookSecret: e.RESEND_WEBHOOK_SECRET } : {}),
    port: e.PORT ?? 3000,
    resendRps: e.RESEND_RPS ?? 5,
    publisher: {
      name: e.PUBLISHER_NAME ?? DEMO_PUBLISHER.name,
      postalAddress: e.PUBLISHER_ADDRESS ?? DEMO_PUBLISHER.postalAddress,
    },
    dataDir,
    queuePrefix: e.QUEUE_PREFIX ?? '{broadsheet}',
    // Enough calls in flight to fill the rate limit at up to 500 ms per provider call (Little's law), and no more:
    // each in-flight batch holds a few MB of personalised HTML.
    workerConcurrency: e.WORKER_CONCURRENCY ?? Math.min(64, Math.max(4, Math.ceil((e.RESEND_RPS ?? 5) / 2))),
    inFlightBytes: Math.floor(((e.WORKER_MEMORY_MB ?? 256) * 1024 * 1024) / 4),
    batchSize: e.BATCH_SIZE ?? 100,
    jobLockMs: e.JOB_LOCK_MS ?? 30_000,
    errorBudget: e.ERROR_BUDGET ?? 0.1,
    health: { softBounceLimit: e.SOFT_BOUNCE_LIMIT ?? 3, softBounceDays: e.SOFT_BOUNCE_DAYS ?? 14, sunsetDays: e.SUNSET_DAYS ?? 90, graceDays: e.SUNSET_GRACE_DAYS ?? 14 },
    sweepEveryMs: (e.SWEEP_EVERY_SECONDS ?? 300) * 1000,
    deliveryRetentionDays: retentionDays(e),
    // 12 tries from 10 s doubling: the last about 5.7 hours after the first, as Standard Webhooks suggests.
    webhooks: { attempts: e.WEBHOOK_ATTEMPTS ?? 12, backoffMs: e.WEBHOOK_BACKOFF_MS ?? 10_000, disableAfter: e.WEBHOOK_DISABLE_AFTER ?? 50, timeoutMs: 10_000 },
    idempotencyWindowMs: (e.IDEMPOTENCY_WINDOW_HOURS ?? 23) * 3600_000,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS ?? 0,
    feedHosts: e.FEED_HOSTS ? e.FEED_HOSTS.split(',').map((h) => h.trim().toLowerCase()) : null,
    linkTags: e.UTM === 'off' ? null : { source: e.UTM_SOURCE ?? 'newsletter', medium: e.UTM_MEDIUM ?? 'email' },
  };
}
