import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Queue } from 'bullmq';
import { Hono } from 'hono';
import type { Container } from '../../container.ts';
import { QUEUES } from '../../jobs/queues.ts';

/**
 * Bull Board over every Broadsheet queue, served at `basePath`. Built on first use
 * (it needs Redis); the caller puts it behind the admin login. Its UI is the
 * package's own prebuilt files: nothing is fetched at run time.
 */
export async function buildQueueBoard(c: Container, basePath: string): Promise<Hono> {
  const connection = await c.redis();
  const queues = Object.values(QUEUES).map((name) => new BullMQAdapter(new Queue(name, { connection, prefix: c.config.queuePrefix })));
  const ui = join(dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json')), 'dist');
  // The adapter gives serveStatic a root relative to the working directory; pin it to the package's files wherever we run from.
  const pinned = ((opts: Parameters<typeof serveStatic>[0]) => serveStatic({ ...opts, root: join(ui, 'static') })) as typeof serveStatic;
  const adapter = new HonoAdapter(pinned).setBasePath(basePath);
  createBullBoard({ queues, serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Broadsheet queues' } } });
  adapter.setStaticPath('/static', join(ui, 'static')).setViewsPath(ui);
  return new Hono().route(basePath, adapter.registerPlugin());
}
