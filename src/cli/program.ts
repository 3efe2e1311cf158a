import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Container } from '../container.ts';
import type { CliIo } from './cli-io.ts';
import type { Cli } from './run-command.ts';

type Register = (program: Command, cli: Cli) => void;

/**
 * Every top-level command, what `broadsheet --help` says of it, and the module
 * that defines it. A run loads only the module of the command it names (or, for
 * the list of commands, none): the rest would cost the time and memory of every
 * service they import. A unit test holds these descriptions to the modules' own.
 */
export const COMMANDS: { name: string; description: string; load: () => Promise<Register> }[] = [
  { name: 'migrate', description: 'create or update the database tables (safe to run again)', load: async () => (await import('./commands/database.ts')).registerDatabaseCommands },
  { name: 'reconcile', description: 're-queue from the database whatever is unfinished (after losing Redis, or any time)', load: async () => (await import('./commands/database.ts')).registerDatabaseCommands },
  { name: 'lists', description: 'newsletters readers subscribe to', load: async () => (await import('./commands/lists.ts')).registerListCommands },
  { name: 'subscribers', description: 'readers', load: async () => (await import('./commands/subscribers.ts')).registerSubscriberCommands },
  { name: 'editions', description: 'issues of a list’s newsletter', load: async () => (await import('./commands/editions.ts')).registerEditionCommands },
  { name: 'tokens', description: 'API tokens for editors and admins', load: async () => (await import('./commands/tokens.ts')).registerTokenCommands },
  {
    name: 'webhooks',
    description: "signed webhooks to the newsroom's systems (subscriber.created, subscriber.confirmed, subscriber.updated, subscriber.unsubscribed, subscriber.suppressed, edition.scheduled, edition.sent)",
    load: async () => (await import('./commands/webhooks.ts')).registerWebhookCommands,
  },
  { name: 'sponsors', description: "sponsor blocks in a list's digest, booked by date", load: async () => (await import('./commands/sponsors.ts')).registerSponsorCommands },
  { name: 'schedules', description: "recurring digests: each list's edition built from its feed on chosen days", load: async () => (await import('./commands/schedules.ts')).registerScheduleCommands },
  { name: 'worker', description: 'run the queue workers until SIGTERM or SIGINT, then finish in-flight work and exit', load: async () => (await import('./commands/processes.ts')).registerProcessCommands },
  { name: 'serve', description: 'run the HTTP server: the desk, the API, reader pages and Resend webhooks', load: async () => (await import('./commands/processes.ts')).registerProcessCommands },
  { name: 'start', description: 'run the HTTP server and the queue workers in one process', load: async () => (await import('./commands/processes.ts')).registerProcessCommands },
  { name: 'demo', description: 'send the seed digest to generated readers through the queue, on embedded defaults', load: async () => (await import('./commands/processes.ts')).registerProcessCommands },
];

/** The top-level command a command line names (`help lists` names lists), if any. */
function commandNamed(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

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

/**
 * The `broadsheet` command tree, writing to `io`. Built afresh per run: commander keeps state.
 * The command `argv` names is defined in full; the others only by name and description, for the help.
 * `all` defines every one in full.
 */
export async function buildProgram(io: CliIo, argv: readonly string[] | 'all'): Promise<{ program: Command; cli: Cli }> {
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
      const { withContainer, withFlagNames } = await import('./run-command.ts');
      try {
        return await withContainer(io, { verbose: verbose(), logs: opts.logs }, fn);
      } catch (err) {
        throw withFlagNames(err, opts.flags);
      }
    },
  };
  const wanted = argv === 'all' ? COMMANDS : COMMANDS.filter((c) => c.name === commandNamed(argv));
  for (const register of new Set(await Promise.all(wanted.map((c) => c.load())))) register(program, cli);
  for (const c of COMMANDS) if (!program.commands.some((defined) => defined.name() === c.name)) program.command(c.name).description(c.description);
  // Help lists them in this order whichever was defined first (commander keeps them in an array of its own).
  (program.commands as Command[]).sort((a, b) => COMMANDS.findIndex((c) => c.name === a.name()) - COMMANDS.findIndex((c) => c.name === b.name()));
  configure(program, io);
  return { program, cli };
}

/**
 * Runs one command line (without `node` and the script) and returns its exit code:
 * 0, or 1 with one line on stderr (a stack trace too with --verbose).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { program, cli } = await buildProgram(io, argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return cli.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end the same way as a usage error does in commander: by throwing. Only the latter fails.
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 1;
    }
    const { describeFailure } = await import('./run-command.ts');
    io.err(`broadsheet: ${describeFailure(err)}\n`);
    if (cli.verbose() && (err as Error)?.stack) io.err(`${(err as Error).stack}\n`);
    return 1;
  }
}
