import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { editionProgress, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/security/api-tokens.ts';
import { newWebhookSecret, svixHeaders } from '../support/svix.ts';
import { closeServerAndStack, createTestStack, seedEdition, TEST_PUBLIC_URL, waitFor, type TestStack } from '../support/test-stack.ts';

const SECRET = newWebhookSecret();
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

/** A story's link as the email carries it: our link tags added. */
const tagged = (url: string, fragment = '') => `${url}?utm_source=newsletter&utm_medium=email&utm_campaign=daily-digest-2026-11-30${fragment}`;

describe('clicks per story from signed webhooks (PostgreSQL)', () => {
  it('maps each click to its story, position and section, counts readers once, and keeps scanners apart', async () => {
    stack = await createTestStack('postgres', { env: { RESEND_WEBHOOK_SECRET: SECRET } });
    const { db } = stack.container;
    const edition = await seedEdition(stack, 10);
    await stack.workers();
    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    server = await startServer(stack.container, 0, '127.0.0.1');
    const ids = (await db.query<{ id: string }>(`select provider_id as id from deliveries where edition_id = $1 order by subscriber_id`, [edition.id])).map((r) => r.id);

    const [lead, t1, t2, t3] = [seedDigest.lead, ...seedDigest.teasers].map((a) => a.url) as [string, string, string, string];
    const t0 = Date.parse('2026-11-30T13:00:00Z');
    const click = async (reader: number, link: string, atMs: number, userAgent = BROWSER) => {
      const body = JSON.stringify({
        type: 'email.clicked',
        created_at: new Date(atMs + 500).toISOString(),
        data: { email_id: ids[reader]!, to: [`reader${reader}@example.com`], click: { link, userAgent, ipAddress: '203.0.113.7', timestamp: new Date(atMs).toISOString() } },
      });
      const r = await fetch(`${server!.url}/webhooks/resend`, { method: 'POST', body, headers: svixHeaders(SECRET, body) });
      expect(r.status).toBe(200);
    };
    // Reader 0: the lead twice, and the second teaser's comments.
    await click(0, tagged(lead), t0);
    await click(0, tagged(lead), t0 + 60_000);
    await click(0, tagged(t2, '#comments'), t0 + 120_000);
    // Reader 1: the lead. Reader 2: the first teaser.
    await click(1, tagged(lead), t0);
    await click(2, tagged(t1), t0);
    // Reader 3: a security gateway, by its user agent.
    await click(3, tagged(lead), t0, 'Mozilla/5.0 (compatible; Mimecast URL Protect)');
    // Reader 4: a browser's user agent, but every story within two seconds, arriving out of order: a scanner.
    await click(4, tagged(t3), t0 + 1_500);
    await click(4, tagged(lead), t0);
    await click(4, tagged(t1), t0 + 500);
    await click(4, tagged(t2), t0 + 1_000);
    // Reader 5: only the footer (their preferences): not a story, and not a reader who clicked one.
    await click(5, `${TEST_PUBLIC_URL}/preferences/v1.preferences.6.0.abc`, t0);
    // Reader 6: three stories, a minute apart: a reader, not a burst.
    await click(6, tagged(lead), t0);
    await click(6, tagged(t1), t0 + 60_000);
    await click(6, tagged(t3), t0 + 120_000);

    const { token } = await createApiToken(db, 'desk', 'editor');
    const stats = await (await fetch(`${server.url}/api/editions/${edition.id}/stats`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(stats).toMatchObject({ clicked: 4, scannerClicks: 5 });
    expect(stats.stories).toEqual([
      { url: lead, headline: seedDigest.lead.headline, position: 'lead', section: 'News', clicks: 4, uniqueClicks: 3 },
      { url: t1, headline: seedDigest.teasers[0]!.headline, position: 'teaser 1', section: 'Business', clicks: 2, uniqueClicks: 2 },
      ...[
        { url: t2, headline: seedDigest.teasers[1]!.headline, position: 'teaser 2', section: 'Politics', clicks: 1, uniqueClicks: 1 },
        { url: t3, headline: seedDigest.teasers[2]!.headline, position: 'teaser 3', section: 'Politics', clicks: 1, uniqueClicks: 1 },
      ].sort((a, b) => a.url.localeCompare(b.url)),
    ]);
    const kept = await db.query<{ position: string; scanner: boolean; reason: string | null }>(
      `select position, scanner, scanner_reason as reason from clicks where subscriber_id in (select subscriber_id from deliveries where provider_id = any($1)) order by id`,
      [[ids[3], ids[4], ids[5]]],
    );
    expect(kept).toEqual([
      { position: 'lead', scanner: true, reason: 'scanner user agent' },
      ...['teaser 3', 'lead', 'teaser 1', 'teaser 2'].map((position) => ({ position, scanner: true, reason: 'clicked most links of the email within seconds' })),
      { position: 'footer', scanner: false, reason: null },
    ]);
  });
});
