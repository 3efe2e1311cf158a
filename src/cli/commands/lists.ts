import { runListHealth } from '../../subscribers/list-health.ts';
import { Option, type Command } from 'commander';
import { LAYOUTS } from '../../rendering/layouts.ts';
import { LANGUAGES } from '../../i18n/reader-copy.ts';
import { createList, getList, listLists, updateList, type List, type ListSettingsInput } from '../../subscribers/lists.ts';
import type { Layout } from '../../rendering/layouts.ts';
import { addSection, listSections, removeSection } from '../../subscribers/list-sections.ts';
import { UserError } from '../../errors.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

/** A list's settings as the commands spell them. */
const LIST_FLAGS = {
  name: '--name',
  layout: '--layout',
  description: '--description',
  paidUrl: '--paid-url',
  timezone: '--timezone',
  language: '--language',
  emailFrom: '--from',
  replyTo: '--reply-to',
  publisherName: '--publisher',
  postalAddress: '--postal-address',
};

export const layoutOption = (what: string) => new Option('--layout <layout>', what).choices([...LAYOUTS]);

/** The settings both `create` and `update` take; `create` gives the defaults. */
function settingsOptions(cmd: Command, creating: boolean): Command {
  return cmd
    .addOption(creating ? layoutOption('the layout its editions get').default('classic') : layoutOption('the layout its new editions get'))
    .option('--description <text>', 'a sentence or two for its public sign-up page (/subscribe/<slug>)')
    .option('--paid-url <url>', 'where "Subscribe to read" and "Become a paid subscriber" go (default: the sign-up page)')
    .option('--timezone <zone>', 'the IANA zone its times are shown and chosen in, e.g. America/Mexico_City', ...(creating ? ['UTC'] : []))
    .option('--language <tag>', `the language (BCP 47) of its emails and reader pages: ${LANGUAGES.join(', ')} or a regional form (es-MX)`, ...(creating ? ['en'] : []))
    .option('--from <mailbox>', 'the sender readers see, e.g. "Crónica Diaria <diaria@news.example.com>" (default: EMAIL_FROM)')
    .option('--reply-to <mailbox>', 'where replies go (default: none)')
    .option('--publisher <name>', "the footer's publisher (default: PUBLISHER_NAME)")
    .option('--postal-address <text>', "the footer's postal address (default: PUBLISHER_ADDRESS)")
    .option('--json', 'print one JSON object');
}

const settingsFrom = (o: Record<string, string | undefined>): ListSettingsInput => ({
  layout: o.layout as Layout | undefined,
  description: o.description,
  paidUrl: o.paidUrl,
  timezone: o.timezone,
  language: o.language,
  emailFrom: o.from,
  replyTo: o.replyTo,
  publisherName: o.publisher,
  postalAddress: o.postalAddress,
});

const describeList = (l: List) =>
  [`${l.slug}: ${l.name}`, `${l.layout} layout`, l.timezone, l.language, l.emailFrom ? `from ${l.emailFrom}` : '', l.replyTo ? `replies to ${l.replyTo}` : '', l.paidUrl ? `paid link ${l.paidUrl}` : '']
    .filter(Boolean)
    .join(', ');

export function registerListCommands(program: Command, cli: Cli): void {
  const lists = program.command('lists').description('newsletters readers subscribe to');
  settingsOptions(lists.command('create <slug>').description('create a list, e.g. daily-digest').requiredOption('--name <name>', 'the name readers see'), true).action((slug: string, o) =>
    cli.run(
      async (c) => {
        const list = await createList(c.db, slug, o.name, settingsFrom(o));
        emit(cli.io, o.json, list, `created list ${describeList(list)}; its sign-up page is /subscribe/${list.slug}`);
      },
      { flags: LIST_FLAGS },
    ),
  );
  settingsOptions(
    lists
      .command('update <slug>')
      .description('change a list\'s settings ("" clears a description, paid URL, sender, Reply-To, publisher or postal address)')
      .option('--name <name>', 'the name readers see'),
    false,
  ).action((slug: string, o) =>
    cli.run(
      async (c) => {
        const list = await updateList(c.db, slug, { name: o.name, ...settingsFrom(o) });
        emit(cli.io, o.json, list, describeList(list));
      },
      { flags: LIST_FLAGS },
    ),
  );
  lists
    .command('health')
    .description('suppress soft-bouncing addresses, ask readers who stopped clicking whether to stay, and let go those who did not answer (SOFT_BOUNCE_*, SUNSET_*); a worker runs it daily')
    .option('--dry-run', 'say what it would do, change nothing, send nothing')
    .option('--json', 'print one JSON object')
    .action((o: { dryRun?: boolean; json?: boolean }) =>
      cli.run(async (c) => {
        const h = c.config.health;
        const r = await runListHealth({ db: c.db, transport: c.transport, links: c.links, from: c.config.emailFrom, publisher: c.config.publisher }, h, { dryRun: Boolean(o.dryRun) });
        const would = r.dryRun ? 'would be ' : '';
        emit(
          cli.io,
          Boolean(o.json),
          r,
          [
            `${r.softBounced} address(es) ${would}suppressed for soft bounces (${h.softBounceLimit} within ${h.softBounceDays} days)`,
            `${r.asked} reader(s) ${r.dryRun ? 'would be ' : ''}asked whether to keep receiving a list (no click in ${h.sunsetDays} days)`,
            `${r.inactive} reader(s) ${r.dryRun ? 'would ' : ''}${r.dryRun ? 'leave' : 'left'} as inactive (no answer in ${h.graceDays} days)`,
          ].join('\n'),
        );
      }),
    );
  lists
    .command('sections <slug>')
    .description("a list's sections (readers choose among them), with how many readers chose each; add or remove some")
    .option('--add <name...>', 'add sections (stories name them too, as editions are made)')
    .option('--remove <name...>', 'remove sections (readers who chose only those get every story)')
    .option('--json', 'print one JSON object')
    .action((slug: string, o: { add?: string[]; remove?: string[]; json?: boolean }) =>
      cli.run(async (c) => {
        const list = await getList(c.db, slug);
        for (const name of o.add ?? []) await addSection(c.db, list.id, name);
        for (const name of o.remove ?? []) if (!(await removeSection(c.db, list.id, name))) throw new UserError('not_found', `--remove: ${slug} has no section "${name}"`);
        const sections = await listSections(c.db, list.id);
        emit(cli.io, Boolean(o.json), { list: slug, sections }, sections.map((x) => `${x.name}\t${x.readers} reader(s) chose it`).join('\n') || `${slug} has no sections yet`);
      }),
    );
  lists
    .command('ls')
    .description('show lists and their active readers')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const rows = await listLists(c.db);
        emit(cli.io, o.json, { lists: rows }, rows.map((l) => `${l.slug}\t${l.active} active\t${l.layout}\t${l.name}`).join('\n') || 'no lists yet');
      }),
    );
}
