import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type Config } from './config.ts';
import type { Database } from './db/database.ts';
import { createEditionRenderer, type EditionRenderer } from './editions/edition-renderer.ts';
import { presendReviewer, type PresendCheck, type PresendReviewer } from './editions/presend-review.ts';
import type { Hono } from 'hono';
import type { WorkQueue } from './jobs/work-queue.ts';
import { createLogger, type Logger } from './logger.ts';
import type { RedisClient } from './redis-connection.ts';
import { ReaderLinks } from './rendering/reader-links.ts';
import { DeskSessions } from './security/desk-session.ts';
import type { FetchedFeed, ReadFeedOptions } from './content/read-feed.ts';
import { listSponsorsOf } from './sponsors/sponsor-store.ts';
import type { EmailTransport } from './transports/email-transport.ts';

/** Everything one process needs, built once from config. Redis is connected on first use only. */
export interface Container {
  config: Config;
  logger: Logger;
  db: Database;
  links: ReaderLinks;
  sessions: DeskSessions;
  render: EditionRenderer;
  /** The pre-send checklist, bound to this process's renderer, postal address and server. */
  presendReview: PresendReviewer;
  /** Its failures alone: what stops a send. */
  presendCheck: PresendCheck;
  transport: EmailTransport;
  redis(): Promise<RedisClient>;
  queue(): Promise<WorkQueue>;
  /** Retry tuning for send jobs; tests shorten it. */
  retry: { attempts: number; backoffMs: number };
  /** Fetches a feed within the configured FEED_HOSTS. */
  readFeed(where: string, opts?: Omit<ReadFeedOptions, 'allowedHosts'>): Promise<FetchedFeed>;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  db?: Database;
  transport?: EmailTransport;
  logger?: Logger;
  retry?: { attempts: number; backoffMs: number };
}

/** Without BROADSHEET_SECRET (local development only) a random key is kept in the data dir, so links survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/**
 * The adapter EMAIL_TRANSPORT names. Like the database driver, the queue and the feed reader, each loads when a
 * process first needs it: a CLI command that reads one table should not pay for all of them (the AWS SDK alone is ~100 ms).
 */
export async function transportFor(settings: Config['transport']): Promise<EmailTransport> {
  switch (settings.kind) {
    case 'resend':
      return (await import('./transports/resend-transport.ts')).createResendTransport(settings);
    case 'smtp':
      return (await import('./transports/smtp-transport.ts')).createSmtpTransport({
        ...settings,
        ...(settings.caFile ? { ca: await readFile(settings.caFile, 'utf8').catch((err: NodeJS.ErrnoException) => { throw new ConfigError(`SMTP_CA_FILE: cannot read ${settings.caFile} (${err.code ?? err.message})`); }) } : {}),
      });
    case 'ses':
      return (await import('./transports/ses-transport.ts')).createSesTransport(settings);
    case 'outbox':
      return (await import('./transports/outbox-transport.ts')).createOutboxTransport({ dir: settings.dir });
  }
}

export async function openDatabase(config: Config): Promise<Database> {
  return config.database.kind === 'postgres'
    ? (await import('./db/postgres-database.ts')).createPostgresDatabase({ url: config.database.url })
    : (await import('./db/pglite-database.ts')).createPgliteDatabase(config.database.dataDir);
}

export async function createContainer(config: Config, overrides: ContainerOverrides = {}): Promise<Container> {
  const logger = overrides.logger ?? createLogger();
  const db = overrides.db ?? (await openDatabase(config));
  const secret = config.secret ?? developmentSecret(config.dataDir);
  const links = new ReaderLinks(config.publicUrl, secret, config.previousSecret);
  const transport = overrides.transport ?? (await transportFor(config.transport));
  const retry = overrides.retry ?? { attempts: 10, backoffMs: 1000 };

  // One line per distinct Redis error every 10 s: a failover makes every queue of every process report the same thing.
  const reported = new Map<string, number>();
  const redisTrouble = (err: Error) => {
    const last = reported.get(err.message) ?? 0;
    if (Date.now() - last < 10_000) return;
    reported.set(err.message, Date.now());
    if (reported.size > 100) reported.clear();
    logger.warn('redis.error', { error: err.message });
  };
  let redis: Promise<RedisClient> | undefined;
  let queue: Promise<WorkQueue> | undefined;
  const getRedis = () => (redis ??= import('./redis-connection.ts').then((m) => m.connectRedis(config.redis)));
  const getQueue = () =>
    (queue ??= getRedis().then((connection) =>
      import('./jobs/bullmq-work-queue.ts').then(({ createBullmqWorkQueue }) => createBullmqWorkQueue({ connection, prefix: config.queuePrefix, attempts: retry.attempts, backoffMs: retry.backoffMs, webhooks: config.webhooks, onError: redisTrouble })),
    ));

  const render = createEditionRenderer({ publisher: config.publisher, links, linkTags: config.linkTags, sponsorsOf: (listId) => listSponsorsOf(db, listId) });
  // Links into PUBLIC_URL are checked against this process's own routes, built on first use (imported late: the app needs the container).
  let app: Promise<Hono> | undefined;
  const statusOf = async (path: string) => {
    app ??= import('./http/app.ts').then((m) => m.createApp(container));
    return (await (await app).request(path)).status;
  };
  const presendReview = presendReviewer({ render, postalAddress: config.publisher.postalAddress, db, links, publicUrl: config.publicUrl, statusOf });
  const container: Container = {
    config,
    logger,
    db,
    links,
    sessions: new DeskSessions(secret),
    render,
    presendReview,
    presendCheck: async (edition) => (await presendReview(edition)).problems,
    transport,
    retry,
    readFeed: async (where, opts = {}) => (await import('./content/read-feed.ts')).readFeed(where, { ...opts, allowedHosts: config.feedHosts }),
    redis: getRedis,
    queue: getQueue,
    async close() {
      if (queue) await (await queue.catch(() => null))?.close();
      if (redis) await (await redis.catch(() => null))?.quit().catch(() => {});
      await transport.close?.();
      if (!overrides.db) await db.close();
    },
  };
  return container;
}
