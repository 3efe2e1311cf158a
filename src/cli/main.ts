import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MAX_TEASERS, parseDigestContentJson } from '../content/digest-content.ts';
import { DEFAULT_RULE, parseDuration } from '../content/digest-selection.ts';
import { migrate } from '../db/migrate.ts';
import { reconcile } from '../delivery/reconcile.ts';
import { retryFailed } from '../delivery/retry-failed.ts';
import { listParked, settleParked } from '../delivery/settle-parked.ts';
import {
  cancelEdition,
  createEdition,
  editionProgress,
  editionStats,
  formatEta,
  getEdition,
  pauseEdition,
  previewEdition,
  resumeEdition,
  scheduleEdition,
  unscheduleEdition,
} from '../editions/edition-service.ts';
import { draftFromFeed, type FeedDraftReport } from '../editions/feed-draft.ts';
import { testSend } from '../editions/test-send.ts';
import { UserError } from '../errors.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../security/api-tokens.ts';
import { createList, getList, listLists, updateList } from '../subscribers/lists.ts';
import { LAYOUTS } from '../rendering/layouts.ts';
import { addSponsor, listSponsors, removeSponsor } from '../sponsors/sponsor-store.ts';
import { runSchedule } from '../scheduling/scheduled-run.ts';
import { getSchedule, listSchedules, removeSchedule, setSchedule, type Schedule } from '../scheduling/schedules.ts';
import { eraseSubscriber } from '../subscribers/erasure.ts';
import { exportSubscribers } from '../subscribers/subscriber-export.ts';
import { importSubscribers } from '../subscribers/subscriber-import.ts';
import { runServerProcess, runWorkerProcess } from '../../worker/main.ts';
import { runDemo } from './demo.ts';
import { emit } from './output.ts';
import { progressBar } from './progress.ts';
import { reportError, withContainer } from './run-command.ts';

const program = new Command('broadsheet')
  .description('The daily digest, from articles to every reader exactly once.')
  .option('--verbose', 'log progress and print stack traces on errors')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const globals = () => program.opts<{ verbose?: boolean }>();
const layoutOption = (what: string) => new Option('--layout <layout>', what).choices([...LAYOUTS]);

function isoDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('must be an ISO-8601 date-time, e.g. 2026-11-25T07:00:00-06:00');
  }
  return date;
}

program
  .command('migrate')
  .description('create or update the database tables (safe to run again)')
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const applied = await migrate(c.db);
      emit(o.json, { applied, database: c.db.kind }, applied.length ? `applied ${applied.join(', ')} (${c.db.kind})` : `database is up to date (${c.db.kind})`);
    }),
  );

const lists = program.command('lists').description('newsletters readers subscribe to');
lists
  .command('create <slug>')
  .description('create a list, e.g. daily-digest')
  .requiredOption('--name <name>', 'the name readers see')
  .addOption(layoutOption('the layout its editions get').default('classic'))
  .option('--json', 'print one JSON object')
  .action((slug: string, o) =>
    withContainer(globals(), async (c) => {
      const list = await createList(c.db, slug, o.name, o.layout);
      emit(o.json, list, `created list ${list.slug} (${list.name}, ${list.layout} layout)`);
    }),
  );
lists
  .command('update <slug>')
  .description("rename a list or change the layout of its new editions")
  .option('--name <name>', 'the name readers see')
  .addOption(layoutOption('the layout its new editions get'))
  .option('--json', 'print one JSON object')
  .action((slug: string, o) =>
    withContainer(globals(), async (c) => {
      const list = await updateList(c.db, slug, { name: o.name, layout: o.layout });
      emit(o.json, list, `${list.slug}: ${list.name}, ${list.layout} layout`);
    }),
  );
lists
  .command('ls')
  .description('show lists and their active readers')
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const rows = await listLists(c.db);
      emit(o.json, { lists: rows }, rows.map((l) => `${l.slug}\t${l.active} active\t${l.layout}\t${l.name}`).join('\n') || 'no lists yet');
    }),
  );

const subscribers = program.command('subscribers').description('readers');
subscribers
  .command('import <file>')
  .description('import readers from CSV (ours, or a Mailchimp, Substack, Ghost or listmonk export): header row; email required; name, tier (free|paid), timezone optional; other columns kept as attributes')
  .requiredOption('--list <slug>', 'subscribe them to this list')
  .option('--json', 'print one JSON object')
  .action((file: string, o) =>
    withContainer(globals(), async (c) => {
      const size = (await stat(file).catch((err: NodeJS.ErrnoException) => {
        throw new UserError('invalid_input', `cannot read ${file}: ${err.code ?? err.message}`);
      })).size;
      // Bytes, not text: the importer decides between UTF-8 and a spreadsheet's Windows-1252 itself.
      const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
      const bar = progressBar('importing (KB)', Math.ceil(size / 1024));
      const report = await importSubscribers(c.db, o.list, stream, (rows) => bar.update(Math.ceil(stream.bytesRead / 1024), `${rows} rows`)).finally(() =>
        bar.stop(),
      );
      const human = [
        `imported ${report.imported}, updated ${report.updated}, rejected ${report.rejected.length}`,
        ...report.notes.map((n) => `  note: ${n}`),
        ...report.rejected.slice(0, 50).map((r) => `  line ${r.line}: ${r.reason}`),
        ...(report.rejected.length > 50 ? [`  … and ${report.rejected.length - 50} more (use --json for all)`] : []),
      ].join('\n');
      emit(o.json, report, human);
    }),
  );

subscribers
  .command('export')
  .description("a list's readers as CSV with their status (stdout, or --out)")
  .requiredOption('--list <slug>', 'the list')
  .option('--out <file.csv>', 'write here instead of stdout')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      for await (const chunk of exportSubscribers(c.db, o.list)) if (!out.write(chunk)) await once(out, 'drain');
      if (o.out) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())));
    }),
  );
subscribers
  .command('erase <email>')
  .description("remove a reader's personal data for good; a fingerprint keeps them from being imported again")
  .option('--json', 'print one JSON object')
  .action((email: string, o) =>
    withContainer(globals(), async (c) => {
      const r = await eraseSubscriber(c.db, email);
      emit(o.json, r, r.erased ? 'erased; the address can no longer be imported or mailed' : 'no reader with that address; it is now on the suppression list all the same');
    }),
  );

const editions = program.command('editions').description('issues of a list’s newsletter');
editions
  .command('create')
  .description('create a draft edition from a content file ({"lead", "teasers", "note"?} or {"articles"}) or from a feed')
  .requiredOption('--list <slug>', 'the list it goes to')
  .option('--content <file.json>', 'the content file')
  .option('--feed <url|file>', 'an RSS 2.0, Atom or JSON Feed 1.1 feed to pick the stories from')
  .option('--since <duration>', 'with --feed: only stories published in the last 24h, 2d, 90m…')
  .addOption(new Option('--lead <rule>', 'with --feed: which story leads').choices(['newest', 'most-commented', 'first']).default('newest'))
  .option('--teasers <n>', 'with --feed: at most this many teasers', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > MAX_TEASERS) throw new InvalidArgumentError(`must be a whole number 0..${MAX_TEASERS}`);
    return n;
  }, DEFAULT_RULE.teasers)
  .option('--subject <subject>', 'subject line (default: the lead headline)')
  .option('--preheader <text>', 'inbox preview text (default: from the lead and teasers)')
  .option('--date <YYYY-MM-DD>', 'the edition date shown in the masthead (default: today)')
  .addOption(layoutOption("the layout (default: the list's)"))
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      if (Boolean(o.content) === Boolean(o.feed)) throw new UserError('invalid_input', 'give either --content <file.json> or --feed <url|file>');
      let e;
      let report: FeedDraftReport | undefined;
      const fields = { listSlug: o.list, subject: o.subject, preheader: o.preheader, editionDate: o.date, layout: o.layout };
      if (o.content) {
        const text = await readFile(o.content, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new UserError('invalid_input', `cannot read content file ${o.content}: ${err.code ?? err.message}`);
        });
        e = await createEdition(c.db, { ...fields, content: parseDigestContentJson(text, o.content) });
      } else {
        const rule = { lead: o.lead, teasers: o.teasers, ...(o.since ? { since: new Date(Date.now() - parseDuration(o.since)) } : {}) };
        ({ edition: e, report } = await draftFromFeed(c.db, { ...fields, feed: await c.readFeed(o.feed, { allowFiles: true }), rule }));
      }
      const summary = { id: e.id, list: e.listSlug, status: e.status, subject: e.subject, preheader: e.preheader, editionDate: e.editionDate, lead: e.content.lead.id, teasers: e.content.teasers.length, ...(report ?? {}) };
      const extra = report ? [...report.skipped.map((s) => `  skipped ${s.item}: ${s.reason}`), ...report.notes.map((n) => `  note: ${n}`), `  ${report.leftOut.length} stories left out (already sent, too old or beyond the teasers)`] : [];
      emit(o.json, summary, [`created draft edition ${e.id}`, `  subject: ${e.subject}`, ...extra, `  send it: broadsheet editions send ${e.id}`].join('\n'));
    }),
  );
editions
  .command('send <id>')
  .description('queue the edition now, or at --at; with --local-time, at that hour in each reader\'s own time zone')
  .option('--at <ISO-8601>', 'send at this time, e.g. 2026-11-25T07:00:00-06:00', isoDate)
  .option('--local-time <HH:MM>', "deliver at this time in each reader's time zone (the next one from --at or now)")
  .option('--tz <zone>', 'with --local-time: the zone for readers without one, e.g. America/Mexico_City', 'UTC')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const e = await scheduleEdition(c.db, await c.queue(), id, {
        at: o.at,
        readerLocal: o.localTime ? { time: o.localTime, timezone: o.tz } : undefined,
        check: c.presendCheck,
      });
      const local = e.deliverLocalTime ? ` at ${e.deliverLocalTime} in each reader's time zone (else ${e.fallbackTimezone})` : '';
      emit(
        o.json,
        { id: e.id, status: e.status, sendAt: e.sendAt?.toISOString() ?? null, deliverLocalTime: e.deliverLocalTime, fallbackTimezone: e.fallbackTimezone },
        `edition ${e.id} scheduled from ${e.sendAt?.toISOString()}${local}; a running "broadsheet worker" sends it`,
      );
    }),
  );
editions
  .command('test-send <id>')
  .description('send the edition to editors, subject prefixed [TEST]; no delivery records are touched')
  .requiredOption('--to <addresses>', 'comma-separated addresses', (v) => v.split(',').map((a) => a.trim()).filter(Boolean))
  .addOption(new Option('--tier <tier>', 'which variant').choices(['free', 'paid']).default('free'))
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const r = await testSend({ db: c.db, render: c.render, transport: c.transport, from: c.config.emailFrom, publicUrl: c.config.publicUrl }, id, o.to, o.tier);
      emit(o.json, { id, ...r }, `sent the ${r.tier} variant of ${id} to ${r.sent} address(es) as a test`);
    }),
  );
editions
  .command('cancel <id>')
  .description('stop an edition for good: batches not yet sent never go')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const e = await cancelEdition(c.db, id);
      emit(o.json, { id: e.id, status: e.status }, `edition ${e.id} cancelled`);
    }),
  );
editions
  .command('unschedule <id>')
  .description('take a scheduled edition back to draft')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const e = await unscheduleEdition(c.db, id);
      emit(o.json, { id: e.id, status: e.status }, `edition ${e.id} is a draft again`);
    }),
  );
editions
  .command('pause <id>')
  .description('stop sending: batches in flight finish, no more are claimed')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const e = await pauseEdition(c.db, id);
      emit(o.json, { id: e.id, status: e.status, reason: e.statusReason }, `edition ${e.id} paused`);
    }),
  );
editions
  .command('resume <id>')
  .description('carry on a paused edition from where it stopped')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const e = await resumeEdition(c.db, await c.queue(), id);
      emit(o.json, { id: e.id, status: e.status }, `edition ${e.id} resumed (${e.status})`);
    }),
  );
editions
  .command('retry-failed <id>')
  .description('send failed deliveries again, without risking a duplicate')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const r = await retryFailed(c.db, await c.queue(), id, { windowMs: c.config.idempotencyWindowMs, batchSize: c.config.batchSize });
      emit(
        o.json,
        { id, ...r },
        `edition ${id}: ${r.batchesRequeued} failed batch(es) queued again under their own keys, ${r.deliveriesRebatched} rejected deliveries in new batches, ${r.batchesParked} parked (outside the idempotency window)`,
      );
    }),
  );
editions
  .command('parked <id>')
  .description('batches held for an operator: their idempotency keys, readers and why')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const parked = await listParked(c.db, (await getEdition(c.db, id)).id);
      const human = parked.length
        ? parked.map((b) => `batch ${b.seq} (${b.id}): ${b.readers} readers, key ${b.idempotencyKey}, first tried ${b.firstAttemptAt?.toISOString() ?? 'never'}\n  ${b.reason ?? ''}`).join('\n') +
          `\nlook each key up in the provider's logs, then: broadsheet editions settle ${id} --as sent|resend [--batch <id>]`
        : `edition ${id} has no parked batches`;
      emit(o.json, { id, parked }, human);
    }),
  );
editions
  .command('settle <id>')
  .description("decide parked batches after checking the provider's logs: sent (they went out) or resend (they did not)")
  .addOption(new Option('--as <decision>', 'what the provider did with them').choices(['sent', 'resend']).makeOptionMandatory())
  .option('--batch <batch-id>', 'only this batch (default: every parked batch of the edition)')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const r = await settleParked(c.db, await c.queue(), id, { as: o.as, batchId: o.batch, batchSize: c.config.batchSize });
      const human =
        r.as === 'sent'
          ? `edition ${id}: ${r.batches} batch(es) settled as sent (${r.readers} readers)`
          : `edition ${id}: ${r.readers} readers of ${r.batches} parked batch(es) go out in ${r.newBatches} new batch(es) under new keys`;
      emit(o.json, { id, ...r }, human);
    }),
  );
editions
  .command('status <id>')
  .description('where an edition is: recipients, sent, failed, pending, rate and ETA')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const p = await editionProgress(c.db, id);
      const parked = p.parkedBatches ? `\n  ${p.parkedBatches} batch(es) parked for an operator: see "broadsheet editions parked ${p.id}"` : '';
      const waiting = p.waitingFrom ? `\n  waiting for readers' local time: next batch ${p.waitingFrom.toISOString()}, last ${p.waitingUntil?.toISOString()}` : '';
      emit(
        o.json,
        p,
        `${p.id}: ${p.status}${p.reason ? ` (${p.reason})` : ''}\n  recipients ${p.recipients}, sent ${p.sent}, failed ${p.failed}, skipped ${p.skipped}, pending ${p.pending}` +
          `\n  rate ${p.ratePerSecond}/s, ETA ${formatEta(p.etaSeconds)}${waiting}${parked}`,
      );
    }),
  );
editions
  .command('stats <id>')
  .description('what readers did: delivered, bounced, complained, opened, clicked, unsubscribed (from Resend webhooks)')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const s = await editionStats(c.db, id);
      emit(o.json, s, Object.entries(s).filter(([k]) => k !== 'id').map(([k, v]) => `${k.padEnd(13)} ${v}`).join('\n'));
    }),
  );
editions
  .command('preview <id>')
  .description('write the edition as a reader of one tier sees it')
  .addOption(new Option('--tier <tier>', 'reader tier').choices(['free', 'paid']).default('free'))
  .addOption(layoutOption("try another layout (default: the edition's)"))
  .option('--text', 'the plain-text part instead of the HTML')
  .requiredOption('--out <file>', 'where to write it')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const body = await previewEdition(c.db, c.render, id, o.tier, o.text ? 'text' : 'html', o.layout);
      await writeFile(o.out, body);
      process.stdout.write(`wrote ${o.out} (${(Buffer.byteLength(body) / 1024).toFixed(1)} KB, ${o.tier} reader${o.layout ? `, ${o.layout} layout` : ''})\n`);
    }),
  );

const tokens = program.command('tokens').description('API tokens for editors and admins');
tokens
  .command('create')
  .description('create a token; it is shown once, only its hash is kept')
  .requiredOption('--name <name>', 'who or what uses it')
  .addOption(new Option('--scope <scope>', 'what it may do').choices(['editor', 'admin']).default('editor'))
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const t = await createApiToken(c.db, o.name, o.scope);
      emit(o.json, t, `${t.token}\n  (${t.scope} token #${t.id} "${t.name}": copy it now, it is not shown again)`);
    }),
  );
tokens
  .command('ls')
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const rows = await listApiTokens(c.db);
      emit(o.json, { tokens: rows }, rows.map((t) => `#${t.id}\t${t.scope}\t${t.revoked ? 'revoked' : 'active'}\t${t.name}`).join('\n') || 'no tokens');
    }),
  );
tokens
  .command('revoke <id>')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      const revoked = await revokeApiToken(c.db, Number(id));
      if (!revoked) throw new UserError('not_found', `no active token #${id}`);
      emit(o.json, { id: Number(id), revoked }, `token #${id} revoked`);
    }),
  );

program
  .command('reconcile')
  .description('re-queue from the database whatever is unfinished (after losing Redis, or any time)')
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const r = await reconcile(c.db, await c.queue(), c.logger);
      emit(o.json, r, `${r.editions} active edition(s): ${r.preparesEnqueued} prepare and ${r.batchesEnqueued} batch job(s) queued, ${r.completed} completed; ${r.schedules} recurring digest(s) restored`);
    }),
  );

const sponsors = program.command('sponsors').description("sponsor blocks in a list's digest, booked by date");
sponsors
  .command('add')
  .description('book a sponsor block: shown, labelled "Sponsored", in editions dated --from to --to')
  .requiredOption('--list <slug>', 'the list')
  .requiredOption('--name <sponsor>', 'who paid (shown as "Sponsored · <name>")')
  .requiredOption('--headline <text>', 'the block\'s headline')
  .requiredOption('--url <url>', 'where it links (its own utm_* parameters are kept)')
  .requiredOption('--from <YYYY-MM-DD>', 'first edition date')
  .requiredOption('--to <YYYY-MM-DD>', 'last edition date')
  .requiredOption('--placement <where>', 'after-lead, or after-teaser-N')
  .requiredOption('--tag <tag>', 'tells its clicks apart: utm_content=sponsor-<tag>')
  .option('--body <text>', 'a sentence or two')
  .option('--cta <text>', 'the link text', 'Learn more')
  .option('--image <url>', 'an image (needs --alt)')
  .option('--alt <text>', "the image's alt text")
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const s = await addSponsor(c.db, o.list, {
        name: o.name, headline: o.headline, body: o.body, url: o.url, cta: o.cta, placement: o.placement, startsOn: o.from, endsOn: o.to, tag: o.tag,
        ...(o.image || o.alt ? { image: { src: o.image, alt: o.alt } } : {}),
      });
      emit(o.json, s, `sponsor #${s.id} (${s.name}) booked ${s.placement} from ${s.startsOn} to ${s.endsOn} in ${s.listSlug}`);
    }),
  );
sponsors
  .command('ls')
  .description("a list's sponsor bookings")
  .requiredOption('--list <slug>', 'the list')
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const rows = await listSponsors(c.db, o.list);
      emit(o.json, { sponsors: rows }, rows.map((s) => `#${s.id}\t${s.startsOn}..${s.endsOn}\t${s.placement}\t${s.name}: ${s.headline}`).join('\n') || 'no sponsors booked');
    }),
  );
sponsors
  .command('rm <id>')
  .description('cancel a booking (editions already sent keep it)')
  .option('--json', 'print one JSON object')
  .action((id: string, o) =>
    withContainer(globals(), async (c) => {
      await removeSponsor(c.db, Number(id));
      emit(o.json, { id: Number(id), removed: true }, `sponsor #${id} removed`);
    }),
  );

const schedules = program.command('schedules').description("recurring digests: each list's edition built from its feed every day");
const describeSchedule = (s: Schedule) =>
  `${s.listSlug}\tevery day at ${s.at} ${s.timezone}${s.readerTimezone ? " (in each reader's own time zone)" : ''}\t${s.approve ? 'drafts for approval' : 'sends'}\tfeed ${s.feed}` +
  (s.lastRunAt ? `\n  last run ${s.lastRunAt.toISOString()}${s.lastEditionId ? ` → edition ${s.lastEditionId}` : ''}${s.lastError ? `: ${s.lastError}` : ''}` : '');
schedules
  .command('set <list>')
  .description('build the list\'s digest from --feed every day at --at in --tz, and send it (or with --approve leave a draft)')
  .requiredOption('--at <HH:MM>', '24-hour local time, e.g. 07:00')
  .requiredOption('--tz <zone>', 'IANA time zone, e.g. America/Mexico_City')
  .requiredOption('--feed <url|file>', 'the RSS 2.0, Atom or JSON Feed to build it from')
  .option('--approve', 'leave the edition as a draft for an editor to send')
  .option('--reader-timezone', "deliver at --at in each reader's own time zone (readers without one use --tz)")
  .addOption(new Option('--lead <rule>', 'which story leads').choices(['newest', 'most-commented', 'first']).default('newest'))
  .option('--teasers <n>', 'at most this many teasers', (v) => Number(v), DEFAULT_RULE.teasers)
  .option('--since <duration>', 'only stories from the last 24h, 2d…', '24h')
  .option('--json', 'print one JSON object')
  .action((list: string, o) =>
    withContainer(globals(), async (c) => {
      const sinceHours = Math.round(parseDuration(o.since) / 3_600_000);
      const input = { at: o.at, timezone: o.tz, feed: o.feed, approve: Boolean(o.approve), readerTimezone: Boolean(o.readerTimezone), lead: o.lead, teasers: o.teasers, sinceHours };
      const s = await setSchedule(c.db, await c.queue(), list, input, { allowFiles: true, allowedHosts: c.config.feedHosts });
      emit(o.json, s, `${describeSchedule(s)}\n  a running "broadsheet worker" (or "broadsheet start") fires it`);
    }),
  );
schedules
  .command('ls')
  .description('show recurring digests and how their last run went')
  .option('--json', 'print one JSON object')
  .action((o) =>
    withContainer(globals(), async (c) => {
      const rows = await listSchedules(c.db);
      emit(o.json, { schedules: rows }, rows.map(describeSchedule).join('\n') || 'no recurring digests');
    }),
  );
schedules
  .command('rm <list>')
  .description("stop a list's recurring digest (editions already made stay)")
  .option('--json', 'print one JSON object')
  .action((list: string, o) =>
    withContainer(globals(), async (c) => {
      await removeSchedule(c.db, await c.queue(), list);
      emit(o.json, { list, removed: true }, `recurring digest of ${list} removed`);
    }),
  );
schedules
  .command('run <list>')
  .description("fire the list's recurring digest now, as if its time had come (once per local day)")
  .option('--json', 'print one JSON object')
  .action((list: string, o) =>
    withContainer(globals(), async (c) => {
      const listId = (await getList(c.db, list)).id;
      await getSchedule(c.db, list);
      const deps = { db: c.db, queue: await c.queue(), logger: c.logger, check: c.presendCheck, readFeed: (w: string) => c.readFeed(w, { allowFiles: true }) };
      const r = await runSchedule(deps, listId, new Date());
      const human =
        r.outcome === 'scheduled' ? `edition ${r.editionId} built and scheduled`
        : r.outcome === 'awaiting-approval' ? `edition ${r.editionId} waits as a draft for an editor to send`
        : r.outcome === 'already-ran' ? `today's edition ${r.editionId} already exists (${r.status})`
        : r.outcome === 'refused' ? `not built: ${r.reason}`
        : 'no schedule';
      emit(o.json, r, human);
      if (r.outcome === 'refused') process.exitCode = 1;
    }),
  );

program
  .command('worker')
  .description('run the queue workers until SIGTERM or SIGINT, then finish in-flight work and exit')
  .action(() =>
    withContainer({ ...globals(), logs: true }, runWorkerProcess),
  );

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number 0..65535');
  return n;
};
program
  .command('serve')
  .description('run the HTTP server: one-click unsubscribe, preference pages, Resend webhooks')
  .option('--port <n>', 'port to listen on (default: PORT, else 3000)', port)
  .action((o) => withContainer({ ...globals(), logs: true }, (c) => runServerProcess(c, { port: o.port ?? c.config.port, withWorkers: false })));
program
  .command('start')
  .description('run the HTTP server and the queue workers in one process')
  .option('--port <n>', 'port to listen on (default: PORT, else 3000)', port)
  .action((o) => withContainer({ ...globals(), logs: true }, (c) => runServerProcess(c, { port: o.port ?? c.config.port, withWorkers: true })));

program
  .command('demo')
  .description('send the seed digest to generated readers through the queue, on embedded defaults')
  .option('--subscribers <n>', 'how many generated readers', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new InvalidArgumentError('must be a whole number 1..1000000');
    return n;
  }, 300)
  .action((o) => withContainer(globals(), (c) => runDemo(c, { subscribers: o.subscribers })));

program.parseAsync(process.argv).catch((err) => reportError(err, Boolean(globals().verbose)));
