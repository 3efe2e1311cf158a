import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../../src/db/postgres-database.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { TEST_DATABASE_URL } from '../support/databases.ts';
import { createProcessStack, type ProcessStack } from '../support/process-stack.ts';
import { seedEdition, waitFor } from '../support/test-stack.ts';

let stack: ProcessStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

describe('a dropped database connection (PostgreSQL, broadsheet start)', () => {
  it('keeps the process up through repeated pg_terminate_backend mid-send: 503s meanwhile, then every reader exactly once', async () => {
    // About 60 provider calls at 6/s, 150 ms each: a send of ten seconds or so, with the database cut away under it.
    // 1,500 readers in batches of 25 at 4 a second: a send of 15 s or more, longer than the 25 rounds of cuts below.
    stack = await createProcessStack({ env: { BATCH_SIZE: '25', RESEND_RPS: '4' }, resend: { latencyMs: 150 } });
    const { db, links } = stack.container;
    const readers = 1500;
    const edition = await seedEdition(stack, readers);
    // A reader of another list, whose one-click unsubscribe the test keeps pressing while the database drops out.
    await createList(db, 'weekend', 'The Weekend');
    await importSubscribers(db, 'weekend', generateSubscriberCsv(1, 'weekend.example'));
    const [other] = await db.query<{ id: number; listId: number }>(`select s.id, sub.list_id as "listId" from subscribers s join subscriptions sub on sub.subscriber_id = s.id join lists l on l.id = sub.list_id where l.slug = 'weekend'`);
    const unsubscribeUrl = links.unsubscribe(other!.id, other!.listId).replace('https://letters.broadsheet.example', '');

    // Only this process's connections are cut: it names itself, the test's own pool does not.
    const appName = `bs-drop-${randomBytes(4).toString('hex')}`;
    const url = `${stack.env.DATABASE_URL}&application_name=${appName}`;
    const app = stack.startProcess(['start', '--port', '0'], { DATABASE_URL: url });
    const base = await waitFor(async () => /listening on (http:\/\/[\d.:]+)/.exec(app.logs())?.[1], 'broadsheet start to listen');

    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => (await editionProgress(db, edition.id)).sent > 0, 'the send to begin');

    const admin = createPostgresDatabase({ url: TEST_DATABASE_URL, max: 1 });
    let terminated = 0;
    let sentAtFirstCut: number | undefined;
    const answers = new Map<number | string, number>();
    const ask = async (path: string, init?: RequestInit) => {
      const status = await fetch(`${base}${path}`, init).then(
        (r) => r.status,
        (e: Error) => `refused: ${e.message}`,
      );
      answers.set(status, (answers.get(status) ?? 0) + 1);
    };
    try {
      for (let round = 0; round < 25 && !isFinal((await editionProgress(db, edition.id)).status); round++) {
        // The function in the select list runs only for the rows the subquery chose (in a WHERE clause the planner
        // may call it before the name is checked, on anyone's connection).
        const killed = await admin.query<{ done: boolean }>(
          `select pg_terminate_backend(pid) as done from (select pid from pg_stat_activity where application_name = $1) ours`,
          [appName],
        );
        terminated += killed.filter((k) => k.done).length;
        sentAtFirstCut ??= (await editionProgress(db, edition.id)).sent;
        await Promise.all([ask('/healthz'), ask('/archive/list/daily-digest'), ask(unsubscribeUrl, { method: 'POST' })]);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await admin.close();
    }
    const sentWhileCutting = (await editionProgress(db, edition.id)).sent;

    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish').catch(async (err: Error) => {
      // Say where it stood, so a failure on a busy machine can be read without running it again.
      const batches = await db.query(`select status, count(*)::int as n from batches where edition_id = $1 group by status`, [edition.id]);
      const progress = await editionProgress(db, edition.id);
      throw new Error(`${err.message}\nprogress ${JSON.stringify(progress)}\nbatches ${JSON.stringify(batches)}\nlast logs:\n${app.logs().split('\n').slice(-40).join('\n')}`);
    });
    expect(app.child.exitCode).toBeNull(); // never died, never restarted by hand
    expect(terminated).toBeGreaterThanOrEqual(10);
    expect(sentAtFirstCut).toBeLessThan(readers); // the cuts landed mid-send
    expect(await editionProgress(db, edition.id)).toMatchObject({ status: 'sent', sent: readers, failed: 0, pending: 0 });
    const counts = stack.resend.countByRecipient();
    const twice = [...counts].filter(([, n]) => n > 1);
    expect({ readers: counts.size, twice }).toEqual({ readers, twice: [] });
    // Every request was answered: served, or a 503 while the database was away; never a dead socket or a 500.
    expect([...answers.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    // And afterwards it serves as before.
    expect((await fetch(`${base}/archive/list/daily-digest`)).status).toBe(200);
    expect((await fetch(`${base}${unsubscribeUrl}`, { method: 'POST' })).status).toBe(200);
    console.info(
      `[measure] pg_terminate_backend: ${terminated} backends terminated during the send (sent ${sentAtFirstCut}/${readers} at the first cut, ${sentWhileCutting}/${readers} when the cutting stopped); ` +
        `process restarts 0; HTTP answers ${JSON.stringify(Object.fromEntries(answers))}; delivered ${counts.size}, duplicates 0, missing ${readers - counts.size}`,
    );
  });
});
