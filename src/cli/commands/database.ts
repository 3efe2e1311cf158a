import type { Command } from 'commander';
import { migrate } from '../../db/migrate.ts';
import { reconcile } from '../../delivery/reconcile.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

export function registerDatabaseCommands(program: Command, cli: Cli): void {
  program
    .command('migrate')
    .description('create or update the database tables (safe to run again)')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const applied = await migrate(c.db);
        emit(cli.io, o.json, { applied, database: c.db.kind }, applied.length ? `applied ${applied.join(', ')} (${c.db.kind})` : `database is up to date (${c.db.kind})`);
      }),
    );

  program
    .command('reconcile')
    .description('re-queue from the database whatever is unfinished (after losing Redis, or any time)')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const r = await reconcile(c.db, await c.queue(), c.logger);
        emit(
          cli.io,
          o.json,
          r,
          `${r.editions} active edition(s): ${r.preparesEnqueued} prepare and ${r.batchesEnqueued} batch job(s) queued, ${r.completed} completed; ${r.schedules} recurring digest(s) restored`,
        );
      }),
    );
}
