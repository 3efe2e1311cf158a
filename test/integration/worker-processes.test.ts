import { afterEach, describe, expect, it } from 'vitest';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { createProcessStack, type ProcessStack } from '../support/process-stack.ts';
import { seededRandom } from '../support/fake-resend-server.ts';
import { seedEdition, waitFor } from '../support/test-stack.ts';

/** Exactly once, checked at the provider: every active reader once, nobody else, nobody twice. */
function expectExactlyOnce(s: ProcessStack, readers: number) {
  const counts = s.resend.countByRecipient();
  const twice = [...counts].filter(([, n]) => n > 1);
  expect({ readers: counts.size, twice }).toEqual({ readers, twice: [] });
  expect(s.resend.accepted).toHaveLength(readers);
}

let stack: ProcessStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe('worker processes on PostgreSQL and Redis', () => {
  it('delivers exactly once through worker processes killed with SIGKILL at random moments', async () => {
    // 150 provider calls paced at 10/s, each taking 400 ms: a send of about 15 s with calls always in flight,
    // so kills land after the provider accepted a batch but before the worker recorded it.
    stack = await createProcessStack({ env: { BATCH_SIZE: '20', RESEND_RPS: '10' }, resend: { latencyMs: 400 } });
    const { db } = stack.container;
    const edition = await seedEdition(stack, 3000);
    await scheduleEdition(db, await stack.container.queue(), edition.id);

    const random = seededRandom(2024);
    let kills = 0;
    const killedAt: number[] = [];
    while (kills < 6) {
      const worker = stack.startWorker();
      // Kill at a random moment of its work, not of its start-up (which takes longer on a loaded machine).
      await waitFor(async () => worker.logs().includes('worker.started'), 'the worker to start');
      await new Promise((r) => setTimeout(r, 300 + random() * 1500));
      worker.child.kill('SIGKILL');
      await worker.exited;
      kills++;
      killedAt.push((await editionProgress(db, edition.id)).sent);
      if (isFinal((await editionProgress(db, edition.id)).status)) break;
    }
    stack.startWorker();
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');

    expect(kills).toBeGreaterThanOrEqual(5);
    expect(killedAt.some((sent) => sent > 0 && sent < 3000)).toBe(true); // at least one kill landed mid-send
    expect(await editionProgress(db, edition.id)).toMatchObject({ status: 'sent', sent: 3000, failed: 0, pending: 0 });
    expectExactlyOnce(stack, 3000);
    const [{ retried }] = (await db.query<{ retried: number }>(`select count(*)::int as retried from batches where attempts > 1`)) as [{ retried: number }];
    expect(retried).toBeGreaterThan(0); // some batches were cut off mid-call and sent again under their key
    console.info(`[measure] SIGKILL x${kills} at sent=${killedAt.join(',')}: ${stack.resend.accepted.length} delivered, 0 duplicates, ${stack.resend.stats.requests} requests, ${retried} batches resent under their key`);
  });

  it('finishes from the database after Redis loses every queue key mid-send, via broadsheet reconcile', async () => {
    stack = await createProcessStack({ env: { BATCH_SIZE: '20', RESEND_RPS: '20' }, resend: { latencyMs: 20 } });
    const { db } = stack.container;
    const edition = await seedEdition(stack, 2000);
    const worker = stack.startWorker();
    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => (await editionProgress(db, edition.id)).sent >= 400, 'the send to get going');

    // What FLUSHALL does to us, without wiping the keys of tests running beside this one.
    const redis = await stack.container.redis();
    const keys = await redis.keys(`${stack.env.QUEUE_PREFIX}*`);
    await redis.del(...keys);
    const sentAtFlush = (await editionProgress(db, edition.id)).sent;
    await new Promise((r) => setTimeout(r, 1000));
    expect(isFinal((await editionProgress(db, edition.id)).status)).toBe(false); // stuck: the work is gone

    const r = await stack.cli(['reconcile', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ editions: 1 });
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    expect(await editionProgress(db, edition.id)).toMatchObject({ status: 'sent', sent: 2000 });
    expectExactlyOnce(stack, 2000);
    expect(worker.child.exitCode).toBeNull();
    console.info(`[measure] queue keys deleted at sent=${sentAtFlush}, reconcile: ${r.stdout.trim()}; 2000 delivered, 0 duplicates`);
  });

  it('shares one edition between three worker processes with no duplicates, and two simultaneous sends make one', async () => {
    stack = await createProcessStack({ env: { BATCH_SIZE: '20', RESEND_RPS: '60', WORKER_CONCURRENCY: '4' }, resend: { latencyMs: 30 } });
    const { db } = stack.container;
    const edition = await seedEdition(stack, 3000);
    const workers = [stack.startWorker(), stack.startWorker(), stack.startWorker()];
    const [a, b] = await Promise.all([stack.cli(['editions', 'send', edition.id, '--json']), stack.cli(['editions', 'send', edition.id, '--json'])]);
    expect([a.code, b.code]).toContain(0);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    expectExactlyOnce(stack, 3000);

    const perWorker = workers.map((w) => (w.logs().match(/"event":"batch\.submitted"/g) ?? []).length);
    expect(perWorker.reduce((x, y) => x + y, 0)).toBe(150);
    expect(perWorker.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0]);
    console.info(`[measure] 3 workers: batches per worker ${perWorker.join('/')}, 3000 delivered, 0 duplicates`);
  });
});
