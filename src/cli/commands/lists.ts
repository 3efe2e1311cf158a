import { Option, type Command } from 'commander';
import { LAYOUTS } from '../../rendering/layouts.ts';
import { LANGUAGES } from '../../i18n/reader-copy.ts';
import { createList, listLists, updateList } from '../../subscribers/lists.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

/** A list's settings as the commands spell them. */
const LIST_FLAGS = { name: '--name', layout: '--layout', description: '--description', paidUrl: '--paid-url', timezone: '--timezone', language: '--language' };

export const layoutOption = (what: string) => new Option('--layout <layout>', what).choices([...LAYOUTS]);

export function registerListCommands(program: Command, cli: Cli): void {
  const lists = program.command('lists').description('newsletters readers subscribe to');
  lists
    .command('create <slug>')
    .description('create a list, e.g. daily-digest')
    .requiredOption('--name <name>', 'the name readers see')
    .addOption(layoutOption('the layout its editions get').default('classic'))
    .option('--description <text>', 'a sentence or two for its public sign-up page (/subscribe/<slug>)')
    .option('--paid-url <url>', 'where "Subscribe to read" and "Become a paid subscriber" go (default: the sign-up page)')
    .option('--timezone <zone>', 'the IANA zone its times are shown and chosen in, e.g. America/Mexico_City', 'UTC')
    .option('--language <tag>', `the language (BCP 47) of its emails and reader pages: ${LANGUAGES.join(', ')} or a regional form (es-MX)`, 'en')
    .option('--json', 'print one JSON object')
    .action((slug: string, o) =>
      cli.run(
        async (c) => {
          const list = await createList(c.db, slug, o.name, { layout: o.layout, description: o.description, paidUrl: o.paidUrl, timezone: o.timezone, language: o.language });
          emit(cli.io, o.json, list, `created list ${list.slug} (${list.name}, ${list.layout} layout, ${list.timezone}); its sign-up page is /subscribe/${list.slug}`);
        },
        { flags: LIST_FLAGS },
      ),
    );
  lists
    .command('update <slug>')
    .description("change a list's name, layout, sign-up description, paid URL, time zone or language (\"\" clears a description or paid URL)")
    .option('--name <name>', 'the name readers see')
    .addOption(layoutOption('the layout its new editions get'))
    .option('--description <text>', 'a sentence or two for its public sign-up page')
    .option('--paid-url <url>', 'where "Subscribe to read" and "Become a paid subscriber" go')
    .option('--timezone <zone>', 'the IANA zone its times are shown and chosen in')
    .option('--language <tag>', `the language (BCP 47) of its emails and reader pages: ${LANGUAGES.join(', ')} or a regional form (es-MX)`)
    .option('--json', 'print one JSON object')
    .action((slug: string, o) =>
      cli.run(
        async (c) => {
          const list = await updateList(c.db, slug, { name: o.name, layout: o.layout, description: o.description, paidUrl: o.paidUrl, timezone: o.timezone, language: o.language });
          emit(cli.io, o.json, list, `${list.slug}: ${list.name}, ${list.layout} layout, ${list.timezone}, ${list.language}${list.paidUrl ? `, paid link ${list.paidUrl}` : ''}`);
        },
        { flags: LIST_FLAGS },
      ),
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
