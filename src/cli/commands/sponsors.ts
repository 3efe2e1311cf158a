import type { Command } from 'commander';
import { addSponsor, listSponsors, removeSponsor } from '../../sponsors/sponsor-store.ts';
import { rowId } from '../cli-arguments.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

/** The booking's fields as `sponsors add` spells them. */
const SPONSOR_FLAGS = {
  name: '--name',
  headline: '--headline',
  body: '--body',
  url: '--url',
  cta: '--cta',
  placement: '--placement',
  startsOn: '--from',
  endsOn: '--to',
  tag: '--tag',
  'image.src': '--image',
  'image.alt': '--alt',
  image: '--image',
};

export function registerSponsorCommands(program: Command, cli: Cli): void {
  const sponsors = program.command('sponsors').description("sponsor blocks in a list's digest, booked by date");
  sponsors
    .command('add')
    .description('book a sponsor block: shown, labelled "Sponsored", in editions dated --from to --to')
    .requiredOption('--list <slug>', 'the list')
    .requiredOption('--name <sponsor>', 'who paid (shown as "Sponsored · <name>")')
    .requiredOption('--headline <text>', "the block's headline")
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
      cli.run(
        async (c) => {
          const s = await addSponsor(c.db, o.list, {
            name: o.name,
            headline: o.headline,
            body: o.body,
            url: o.url,
            cta: o.cta,
            placement: o.placement,
            startsOn: o.from,
            endsOn: o.to,
            tag: o.tag,
            ...(o.image || o.alt ? { image: { src: o.image, alt: o.alt } } : {}),
          });
          emit(cli.io, o.json, s, `sponsor #${s.id} (${s.name}) booked ${s.placement} from ${s.startsOn} to ${s.endsOn} in ${s.listSlug}`);
        },
        { flags: SPONSOR_FLAGS },
      ),
    );
  sponsors
    .command('ls')
    .description("a list's sponsor bookings")
    .requiredOption('--list <slug>', 'the list')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const rows = await listSponsors(c.db, o.list);
        emit(cli.io, o.json, { sponsors: rows }, rows.map((s) => `#${s.id}\t${s.startsOn}..${s.endsOn}\t${s.placement}\t${s.name}: ${s.headline}`).join('\n') || 'no sponsors booked');
      }),
    );
  sponsors
    .command('rm')
    .description('cancel a booking (editions already sent keep it)')
    .argument('<id>', 'the booking number (see "broadsheet sponsors ls")', rowId)
    .option('--json', 'print one JSON object')
    .action((id: number, o) =>
      cli.run(async (c) => {
        await removeSponsor(c.db, id);
        emit(cli.io, o.json, { id, removed: true }, `sponsor #${id} removed`);
      }),
    );
}
