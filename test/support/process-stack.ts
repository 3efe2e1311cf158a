import type { ChildProcess } from 'node:child_process';
import { loadConfig } from '../../src/config.ts';
import { createContainer, type Container } from '../../src/container.ts';
import { silentLogger } from '../../src/logger.ts';
import { runCli, spawnCli } from './cli.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { FakeResend, type FakeResendOptions } from './fake-resend-server.ts';
import { testQueuePrefix } from './redis-prefix.ts';
import { testEnv } from './test-stack.ts';

export interface WorkerProcess {
  child: ChildProcess;
  logs(): string;
  exited: Promise<number | null>;
}

/**
 * Broadsheet as it runs in production: `broadsheet worker` processes (and CLI
 * commands) on a real PostgreSQL schema and Redis prefix, sending through the
 * `resend` SDK to the fake server in this process. The test process holds its
 * own container for setup and assertions.
 */
export interface ProcessStack {
  env: Record<string, string>;
  container: Container;
  resend: FakeResend;
  database: TestDatabase;
  startWorker(): WorkerProcess;
  /** Any long-running command (`start`, `serve`), with extra environment. */
  startProcess(args: string[], env?: Record<string, string>): WorkerProcess;
  cli(args: string[]): ReturnType<typeof runCli>;
  dispose(): Promise<void>;
}

export async function createProcessStack(opts: { resend?: FakeResendOptions; env?: Record<string, string> } = {}): Promise<ProcessStack> {
  const database = await createTestDatabase('postgres');
  const resend = await new FakeResend(opts.resend).start();
  const queue = testQueuePrefix();
  const env: Record<string, string> = {
    ...testEnv(resend.url, queue.prefix),
    DATABASE_URL: database.url!,
    // A killed worker's job is picked up 2 s later instead of 30 s.
    JOB_LOCK_MS: '2000',
    ...opts.env,
  };
  const container = await createContainer(loadConfig(env), { db: database.db, logger: silentLogger });
  const workers: WorkerProcess[] = [];
  const startProcess = (args: string[], extra: Record<string, string> = {}): WorkerProcess => {
    const child = spawnCli(args, { ...env, ...extra });
    let logs = '';
    child.stderr!.on('data', (d) => (logs += d));
    child.stdout!.on('data', (d) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const w = { child, logs: () => logs, exited };
    workers.push(w);
    return w;
  };
  return {
    env,
    container,
    resend,
    database,
    startWorker: () => startProcess(['worker']),
    startProcess,
    cli: (args) => runCli(args, env),
    async dispose() {
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await container.close();
      await queue.cleanup();
      await resend.stop();
      await database.dispose();
    },
  };
}
