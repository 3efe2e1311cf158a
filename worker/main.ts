import { ConfigError } from '../src/config.ts';
import type { Container } from '../src/container.ts';
import { startWorkers } from './workers.ts';

/**
 * The worker process: reconcile, work until SIGTERM or SIGINT, then stop claiming,
 * let in-flight batches finish and return (the caller closes the container).
 * `broadsheet worker` runs it inside the CLI's composition root.
 */
export async function runWorkerProcess(c: Container): Promise<void> {
  await ensureTransportCanSend(c);
  const workers = await startWorkers(c);
  c.logger.info('worker.started', { transport: c.transport.name, database: c.db.kind, rps: c.config.resendRps, concurrency: c.config.workerConcurrency });
  const signal = await untilSignal();
  c.logger.info('worker.stopping', { signal });
  await workers.close();
  c.logger.info('worker.stopped');
}

/**
 * The HTTP server alone (`broadsheet serve`), or with the workers in the same
 * process (`broadsheet start`, the one process an embedded database allows).
 */
export async function runServerProcess(c: Container, opts: { port: number; withWorkers: boolean }): Promise<void> {
  if (opts.withWorkers) await ensureTransportCanSend(c);
  const workers = opts.withWorkers ? await startWorkers(c) : undefined;
  // The HTTP stack (Hono, the desk, the API) loads here: a worker process never needs it.
  const { startServer } = await import('../src/http/server.ts');
  const server = await startServer(c, opts.port);
  c.logger.info('server.started', { url: server.url, publicUrl: c.config.publicUrl, workers: Boolean(workers) });
  process.stdout.write(`listening on ${server.url} (links in emails use ${c.config.publicUrl})\n`);
  const signal = await untilSignal();
  c.logger.info('server.stopping', { signal });
  await server.close();
  await workers?.close();
  c.logger.info('server.stopped');
}

/** A process that sends mail refuses to start, in one line, if its transport cannot (e.g. OUTBOX_DIR is not writable). */
export async function ensureTransportCanSend(c: Container): Promise<void> {
  const problem = await c.transport.problem?.();
  if (problem) throw new ConfigError(problem);
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}
