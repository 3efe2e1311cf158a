import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { eraseSubscriber } from '../../subscribers/erasure.ts';
import { exportSubscribers } from '../../subscribers/subscriber-export.ts';
import { importSubscribers } from '../../subscribers/subscriber-import.ts';
import { emit } from '../cli-io.ts';
import { progressBar } from '../progress.ts';
import type { Cli } from '../run-command.ts';

export function registerSubscriberCommands(program: Command, cli: Cli): void {
  const subscribers = program.command('subscribers').description('readers');
  subscribers
    .command('import <file>')
    .description(
      'import readers from CSV (ours, or a Mailchimp, Substack, Ghost or listmonk export): header row; email required; name, tier (free|paid), timezone optional; other columns kept as attributes',
    )
    .requiredOption('--list <slug>', 'subscribe them to this list')
    .option('--json', 'print one JSON object')
    .action((file: string, o) =>
      cli.run(async (c) => {
        const size = (
          await stat(file).catch((err: NodeJS.ErrnoException) => {
            throw new UserError('invalid_input', `cannot read ${file}: ${err.code ?? err.message}`);
          })
        ).size;
        // Bytes, not text: the importer decides between UTF-8 and a spreadsheet's Windows-1252 itself.
        const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
        const bar = progressBar(cli.io, 'importing (KB)', Math.ceil(size / 1024));
        const report = await importSubscribers(c.db, o.list, stream, (rows) => bar.update(Math.ceil(stream.bytesRead / 1024), `${rows} rows`)).finally(() => bar.stop());
        const human = [
          `imported ${report.imported}, updated ${report.updated}, rejected ${report.rejected.length}`,
          ...report.notes.map((n) => `  note: ${n}`),
          ...report.rejected.slice(0, 50).map((r) => `  line ${r.line}: ${r.reason}`),
          ...(report.rejected.length > 50 ? [`  … and ${report.rejected.length - 50} more (use --json for all)`] : []),
        ].join('\n');
        emit(cli.io, o.json, report, human);
      }),
    );

  subscribers
    .command('export')
    .description("a list's readers as CSV with their status (stdout, or --out)")
    .requiredOption('--list <slug>', 'the list')
    .option('--out <file.csv>', 'write here instead of stdout')
    .action((o) =>
      cli.run(async (c) => {
        if (!o.out) {
          for await (const chunk of exportSubscribers(c.db, o.list)) cli.io.out(chunk);
          return;
        }
        const out: Writable = createWriteStream(o.out);
        for await (const chunk of exportSubscribers(c.db, o.list)) if (!out.write(chunk)) await once(out, 'drain');
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }),
    );

  subscribers
    .command('erase <email>')
    .description("remove a reader's personal data for good; a fingerprint keeps them from being imported again")
    .option('--force', 'suppress the address for good even though no reader has it')
    .option('--json', 'print one JSON object')
    .action((email: string, o) =>
      cli.run(async (c) => {
        const r = await eraseSubscriber(c.db, email, { evenIfUnknown: Boolean(o.force) });
        if (!r.suppressed) {
          throw new UserError('not_found', `no reader has the address ${email}, so nothing was erased; check the spelling, or add --force to keep it from ever being imported or mailed`);
        }
        emit(cli.io, o.json, r, r.erased ? 'erased; the address can no longer be imported or mailed' : 'no reader had that address; it is on the suppression list now (--force)');
      }),
    );
}
