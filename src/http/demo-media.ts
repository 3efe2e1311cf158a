import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { DEMO_PICTURES } from '../../emails/_fixtures/seed-digest.ts';

const IMAGES_DIR = new URL('../../emails/_fixtures/images/', import.meta.url);

/**
 * The demo's pictures at `/media/demo/<file>`, so a demo edition shows pictures
 * with no network. Only the known files, read when the server is built.
 */
export function mountDemoMedia(app: Hono): void {
  const files = new Map(Object.values(DEMO_PICTURES).map(({ file }) => [file, readFileSync(new URL(file, IMAGES_DIR))]));
  app.get('/media/demo/:file', (ctx) => {
    const body = files.get(ctx.req.param('file'));
    if (!body) return ctx.notFound();
    return ctx.body(new Uint8Array(body), 200, { 'content-type': 'image/jpeg', 'cache-control': 'public, max-age=86400' });
  });
}

/** The demo's pictures written into `html` as data: URLs, for a preview file opened from disk with no server running. */
export function inlineDemoPictures(html: string, publicUrl: string): string {
  const base = `${publicUrl.replace(/\/$/, '')}/media/demo/`;
  let out = html;
  for (const { file } of Object.values(DEMO_PICTURES)) {
    out = out.split(`${base}${file}`).join(`data:image/jpeg;base64,${readFileSync(new URL(file, IMAGES_DIR)).toString('base64')}`);
  }
  return out;
}
