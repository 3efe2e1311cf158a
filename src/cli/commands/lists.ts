import { Option, type Command } from 'commander';
import { LAYOUTS } from '../../rendering/layouts.ts';
import { createList, listLists, updateList } from '../../subscribers/lists.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

export const layoutOption = (what: string) => new Option('--layout <layout>', what).choices([...LAYOUTS]);

export function registerListCommands(program: Command, cli: Cli): void {
  const lists = program.command('lists').description('newsletters readers subscribe to');
  lists
    .command('create <slug>')
    .description('create a list, e.g. daily-digest')
    .requiredOption('--name <name>', 'the name readers see')
    .addOption(layoutOption('the layout its editions get').default('classic'))
    .option('--json', 'print one JSON object')
    .action((slug: string, o) =>
      cli.run(
        async (c) => {
          const list = await createList(c.db, slug, o.name, o.layout);
          emit(cli.io, o.json, list, `created list ${list.slug} (${list.name}, ${list.layout} layout)`);
        },
        { flags: { name: '--name', layout: '--layout' } },
      ),
    );
  lists
    .command('update <slug>')
    .description('rename a list or change the layout of its new editions')
    .option('--name <name>', 'the name readers see')
    .addOption(layoutOption('the layout its new editions get'))
    .option('--json', 'print one JSON object')
    .action((slug: string, o) =>
      cli.run(
        async (c) => {
          const list = await updateList(c.db, slug, { name: o.name, layout: o.layout });
          emit(cli.io, o.json, list, `${list.slug}: ${list.name}, ${list.layout} layout`);
        },
        { flags: { name: '--name', layout: '--layout' } },
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
