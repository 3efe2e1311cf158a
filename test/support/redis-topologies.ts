import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A loopback port nobody holds now (and, for a cluster node, its bus port +10000 too), in 20000–29999. */
async function freePort(withBus = false): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    if ((await free(port)) && (!withBus || (await free(port + 10000)))) return port;
  }
}

const cli = async (port: number, ...args: string[]) => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;

async function until(what: string, check: () => Promise<boolean>, ms = 30_000, state?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the local Redis setup did not get there: ${what}${state ? `\n${await state().catch((e: Error) => e.message)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Node {
  port: number;
  child: ChildProcess;
}

function startServer(dir: string, port: number, args: string[]): Node {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
  return { port, child };
}

async function stopAll(nodes: Node[], dir: string): Promise<void> {
  await Promise.all(
    nodes.map(
      (n) =>
        new Promise<void>((resolve) => {
          if (n.child.exitCode !== null || n.child.signalCode !== null) return resolve();
          n.child.once('exit', () => resolve());
          n.child.kill('SIGKILL');
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
}

export interface LocalCluster {
  /** For REDIS_CLUSTER_NODES. */
  nodes: string;
  /** Kills the master serving `key`'s slot (SIGKILL) and waits until its replica has taken over. */
  failOver(key: string): Promise<{ killed: number; promoted: number }>;
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster on loopback: three masters, each with a replica, made by
 * `redis-cli --cluster create`, with a 2 s node timeout so a replica takes a dead
 * master's slots within seconds.
 */
export async function startRedisCluster(): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-cluster-'));
  const nodes: Node[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const port = await freePort(true);
      // A replica may take over however long it was cut off (validity factor 0): on a loaded machine the default can forbid it.
      nodes.push(startServer(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000', '--cluster-replica-validity-factor', '0']));
    }
    for (const n of nodes) await until(`node ${n.port} answers`, async () => (await cli(n.port, 'ping')).trim() === 'PONG');
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes']);
    for (const n of nodes) await until(`node ${n.port} sees the cluster ok`, async () => (await cli(n.port, 'cluster', 'info')).includes('cluster_state:ok'));
  } catch (err) {
    await stopAll(nodes, dir);
    throw err;
  }
  const alive = () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  /** `cluster nodes`, from a node still running: port → role and slots. */
  const topology = async () => {
    const lines = (await cli(alive()[0]!.port, 'cluster', 'nodes')).trim().split('\n');
    return lines.map((l) => {
      const [, address, flags, , , , , , ...slots] = l.split(' ');
      return { port: Number(/:(\d+)@/.exec(address!)![1]), master: flags!.includes('master') && !flags!.includes('fail'), slots };
    });
  };
  const owner = async (slot: number) =>
    (await topology()).find((n) => n.master && n.slots.some((range) => {
      const [from, to = from] = range.split('-').map(Number);
      return slot >= from! && slot <= to!;
    }))?.port;
  return {
    nodes: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    async failOver(key) {
      const slot = Number((await cli(nodes[0]!.port, 'cluster', 'keyslot', key)).trim());
      const killed = (await owner(slot))!;
      nodes.find((n) => n.port === killed)!.child.kill('SIGKILL');
      let promoted = 0;
      // Patience, not speed: a busy machine (the rest of the suite runs alongside) slows the cluster's gossip and vote.
      await until(
        `a replica serves slot ${slot}`,
        async () => {
          promoted = (await owner(slot)) ?? 0;
          return promoted !== 0 && promoted !== killed;
        },
        120_000,
        () => cli(alive()[0]!.port, 'cluster', 'nodes'),
      );
      return { killed, promoted };
    },
    stop: () => stopAll(nodes, dir),
  };
}

export interface LocalSentinel {
  /** For REDIS_SENTINELS, and REDIS_SENTINEL_NAME. */
  sentinels: string;
  name: string;
  /** Kills the master (SIGKILL) and waits until the sentinels name its replica as the new one. */
  failOver(): Promise<{ killed: number; promoted: number }>;
  stop(): Promise<void>;
}

/** A master, its replica and three sentinels (redis-server --sentinel, as Debian's redis-sentinel runs it), quorum 2. */
export async function startRedisSentinel(): Promise<LocalSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-sentinel-'));
  const name = 'broadsheet';
  const nodes: Node[] = [];
  try {
    const master = startServer(dir, await freePort(), []);
    nodes.push(master);
    await until('the master answers', async () => (await cli(master.port, 'ping')).trim() === 'PONG');
    const replica = startServer(dir, await freePort(), ['--replicaof', '127.0.0.1', String(master.port)]);
    nodes.push(replica);
    await until('the replica is in sync', async () => (await cli(replica.port, 'info', 'replication')).includes('master_link_status:up'));
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      nodes.push({ port, child: spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }) });
    }
    const sentinels = nodes.slice(2);
    for (const s of sentinels) {
      await until(`sentinel ${s.port} knows the replica and the other sentinels`, async () => {
        const info = await cli(s.port, 'sentinel', 'master', name);
        return /num-slaves\n1\b/.test(info) && /num-other-sentinels\n2\b/.test(info);
      });
    }
    const masterPort = async () => Number((await cli(sentinels[0]!.port, 'sentinel', 'get-master-addr-by-name', name)).trim().split('\n')[1]);
    return {
      sentinels: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      name,
      async failOver() {
        const killed = await masterPort();
        nodes.find((n) => n.port === killed)!.child.kill('SIGKILL');
        let promoted = 0;
        await until(
          'the sentinels promote the replica',
          async () => {
            promoted = await masterPort();
            return promoted !== killed && (await cli(promoted, 'info', 'replication')).includes('role:master');
          },
          120_000,
          () => cli(sentinels[0]!.port, 'sentinel', 'master', name),
        );
        return { killed, promoted };
      },
      stop: () => stopAll(nodes, dir),
    };
  } catch (err) {
    await stopAll(nodes, dir);
    throw err;
  }
}
