import { readdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { seedEditionContent, withDemoPictures } from '../../emails/_fixtures/seed-digest.ts';
import { inlineDemoPictures } from '../http/demo-media.ts';
import { LAYOUTS } from '../rendering/layouts.ts';
import { generateSubscriberCsv } from './demo-readers.ts';
import { startWorkers } from '../../worker/workers.ts';
import { ensureTransportCanSend } from '../../worker/main.ts';
import type { Container } from '../container.ts';
import { migrate } from '../db/migrate.ts';
import { createEdition, editionProgress, previewEdition, scheduleEdition } from '../editions/edition-service.ts';
import { isFinal } from '../editions/edition-status.ts';
import { createList, findList } from '../subscribers/lists.ts';
import { importSubscribers } from '../subscribers/subscriber-import.ts';
import type { CliIo } from './cli-io.ts';
import { progressBar } from './progress.ts';

const LIST = { slug: 'daily-digest', name: 'The Broadsheet Daily' };

/**
 * The README's main command: migrate, load the seed edition and generated readers,
 * send through the real queue with a progress bar, and say where to look.
 */
export async function runDemo(c: Container, io: CliIo, opts: { subscribers: number }): Promise<void> {
  const say = (line: string) => io.out(line + '\n');
  const started = performance.now();
  await ensureTransportCanSend(c);
  await migrate(c.db);
  if (!(await findList(c.db, LIST.slug))) await createList(c.db, LIST.slug, LIST.name);
  const imported = await importSubscribers(c.db, LIST.slug, generateSubscriberCsv(opts.subscribers));
  say(`database   ${c.db.kind === 'pglite' ? `embedded PGlite in ${resolve(c.config.dataDir)}` : 'PostgreSQL'}`);
  say(`readers    ${imported.imported} new, ${imported.updated} already there, on list "${LIST.slug}"`);

  const edition = await createEdition(c.db, { listSlug: LIST.slug, content: withDemoPictures(seedEditionContent, c.config.publicUrl) });
  say(`edition    ${edition.id}: "${edition.subject}"`);

  const workers = await startWorkers(c);
  try {
    await scheduleEdition(c.db, await c.queue(), edition.id, { check: c.presendCheck });
    const bar = progressBar(io, 'sending', opts.subscribers);
    for (;;) {
      const p = await editionProgress(c.db, edition.id);
      bar.setTotal(p.recipients || opts.subscribers);
      bar.update(p.sent + p.failed + p.skipped, p.status);
      if (isFinal(p.status) || p.status === 'paused') {
        bar.stop();
        say(`result     ${p.status}${p.reason ? ` (${p.reason})` : ''}: ${p.sent} submitted, ${p.failed} failed, ${p.skipped} skipped of ${p.recipients}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  } finally {
    await workers.close();
  }

  const previews: string[] = [];
  // The edition as each tier sees it, in each layout (the one sent is the list's, classic).
  for (const layout of LAYOUTS) {
    for (const tier of ['free', 'paid'] as const) {
      const file = resolve(c.config.dataDir, `preview-${layout}-${tier}.html`);
      // Pictures inlined: the file opens from disk with its pictures, no server running.
      await writeFile(file, inlineDemoPictures(await previewEdition(c.db, c.render, edition.id, tier, 'html', layout), c.config.publicUrl));
      previews.push(file);
    }
  }
  if (c.config.transport.kind === 'outbox') {
    const dir = resolve(c.config.transport.dir);
    const emls = (await readdir(dir)).filter((f) => f.endsWith('.eml')).length;
    say(`outbox     ${dir} (${emls} .eml files in all; index.jsonl lists them)`);
  } else {
    say(`provider   sent through ${c.transport.name}`);
  }
  say(`preview    ${previews.join('\n           ')}`);
  say(`time       ${((performance.now() - started) / 1000).toFixed(1)} s`);
  say('');
  say('see it     open a preview file above in a browser; an .eml file opens in any mail app.');
  if (c.config.transport.kind === 'outbox') {
    say('           Or read every message as its reader does (HTML, text and headers) in the desk\'s Outbox:');
    say('             ./bin/broadsheet.js tokens create --name "Your name" --scope editor   # prints a sign-in token once');
    say(`             ./bin/broadsheet.js start                                           # then open ${c.config.publicUrl}/desk/outbox`);
  }
}
