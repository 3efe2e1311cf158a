/**
 * The fake Resend server as a process of its own, so a benchmark can measure its
 * CPU and memory apart from Broadsheet's. Prints `{"url": …}` on stdout when ready;
 * `GET /__stats` reports what it received. Options: --rps N, --latency MS, --lean, and --reject-every N
 * (refuses every Nth numbered reader, `reader<N·k>@…`, as an undeliverable address: scattered per-email errors).
 */
import { parseArgs } from 'node:util';
import { FakeResend } from './fake-resend-server.ts';

const { values } = parseArgs({ options: { rps: { type: 'string' }, latency: { type: 'string' }, lean: { type: 'boolean' }, 'reject-every': { type: 'string' } } });
const every = values['reject-every'] ? Number(values['reject-every']) : 0;
const server = await new FakeResend({
  ...(values.rps ? { rps: Number(values.rps) } : {}),
  ...(values.latency ? { latencyMs: Number(values.latency) } : {}),
  lean: Boolean(values.lean),
  ...(every ? { rejects: (address: string) => (Number(/^reader(\d+)@/.exec(address)?.[1] ?? 1) % every === 0 ? `The address ${address} is undeliverable.` : null) } : {}),
}).start();
process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
