import { audit, cliActor } from '../../security/audit-log.ts';
import { Option, type Command } from 'commander';
import { UserError } from '../../errors.ts';
import { createApiToken, listApiTokens, revokeApiToken, SCOPES } from '../../security/api-tokens.ts';
import { rowId } from '../cli-arguments.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

export function registerTokenCommands(program: Command, cli: Cli): void {
  const tokens = program.command('tokens').description('API tokens for editors and admins');
  tokens
    .command('create')
    .description('create a token; it is shown once, only its hash is kept')
    .requiredOption('--name <name>', 'who or what uses it')
    .addOption(new Option('--scope <scope>', 'what it may do').choices([...SCOPES]).default('editor'))
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(
        async (c) => {
          const t = await createApiToken(c.db, o.name, o.scope);
          await audit(c.db, cliActor(), 'token.create', { detail: { token: t.id, name: t.name, scope: t.scope } });
          emit(cli.io, o.json, t, `${t.token}\n  (${t.scope} token #${t.id} "${t.name}": copy it now, it is not shown again)`);
        },
        { flags: { name: '--name', scope: '--scope' } },
      ),
    );
  tokens
    .command('ls')
    .description('show tokens (never their values)')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const rows = await listApiTokens(c.db);
        emit(cli.io, o.json, { tokens: rows }, rows.map((t) => `#${t.id}\t${t.scope}\t${t.revoked ? 'revoked' : 'active'}\t${t.name}`).join('\n') || 'no tokens');
      }),
    );
  tokens
    .command('revoke')
    .description('revoke a token: its desk sessions end too')
    .argument('<id>', 'the token number (see "broadsheet tokens ls")', rowId)
    .option('--json', 'print one JSON object')
    .action((id: number, o) =>
      cli.run(async (c) => {
        const revoked = await revokeApiToken(c.db, id);
        if (!revoked) throw new UserError('not_found', `no active token #${id}`);
        await audit(c.db, cliActor(), 'token.revoke', { detail: { token: id } });
        emit(cli.io, o.json, { id, revoked }, `token #${id} revoked`);
      }),
    );
}
