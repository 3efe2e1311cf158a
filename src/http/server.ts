import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Container } from '../container.ts';
import { createApp } from './app.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server on `port` (0 picks a free one); resolves once it listens. */
export function startServer(c: Container, port: number, hostname = '0.0.0.0'): Promise<RunningServer> {
  const app = createApp(c);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
