import { Option, type Command } from 'commander';
import { MAX_TEASERS } from '../../content/digest-content.ts';
import { DEFAULT_RULE } from '../../content/digest-selection.ts';
import { runSchedule } from '../../scheduling/scheduled-run.ts';
import { getSchedule, listSchedules, removeSchedule, setSchedule, type Schedule } from '../../scheduling/schedules.ts';
import { getList } from '../../subscribers/lists.ts';
import { duration, wholeNumber } from '../cli-arguments.ts';
import { describeWeekDays } from '../../scheduling/week-days.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

const describeSchedule = (s: Schedule) =>
  `${s.listSlug}\t${describeWeekDays(s.days)} at ${s.at} ${s.timezone}${s.readerTimezone ? " (in each reader's own time zone)" : ''}\t${s.approve ? 'drafts for approval' : 'sends'}\tfeed ${s.feed}` +
  (s.lastRunAt ? `\n  last run ${s.lastRunAt.toISOString()}${s.lastEditionId ? ` → edition ${s.lastEditionId}` : ''}${s.lastError ? `: ${s.lastError}` : ''}` : '');

export function registerScheduleCommands(program: Command, cli: Cli): void {
  const schedules = program.command('schedules').description("recurring digests: each list's edition built from its feed on chosen days");
  schedules
    .command('set <list>')
    .description("build the list's digest from --feed at --at in --tz (every day, or on --days), and send it (or with --approve leave a draft)")
    .requiredOption('--at <HH:MM>', '24-hour local time, e.g. 07:00')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. America/Mexico_City')
    .option('--days <days>', 'the days it runs: mon-fri, sun (a weekly roundup, with --since 7d), mon,wed,fri; default every day')
    .requiredOption('--feed <url|file>', 'the RSS, Atom or JSON Feed to build it from')
    .option('--approve', 'leave the edition as a draft for an editor to send')
    .option('--reader-timezone', "deliver at --at in each reader's own time zone (readers without one use --tz)")
    .addOption(new Option('--lead <rule>', 'which story leads').choices(['newest', 'most-commented', 'first']).default('newest'))
    .option('--teasers <n>', 'at most this many teasers', wholeNumber(0, MAX_TEASERS), DEFAULT_RULE.teasers)
    .option('--since <duration>', 'only stories from the last 24h, 2d…', duration, 24 * 3_600_000)
    .option('--json', 'print one JSON object')
    .action((list: string, o) =>
      cli.run(
        async (c) => {
          const sinceHours = Math.round(o.since / 3_600_000);
          const input = { at: o.at, timezone: o.tz, ...(o.days !== undefined ? { days: o.days } : {}), feed: o.feed, approve: Boolean(o.approve), readerTimezone: Boolean(o.readerTimezone), lead: o.lead, teasers: o.teasers, sinceHours };
          const s = await setSchedule(c.db, await c.queue(), list, input, { allowFiles: true, allowedHosts: c.config.feedHosts });
          emit(cli.io, o.json, s, `${describeSchedule(s)}\n  a running "broadsheet worker" (or "broadsheet start") fires it`);
        },
        { flags: { at: '--at', timezone: '--tz', days: '--days', feed: '--feed', teasers: '--teasers', sinceHours: '--since', lead: '--lead' } },
      ),
    );
  schedules
    .command('ls')
    .description('show recurring digests and how their last run went')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const rows = await listSchedules(c.db);
        emit(cli.io, o.json, { schedules: rows }, rows.map(describeSchedule).join('\n') || 'no recurring digests');
      }),
    );
  schedules
    .command('rm <list>')
    .description("stop a list's recurring digest (editions already made stay)")
    .option('--json', 'print one JSON object')
    .action((list: string, o) =>
      cli.run(async (c) => {
        await removeSchedule(c.db, await c.queue(), list);
        emit(cli.io, o.json, { list, removed: true }, `recurring digest of ${list} removed`);
      }),
    );
  schedules
    .command('run <list>')
    .description("fire the list's recurring digest now, as if its time had come (once per local day)")
    .option('--json', 'print one JSON object')
    .action((list: string, o) =>
      cli.run(async (c) => {
        const listId = (await getList(c.db, list)).id;
        await getSchedule(c.db, list);
        const deps = { db: c.db, queue: await c.queue(), logger: c.logger, check: c.presendCheck, readFeed: (w: string) => c.readFeed(w, { allowFiles: true }) };
        const r = await runSchedule(deps, listId, new Date());
        const human =
          r.outcome === 'scheduled'
            ? `edition ${r.editionId} built and scheduled`
            : r.outcome === 'awaiting-approval'
              ? `edition ${r.editionId} waits as a draft for an editor to send`
              : r.outcome === 'already-ran'
                ? `today's edition ${r.editionId} already exists (${r.status})`
                : r.outcome === 'refused'
                  ? `not built: ${r.reason}`
                  : 'no schedule';
        emit(cli.io, o.json, r, human);
        if (r.outcome === 'refused') cli.exitCode = 1;
      }),
    );
}
