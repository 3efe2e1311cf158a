import type { Container } from '../src/container.ts';
import { startWorkers } from './workers.ts';

/**
 * The worker process: reconcile, work until SIGTERM or SIGINT, then stop claiming,
 * let in-flight batches finish and return (the caller closes the container).
 * `broadsheet worker` runs it inside the CLI's composition root.
 */
export async function runWorkerProcess(c: Container): Promise<void> {
  const workers = await startWorkers(c);
  c.logger.info('worker.started', { transport: c.transport.name, database: c.db.kind, rps: c.config.resendRps, concurrency: c.config.workerConcurrency });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  c.logger.info('worker.stopping', { signal });
  await workers.close();
  c.logger.info('worker.stopped');
}
