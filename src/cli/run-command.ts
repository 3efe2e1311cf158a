import { loadConfig, ConfigError } from '../config.ts';
import { createContainer, type Container } from '../container.ts';
import { ContentError } from '../content/digest-content.ts';
import { FeedError } from '../content/feed.ts';
import { DatabaseLockedError } from '../db/pglite-database.ts';
import { UserError } from '../errors.ts';
import { createLogger } from '../logger.ts';

export interface GlobalOptions {
  verbose?: boolean;
  /** Long-running processes log as they work; stack traces still need --verbose. */
  logs?: boolean;
}

/** Turns any failure into one clear line (a stack trace only with --verbose) and a non-zero exit. */
export function reportError(err: unknown, verbose: boolean): never {
  const e = err as Error & { code?: string };
  let message = e?.message ?? String(err);
  if (e?.code === '42P01') message = `the database has no Broadsheet tables yet: run "broadsheet migrate" first (${message})`;
  if (e?.code === 'ECONNREFUSED' && !(err instanceof UserError)) message = `cannot connect: ${message} (check DATABASE_URL / REDIS_URL)`;
  const known = err instanceof UserError || err instanceof ConfigError || err instanceof ContentError || err instanceof FeedError || err instanceof DatabaseLockedError;
  process.stderr.write(`broadsheet: ${known ? '' : 'error: '}${message.split('\n')[0]}\n`);
  if (verbose && e?.stack) process.stderr.write(e.stack + '\n');
  process.exit(1);
}

/** The CLI's composition root: config from the environment, one container, always closed. */
export async function withContainer<T>(opts: GlobalOptions, fn: (c: Container) => Promise<T>): Promise<T> {
  let container: Container | undefined;
  try {
    const config = loadConfig(process.env);
    container = await createContainer(config, { logger: createLogger({ quiet: !opts.verbose && !opts.logs }) });
    const result = await fn(container);
    await container.close();
    return result;
  } catch (err) {
    await container?.close().catch(() => {});
    return reportError(err, Boolean(opts.verbose));
  }
}
