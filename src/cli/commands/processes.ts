import type { Command } from 'commander';
import { port, wholeNumber } from '../cli-arguments.ts';
import type { Cli } from '../run-command.ts';

// The server, the workers and the demo load only when one of these runs: other commands start without them.
const processes = () => import('../../../worker/main.ts');

export function registerProcessCommands(program: Command, cli: Cli): void {
  program
    .command('worker')
    .description('run the queue workers until SIGTERM or SIGINT, then finish in-flight work and exit')
    .action(() => cli.run(async (c) => (await processes()).runWorkerProcess(c), { logs: true }));
  program
    .command('serve')
    .description('run the HTTP server: the desk, the API, reader pages and Resend webhooks')
    .option('--port <n>', 'port to listen on (default: PORT, else 3000)', port)
    .action((o) => cli.run(async (c) => (await processes()).runServerProcess(c, { port: o.port ?? c.config.port, withWorkers: false }), { logs: true }));
  program
    .command('start')
    .description('run the HTTP server and the queue workers in one process')
    .option('--port <n>', 'port to listen on (default: PORT, else 3000)', port)
    .action((o) => cli.run(async (c) => (await processes()).runServerProcess(c, { port: o.port ?? c.config.port, withWorkers: true }), { logs: true }));
  program
    .command('demo')
    .description('send the seed digest to generated readers through the queue, on embedded defaults')
    .option('--subscribers <n>', 'how many generated readers', wholeNumber(1, 1_000_000), 300)
    .action((o) => cli.run(async (c) => (await import('../demo.ts')).runDemo(c, cli.io, { subscribers: o.subscribers })));
}
