import type { Command } from 'commander';
import { audit, cliActor } from '../../security/audit-log.ts';
import { EVENT_TYPES } from '../../webhooks/outgoing-events.ts';
import { addEndpoint, endpointAttempts, EndpointInput, getEndpoint, listEndpoints, removeEndpoint, updateEndpoint, type WebhookEndpoint } from '../../webhooks/webhook-endpoints.ts';
import { UserError, describeIssues } from '../../errors.ts';
import { rowId } from '../cli-arguments.ts';
import { emit } from '../cli-io.ts';
import type { Cli } from '../run-command.ts';

const state = (e: WebhookEndpoint) =>
  e.disabledAt ? `disabled: ${e.disabledReason}` : e.consecutiveFailures ? `failing (${e.consecutiveFailures} in a row)` : 'ok';

/** `--events a,b` (or `all`) checked against the event types, each unknown one named. */
function parseEvents(text: string): string[] {
  if (text.trim() === 'all') return [...EVENT_TYPES];
  return text.split(',').map((e) => e.trim()).filter(Boolean);
}

function checkedInput(raw: unknown): EndpointInput {
  const parsed = EndpointInput.safeParse(raw);
  if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error.issues, 'endpoint'));
  return parsed.data;
}

export function registerWebhookCommands(program: Command, cli: Cli): void {
  const webhooks = program.command('webhooks').description(`signed webhooks to the newsroom's systems (${EVENT_TYPES.join(', ')})`);
  webhooks
    .command('add')
    .description('register an endpoint; its signing secret is shown once')
    .argument('<url>', 'where events are POSTed')
    .requiredOption('--events <events>', `comma-separated, or "all": ${EVENT_TYPES.join(', ')}`)
    .option('--description <text>', 'what it is for')
    .option('--json', 'print one JSON object')
    .action((url: string, o) =>
      cli.run(
        async (c) => {
          const e = await addEndpoint(c.db, checkedInput({ url, events: parseEvents(o.events), ...(o.description ? { description: o.description } : {}) }));
          await audit(c.db, cliActor(), 'webhook.add', { detail: { endpoint: e.id } });
          emit(cli.io, o.json, e, `endpoint #${e.id} ${e.url}\n  events: ${e.events.join(', ')}\n  signing secret: ${e.secret}\n  (copy it now: receivers verify with it, and it is not shown again)`);
        },
        { flags: { events: '--events', url: '<url>' } },
      ),
    );
  webhooks
    .command('ls')
    .description('endpoints and their health')
    .option('--json', 'print one JSON object')
    .action((o) =>
      cli.run(async (c) => {
        const rows = await listEndpoints(c.db);
        emit(cli.io, o.json, { endpoints: rows }, rows.map((e) => `#${e.id}\t${state(e)}\t${e.url}\t${e.events.join(',')}`).join('\n') || 'no webhook endpoints');
      }),
    );
  webhooks
    .command('attempts')
    .description("an endpoint's latest delivery attempts with what it answered")
    .argument('<id>', 'the endpoint number (see "broadsheet webhooks ls")', rowId)
    .option('--json', 'print one JSON object')
    .action((id: number, o) =>
      cli.run(async (c) => {
        const attempts = await endpointAttempts(c.db, id);
        emit(
          cli.io,
          o.json,
          { endpoint: await getEndpoint(c.db, id), attempts },
          attempts.map((a) => `${a.at.toISOString().slice(0, 19)}Z\t${a.type}\ttry ${a.attempt}\t${a.statusCode ?? '—'}\t${a.error ?? 'ok'}\t${a.durationMs} ms`).join('\n') || 'no attempts yet',
        );
      }),
    );
  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    webhooks
      .command(name)
      .description(enabled ? 'enable an endpoint again (its failure count starts over)' : 'stop sending to an endpoint')
      .argument('<id>', 'the endpoint number', rowId)
      .option('--json', 'print one JSON object')
      .action((id: number, o) =>
        cli.run(async (c) => {
          const e = await updateEndpoint(c.db, id, { enabled });
          await audit(c.db, cliActor(), 'webhook.change', { detail: { endpoint: id } });
          emit(cli.io, o.json, { endpoint: e }, `endpoint #${id}: ${state(e)}`);
        }),
      );
  }
  webhooks
    .command('rm')
    .description('remove an endpoint and its delivery history')
    .argument('<id>', 'the endpoint number', rowId)
    .option('--json', 'print one JSON object')
    .action((id: number, o) =>
      cli.run(async (c) => {
        await removeEndpoint(c.db, id);
        await audit(c.db, cliActor(), 'webhook.remove', { detail: { endpoint: id } });
        emit(cli.io, o.json, { id, removed: true }, `endpoint #${id} removed`);
      }),
    );
}
