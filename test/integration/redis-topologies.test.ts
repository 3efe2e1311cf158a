import { afterEach, describe, expect, it } from 'vitest';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { createProcessStack, type ProcessStack } from '../support/process-stack.ts';
import { startRedisCluster, startRedisSentinel, type LocalCluster, type LocalSentinel } from '../support/redis-topologies.ts';
import { seedEdition, waitFor } from '../support/test-stack.ts';

const READERS = 1500;

let stack: ProcessStack | undefined;
let redis: LocalCluster | LocalSentinel | undefined;
afterEach(async () => {
  await stack?.dispose();
  await redis?.stop();
  stack = redis = undefined;
});

/**
 * Three `broadsheet worker` processes send an edition through the topology; once
 * a quarter of it is out, its master is killed. Every reader must get it once.
 */
async function sendThroughFailover(env: Record<string, string>, failOver: (prefix: string) => Promise<{ killed: number; promoted: number }>) {
  // A paced send (6 calls/s of 25) so the failover lands in the middle of it; sweeps every 2 s re-queue what Redis lost.
  stack = await createProcessStack({ env: { REDIS_URL: '', RESEND_RPS: '6', BATCH_SIZE: '25', SWEEP_EVERY_SECONDS: '2', ...env } });
  const { db } = stack.container;
  const edition = await seedEdition(stack, READERS);
  const workers = [stack.startWorker(), stack.startWorker(), stack.startWorker()];
  await scheduleEdition(db, await stack.container.queue(), edition.id);
  await waitFor(async () => stack!.resend.accepted.length >= READERS / 4, 'a quarter of the edition to go out');
  const started = Date.now();
  const failover = await failOver(stack.env.QUEUE_PREFIX!);
  const tookMs = Date.now() - started;
  await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), `the edition to finish after the failover (worker logs: ${workers.map((w) => w.logs().slice(-400)).join(' | ')})`);
  const counts = stack.resend.countByRecipient();
  const duplicates = [...counts.values()].filter((n) => n > 1).length;
  const progress = await editionProgress(db, edition.id);
  return { failover, tookMs, duplicates, recipients: counts.size, status: progress.status, workersAlive: workers.filter((w) => w.child.exitCode === null).length };
}

describe('Redis beyond one node', () => {
  it('a Redis Cluster (3 masters, 3 replicas): three workers send an edition through a master failover, every reader exactly once', async () => {
    const cluster = await startRedisCluster();
    redis = cluster;
    const r = await sendThroughFailover({ REDIS_CLUSTER_NODES: cluster.nodes }, (prefix) => cluster.failOver(prefix));
    console.log(`[measure] cluster failover (master ${r.failover.killed} → ${r.failover.promoted} in ${r.tookMs} ms): ${r.recipients} of ${READERS} readers, ${r.duplicates} duplicates`);
    expect(r).toMatchObject({ status: 'sent', recipients: READERS, duplicates: 0, workersAlive: 3 });
  });

  it('Sentinel (a master, a replica, three sentinels): three workers send an edition through a failover, every reader exactly once', async () => {
    const sentinel = await startRedisSentinel();
    redis = sentinel;
    const r = await sendThroughFailover({ REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_NAME: sentinel.name }, () => sentinel.failOver());
    console.log(`[measure] sentinel failover (master ${r.failover.killed} → ${r.failover.promoted} in ${r.tookMs} ms): ${r.recipients} of ${READERS} readers, ${r.duplicates} duplicates`);
    expect(r).toMatchObject({ status: 'sent', recipients: READERS, duplicates: 0, workersAlive: 3 });
  });
});
