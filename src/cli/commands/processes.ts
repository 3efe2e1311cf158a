import type { Command } from 'commander';
import { runServerProcess, runWorkerProcess } from '../../../worker/main.ts';
import { port, wholeNumber } from '../cli-arguments.ts';
import { runDemo } from '../demo.ts';
import type { Cli } from '../run-command.ts';

export function registerProcessCommands(program: Command, cli: Cli): void {
  program
    .command('worker')
    .description('run the queue workers until SIGTERM or SIGINT, then finish in-flight work and exit')
    .action(() => cli.run(runWorkerProcess, { logs: true }));
  program
    .command('serve')
    .description('run the HTTP server: the desk, the API, reader pages and Resend webhooks')
    .option('--port <n>', 'port to listen on (default: PORT, else 3000)', port)
    .action((o) => cli.run((c) => runServerProcess(c, { port: o.port ?? c.config.port, withWorkers: false }), { logs: true }));
  program
    .command('start')
    .description('run the HTTP server and the queue workers in one process')
    .option('--port <n>', 'port to listen on (default: PORT, else 3000)', port)
    .action((o) => cli.run((c) => runServerProcess(c, { port: o.port ?? c.config.port, withWorkers: true }), { logs: true }));
  program
    .command('demo')
    .description('send the seed digest to generated readers through the queue, on embedded defaults')
    .option('--subscribers <n>', 'how many generated readers', wholeNumber(1, 1_000_000), 300)
    .action((o) => cli.run((c) => runDemo(c, cli.io, { subscribers: o.subscribers })));
}
