import { DEFAULT_TEST_SHARE, testDuration } from '../../editions/subject-test.ts';
import { audit, cliActor, type AuditAction } from '../../security/audit-log.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { MAX_TEASERS, parseDigestContentJson } from '../../content/digest-content.ts';
import { DEFAULT_RULE, NoStoriesError } from '../../content/digest-selection.ts';
import { retryFailed } from '../../delivery/retry-failed.ts';
import { listParked, settleParked } from '../../delivery/settle-parked.ts';
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
} from '../../editions/edition-service.ts';
import { draftFromFeed, type FeedDraftReport } from '../../editions/feed-draft.ts';
import { isFinal } from '../../editions/edition-status.ts';
import { testSend } from '../../editions/test-send.ts';
import type { Edition } from '../../editions/edition.ts';
import type { Container } from '../../container.ts';
import { UserError } from '../../errors.ts';
import { duration, instant, wholeNumber } from '../cli-arguments.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';
import { layoutOption } from './lists.ts';

/** The draft's fields as `editions create` spells them. */
const CREATE_FLAGS = { subject: '--subject', preheader: '--preheader', editionDate: '--date', layout: '--layout' };

export function registerEditionCommands(program: Command, cli: Cli): void {
  const editions = program.command('editions').description('issues of a list’s newsletter');
  /** A command that moves one edition to another status and says so. */
  const statusChange = (name: AuditAction & `edition.${string}`, description: string, run: (c: Container, id: string) => Promise<Edition>, said: (e: Edition) => string) =>
    editions
      .command(`${name.slice('edition.'.length)} <id>`)
      .description(description)
      .option('--json', 'print one JSON object')
      .action((id: string, o) =>
        cli.run(async (c) => {
          const e = await run(c, id);
          await audit(c.db, cliActor(), name, { editionId: e.id });
          emit(cli.io, o.json, { id: e.id, status: e.status, reason: e.statusReason }, `edition ${e.id} ${said(e)}`);
        }),
      );

  editions
    .command('create')
    .description('create a draft edition from a content file (see "Content files" in the README) or from a feed')
    .requiredOption('--list <slug>', 'the list it goes to')
    .option('--content <file.json>', 'the content file')
    .option('--feed <url|file>', 'an RSS, Atom or JSON Feed to pick the stories from')
    .option('--since <duration>', 'with --feed: only stories published in the last 24h, 2d, 90m…', duration)
    .option('--include-sent', 'with --feed: take stories already sent to this list too')
    .addOption(new Option('--lead <rule>', 'with --feed: which story leads').choices(['newest', 'most-commented', 'first']).default('newest'))
    .option('--teasers <n>', 'with --feed: at most this many teasers', wholeNumber(0, MAX_TEASERS), DEFAULT_RULE.teasers)
    .option('--subject <subject>', 'subject line (default: the lead headline)')
    .option('--preheader <text>', 'inbox preview text (default: from the lead and teasers)')
    .option('--date <YYYY-MM-DD>', 'the edition date shown in the masthead (default: today)')
    .addOption(layoutOption("the layout (default: the list's)"))
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(
        async (c) => {
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
            const rule = { lead: o.lead, teasers: o.teasers, includeSent: Boolean(o.includeSent), ...(o.since ? { since: new Date(Date.now() - o.since) } : {}) };
            try {
              ({ edition: e, report } = await draftFromFeed(c.db, { ...fields, feed: await c.readFeed(o.feed, { allowFiles: true }), rule }));
            } catch (err) {
              if (!(err instanceof NoStoriesError)) throw err;
              const ways = [err.alreadySent ? 'add --include-sent to take the sent ones' : '', err.tooOld ? 'widen --since (or leave it out) to take the older ones' : ''].filter(Boolean);
              throw new UserError('invalid_input', `${err.message}${ways.length ? `; ${ways.join(', or ')}` : ''}`);
            }
          }
          await audit(c.db, cliActor(), 'edition.create', { editionId: e.id });
          const summary = { id: e.id, list: e.listSlug, status: e.status, subject: e.subject, preheader: e.preheader, editionDate: e.editionDate, lead: e.content.lead.id, teasers: e.content.teasers.length, ...(report ?? {}) };
          const extra = report
            ? [...report.skipped.map((s) => `  skipped ${s.item}: ${s.reason}`), ...report.notes.map((n) => `  note: ${n}`), `  ${report.leftOut.length} stories left out (already sent, too old or beyond the teasers)`]
            : [];
          emit(cli.io, o.json, summary, [`created draft edition ${e.id}`, `  subject: ${e.subject}`, ...extra, `  send it: broadsheet editions send ${e.id}`].join('\n'));
        },
        { flags: CREATE_FLAGS },
      ),
    );
  editions
    .command('send <id>')
    .description("queue the edition now, or at --at; with --local-time, at that hour in each reader's own time zone")
    .option('--at <ISO-8601>', 'send at this time, e.g. 2026-11-25T07:00:00-06:00 (not in the past)', instant)
    .option('--local-time <HH:MM>', "deliver at this time in each reader's time zone (the next one from --at or now)")
    .option('--tz <zone>', 'with --local-time: the zone for readers without one, e.g. America/Mexico_City', 'UTC')
    .option('--subject-b <subject>', 'test a second subject: half the test share gets it, half the first; after --decide-after the better goes to the rest')
    .option('--test-share <percent>', 'with --subject-b: the percent of readers in the test (2 to 50)', wholeNumber(2, 50), DEFAULT_TEST_SHARE)
    .option('--decide-after <duration>', 'with --subject-b: how long before the winner is chosen: 2h, 90m, 3600s', '2h')
    .option('--json', 'print one JSON object')
    .action((id: string, o) =>
      cli.run(
        async (c) => {
          const e = await scheduleEdition(c.db, await c.queue(), id, {
            at: o.at,
            readerLocal: o.localTime ? { time: o.localTime, timezone: o.tz } : undefined,
            subjectTest: o.subjectB === undefined ? undefined : { subjectB: o.subjectB, share: o.testShare, decideAfterMs: testDuration(o.decideAfter) },
            check: c.presendCheck,
          });
          await audit(c.db, cliActor(), 'edition.schedule', { editionId: e.id });
          const local = e.deliverLocalTime ? ` at ${e.deliverLocalTime} in each reader's time zone (else ${e.fallbackTimezone})` : '';
          const test = e.subjectB ? `; subject test on ${e.testShare} % of readers, the winner goes to the rest from ${e.decideAt?.toISOString()}` : '';
          emit(
            cli.io,
            o.json,
            { id: e.id, status: e.status, sendAt: e.sendAt?.toISOString() ?? null, deliverLocalTime: e.deliverLocalTime, fallbackTimezone: e.fallbackTimezone, subjectB: e.subjectB, testShare: e.testShare, decideAt: e.decideAt?.toISOString() ?? null },
            `edition ${e.id} scheduled from ${e.sendAt?.toISOString()}${local}${test}; a running "broadsheet worker" sends it`,
          );
        },
        { flags: { at: '--at', 'subject-b': '--subject-b', 'test-share': '--test-share', 'decide-after': '--decide-after' } },
      ),
    );
  editions
    .command('test-send <id>')
    .description('send the edition to editors, subject prefixed [TEST]; no delivery records are touched')
    .requiredOption('--to <addresses>', 'comma-separated addresses', (v) => v.split(',').map((a) => a.trim()).filter(Boolean))
    .addOption(new Option('--tier <tier>', 'which variant').choices(['free', 'paid']).default('free'))
    .option('--json', 'print one JSON object')
    .action((id: string, o) =>
      cli.run(async (c) => {
        const r = await testSend({ db: c.db, render: c.render, transport: c.transport, from: c.config.emailFrom, publicUrl: c.config.publicUrl }, id, o.to, o.tier);
        await audit(c.db, cliActor(), 'edition.test-send', { editionId: id });
        emit(cli.io, o.json, { id, ...r }, `sent the ${r.tier} variant of ${id} to ${r.sent} address(es) as a test`);
      }),
    );
  statusChange('edition.cancel', 'stop an edition for good: batches not yet sent never go', (c, id) => cancelEdition(c.db, id), () => 'cancelled');
  statusChange('edition.unschedule', 'take a scheduled edition back to draft', (c, id) => unscheduleEdition(c.db, id), () => 'is a draft again');
  statusChange('edition.pause', 'stop sending: batches in flight finish, no more are claimed', (c, id) => pauseEdition(c.db, id), () => 'paused');
  statusChange('edition.resume', 'carry on a paused edition from where it stopped', async (c, id) => resumeEdition(c.db, await c.queue(), id), (e) => `resumed (${e.status})`);
  editions
    .command('retry-failed <id>')
    .description('send failed deliveries again, without risking a duplicate')
    .option('--json', 'print one JSON object')
    .action((id: string, o) =>
      cli.run(async (c) => {
        const r = await retryFailed(c.db, await c.queue(), id, { windowMs: c.config.idempotencyWindowMs, batchSize: c.config.batchSize });
        await audit(c.db, cliActor(), 'edition.retry-failed', { editionId: id });
        emit(
          cli.io,
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
      cli.run(async (c) => {
        const parked = await listParked(c.db, (await getEdition(c.db, id)).id);
        const human = parked.length
          ? parked.map((b) => `batch ${b.seq} (${b.id}): ${b.readers} readers, key ${b.idempotencyKey}, first tried ${b.firstAttemptAt?.toISOString() ?? 'never'}\n  ${b.reason ?? ''}`).join('\n') +
            `\nlook each key up in the provider's logs, then: broadsheet editions settle ${id} --as sent|resend [--batch <id>]`
          : `edition ${id} has no parked batches`;
        emit(cli.io, o.json, { id, parked }, human);
      }),
    );
  editions
    .command('settle <id>')
    .description("decide parked batches after checking the provider's logs: sent (they went out) or resend (they did not)")
    .addOption(new Option('--as <decision>', 'what the provider did with them').choices(['sent', 'resend']).makeOptionMandatory())
    .option('--batch <batch-id>', 'only this batch (default: every parked batch of the edition)')
    .option('--json', 'print one JSON object')
    .action((id: string, o) =>
      cli.run(
        async (c) => {
          const r = await settleParked(c.db, await c.queue(), id, { as: o.as, batchId: o.batch, batchSize: c.config.batchSize });
          await audit(c.db, cliActor(), 'edition.settle', { editionId: id, detail: { as: o.as } });
          const human =
            r.as === 'sent'
              ? `edition ${id}: ${r.batches} batch(es) settled as sent (${r.readers} readers)`
              : `edition ${id}: ${r.readers} readers of ${r.batches} parked batch(es) go out in ${r.newBatches} new batch(es) under new keys`;
          emit(cli.io, o.json, { id, ...r }, human);
        },
        { flags: { batch: '--batch', as: '--as' } },
      ),
    );
  editions
    .command('status <id>')
    .description('where an edition is: recipients, sent, failed, pending, rate and ETA')
    .option('--json', 'print one JSON object')
    .action((id: string, o) =>
      cli.run(async (c) => {
        const p = await editionProgress(c.db, id);
        const parked = p.parkedBatches ? `\n  ${p.parkedBatches} batch(es) parked for an operator: see "broadsheet editions parked ${p.id}"` : '';
        const waiting = p.waitingFrom ? `\n  waiting for readers' local time: next batch ${p.waitingFrom.toISOString()}, last ${p.waitingUntil?.toISOString()}` : '';
        // Before it is prepared there are no recipients yet: say who it would reach, and when it starts.
        const figures = p.expected
          ? `\n  expected readers ${p.expected.readers} (${p.expected.free} free, ${p.expected.paid} paid)${p.sendAt ? `, starts ${p.sendAt.toISOString()}` : ''}`
          : `\n  recipients ${p.recipients}, sent ${p.sent}, failed ${p.failed}, skipped ${p.skipped}, pending ${p.pending}` +
            `\n  ${isFinal(p.status) ? 'average rate' : 'rate'} ${p.ratePerSecond}/s${isFinal(p.status) ? '' : `, ETA ${formatEta(p.etaSeconds)}`}` +
            `\n  ${p.renders} variant(s) rendered (per tier and readers' sections, never per reader)`;
        emit(cli.io, o.json, p, `${p.id}: ${p.status}${p.reason ? ` (${p.reason})` : ''}${figures}${waiting}${parked}`);
      }),
    );
  editions
    .command('stats <id>')
    .description('what readers did: delivered, bounced, complained, opened, clicked, unsubscribed (from Resend webhooks)')
    .option('--json', 'print one JSON object')
    .action((id: string, o) =>
      cli.run(async (c) => {
        const s = await editionStats(c.db, id);
        const figures = (['recipients', 'submitted', 'delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed', 'scannerClicks'] as const).map((k) => `${k.padEnd(13)} ${s[k]}`);
        const stories = s.stories.map((x) => `  ${String(x.uniqueClicks).padStart(6)} readers ${String(x.clicks).padStart(6)} clicks  ${x.position.padEnd(9)} ${x.headline ?? x.url}`);
        const human = [...figures, `(${s.opensNote})`, stories.length ? 'stories, by readers who clicked:' : 'no story clicked yet', ...stories].join('\n');
        emit(cli.io, o.json, s, human);
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
      cli.run(async (c) => {
        const body = await previewEdition(c.db, c.render, id, o.tier, o.text ? 'text' : 'html', o.layout);
        await writeFile(o.out, body).catch((err: NodeJS.ErrnoException) => {
          throw new UserError('invalid_input', `--out: cannot write ${o.out}: ${err.code ?? err.message}`);
        });
        cli.io.out(`wrote ${o.out} (${(Buffer.byteLength(body) / 1024).toFixed(1)} KB, ${o.tier} reader${o.layout ? `, ${o.layout} layout` : ''})\n`);
      }),
    );
}
