import { loadConfig, ConfigError } from '../config.ts';
import { createContainer, type Container } from '../container.ts';
import { ContentError } from '../content/digest-content.ts';
import { FeedError } from '../content/feed-error.ts';
import { DatabaseUnavailableError } from '../db/database-unavailable.ts';
import { DatabaseLockedError } from '../db/database-locked.ts';
import { UserError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import type { CliIo } from './cli-io.ts';

/** A command's input fields as its flags: `{ endsOn: '--to' }`, so an error names what the user typed. */
export type FlagNames = Record<string, string>;

/** What a command's action gets: its output, and a container to work with. */
export interface Cli {
  io: CliIo;
  verbose(): boolean;
  /**
   * Runs `fn` with a container built from the environment, always closed. An
   * error comes out with the command's fields named as its flags.
   */
  run<T>(fn: (c: Container) => Promise<T>, opts?: { logs?: boolean; flags?: FlagNames }): Promise<T>;
  /** A command that worked but has bad news (a refused scheduled run) exits 1 without an error line. */
  exitCode: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Field names in a message → the flags the user typed. A field is replaced where
 * it names a problem (`endsOn: …`) or, for camelCase names that cannot be
 * ordinary words, anywhere (`… before startsOn`). Pure.
 */
export function nameFlags(message: string, flags: FlagNames): string {
  let out = message;
  for (const [field, flag] of Object.entries(flags)) {
    const anywhere = /[A-Z.]/.test(field);
    out = out.replace(new RegExp(`(?<![\\w.-])${escape(field)}${anywhere ? '(?![\\w])' : '(?=:)'}`, 'g'), flag);
  }
  return out;
}

/** Errors whose message is written for the user: printed as they are, without "error:". */
const isKnown = (err: unknown) =>
  err instanceof UserError || err instanceof ConfigError || err instanceof ContentError || err instanceof FeedError || err instanceof DatabaseLockedError || err instanceof DatabaseUnavailableError;

/** Any failure as one line for stderr: the user's mistakes as they are, the database's words made plain. Pure. */
export function describeFailure(err: unknown): string {
  const e = err as Error & { code?: unknown };
  const message = (e?.message ?? String(err)).split('\n')[0]!;
  if (isKnown(err)) return message;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === '42P01') return `the database has no Broadsheet tables yet: run "broadsheet migrate" first (${message})`;
  if (code === 'ECONNREFUSED') return `cannot connect: ${message} (check DATABASE_URL / REDIS_URL)`;
  // PostgreSQL's data exceptions: a value we should have refused before it got there. Say so plainly.
  if (/^22[0-9A-Z]{3}$/.test(code)) return `a value was refused as out of range or malformed (${message})`;
  if (code === '23505') return `that already exists (${message})`;
  return `error: ${message}`;
}

/** The CLI's composition root: config from the environment, one container, always closed. */
export async function withContainer<T>(io: CliIo, opts: { verbose?: boolean; logs?: boolean }, fn: (c: Container) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const container = await createContainer(config, { logger: createLogger({ quiet: !opts.verbose && !opts.logs, write: (line) => io.err(line + '\n') }) });
  try {
    return await fn(container);
  } finally {
    await container.close().catch(() => {});
  }
}

/** `err` with the command's fields named as flags, when it is a message for the user. */
export function withFlagNames(err: unknown, flags: FlagNames | undefined): unknown {
  if (!flags || !(err instanceof UserError)) return err;
  const renamed = nameFlags(err.message, flags);
  return renamed === err.message ? err : new UserError(err.code, renamed);
}
