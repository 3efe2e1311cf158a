import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Container } from '../container.ts';
import type { CliIo } from './cli-io.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerEditionCommands } from './commands/editions.ts';
import { registerListCommands } from './commands/lists.ts';
import { registerProcessCommands } from './commands/processes.ts';
import { registerScheduleCommands } from './commands/schedules.ts';
import { registerSponsorCommands } from './commands/sponsors.ts';
import { registerSubscriberCommands } from './commands/subscribers.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerWebhookCommands } from './commands/webhooks.ts';
import { describeFailure, withContainer, withFlagNames, type Cli } from './run-command.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Commander's usage error as one line, with where to read more: `unknown option '--att' (did you mean --at?); see "broadsheet editions send --help"`. */
export function usageLine(message: string, command: string): string {
  const text = message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^\((.*)\)$/, '($1)').replace(/^\(Did you mean/, '(did you mean'))
    .join(' ');
  return `${text}; see "${command} --help"`;
}

const fullName = (cmd: Command): string => (cmd.parent ? `${fullName(cmd.parent)} ${cmd.name()}` : cmd.name());

/** Every command writes through `io`, and a usage error is one line instead of the whole usage. */
function configure(cmd: Command, io: CliIo): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => io.out(s),
    writeErr: (s) => io.err(s),
    outputError: (s, write) => write(`broadsheet: ${usageLine(s, fullName(cmd))}\n`),
  });
  for (const sub of cmd.commands) configure(sub, io);
}

/** The `broadsheet` command tree, writing to `io`. Built afresh per run: commander keeps state. */
export function buildProgram(io: CliIo): { program: Command; cli: Cli } {
  const program = new Command('broadsheet')
    .description('The daily digest, from articles to every reader exactly once.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--verbose', 'log progress and print stack traces on errors');
  const verbose = () => Boolean(program.opts<{ verbose?: boolean }>().verbose);
  const cli: Cli = {
    io,
    verbose,
    exitCode: 0,
    async run<T>(fn: (c: Container) => Promise<T>, opts: { logs?: boolean; flags?: Record<string, string> } = {}) {
      try {
        return await withContainer(io, { verbose: verbose(), logs: opts.logs }, fn);
      } catch (err) {
        throw withFlagNames(err, opts.flags);
      }
    },
  };
  registerDatabaseCommands(program, cli);
  registerListCommands(program, cli);
  registerSubscriberCommands(program, cli);
  registerEditionCommands(program, cli);
  registerTokenCommands(program, cli);
  registerWebhookCommands(program, cli);
  registerSponsorCommands(program, cli);
  registerScheduleCommands(program, cli);
  registerProcessCommands(program, cli);
  configure(program, io);
  return { program, cli };
}

/**
 * Runs one command line (without `node` and the script) and returns its exit code:
 * 0, or 1 with one line on stderr (a stack trace too with --verbose).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { program, cli } = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return cli.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end the same way as a usage error does in commander: by throwing. Only the latter fails.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 1;
    }
    io.err(`broadsheet: ${describeFailure(err)}\n`);
    if (cli.verbose() && (err as Error)?.stack) io.err(`${(err as Error).stack}\n`);
    return 1;
  }
}
