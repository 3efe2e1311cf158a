import { decodeHTML } from 'entities';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { createEdition } from '../../src/editions/edition-service.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createList, updateList } from '../../src/subscribers/lists.ts';
import { closeServerAndStack, createTestStack, TEST_PUBLIC_URL, type TestStack, waitFor } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('a public sign-up page per list, and no dead links (PostgreSQL)', () => {
  it('serves /subscribe/<list> in the list’s language, keeps a refused address beside its field, and subscribes through double opt-in', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    await createList(db, 'diario', 'El Diario de la Mañana', { language: 'es', description: 'Lo más importante del día, a las 7:00.' });
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    await stack.workers();
    server = await startServer(stack.container, 0, '127.0.0.1');

    const page = await fetch(`${server.url}/subscribe/diario`);
    expect(page.status).toBe(200);
    const text = decodeHTML(await page.text());
    expect(text).toContain('<html lang="es">');
    expect(text).toContain('Suscríbete a El Diario de la Mañana');
    expect(text).toContain('Lo más importante del día, a las 7:00.');
    expect(decodeHTML(await (await fetch(`${server.url}/subscribe/daily-digest`)).text())).toContain('The day’s most important stories');
    expect((await fetch(`${server.url}/subscribe/nope`)).status).toBe(404);

    const refused = await fetch(`${server.url}/subscribe/diario`, form({ email: 'ana@', name: 'Ana <b>' }));
    expect(refused.status).toBe(400);
    const again = await refused.text();
    const shown = decodeHTML(again);
    expect(shown).toContain('Escribe un correo electrónico como ana@ejemplo.com.');
    expect(again).toContain('value="ana@"');
    expect(again).toContain('value="Ana &lt;b&gt;"'); // typed, kept and escaped
    expect(again).toContain('aria-describedby="email-error"');

    const ok = await fetch(`${server.url}/subscribe/diario`, form({ email: 'Ana@Example.com', name: 'Ana' }));
    expect(ok.status).toBe(200);
    expect(decodeHTML(await ok.text())).toContain('Revisa tu correo');
    const confirmation = await waitFor(async () => stack!.resend.accepted.find((e) => e.to[0] === 'Ana@Example.com'));
    // The confirmation speaks the list's language too.
    expect(confirmation.subject).toBe('Confirma tu suscripción a El Diario de la Mañana');
    expect(confirmation.html).toContain('lang="es"');
    expect(decodeHTML(confirmation.html!)).toContain('Sí, suscribirme');
    const [row] = await db.query<{ status: string }>(`select sub.status from subscriptions sub join subscribers s on s.id = sub.subscriber_id where s.email = 'Ana@Example.com'`);
    expect(row!.status).toBe('pending');
  });

  it("sends free readers' paywall links to the list's paid URL, else to its sign-up page, and refuses an edition with a link our server would not serve", async () => {
    stack = await createTestStack('postgres');
    const { db, render } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily');
    const locked = { ...seedDigest, teasers: seedDigest.teasers.map((t, i) => (i === 0 ? { ...t, access: 'paid' as const } : t)) };
    const edition = await createEdition(db, { listSlug: 'daily-digest', content: locked });
    const free = async () => (await render(await import('../../src/editions/edition-service.ts').then((m) => m.getEdition(db, edition.id)), 'free')).html;
    expect(await free()).toContain(`href="${TEST_PUBLIC_URL}/subscribe/daily-digest"`);
    const review = await stack.container.presendReview(edition);
    expect(review.problems).toEqual([]);
    expect(review.content).toContainEqual(expect.objectContaining({ label: 'Paywall link', status: 'warn' }));
    expect(review.variants[0]!.checks).toContainEqual({ label: `Links into ${TEST_PUBLIC_URL}`, status: 'pass', detail: '1 link(s), each served' });

    await updateList(db, 'daily-digest', { paidUrl: 'https://news.broadsheet.example/suscribete' });
    expect(await free()).toContain('href="https://news.broadsheet.example/suscribete"');

    // A story that points into Broadsheet's own address, at a page it does not have.
    const broken = await createEdition(db, { listSlug: 'daily-digest', content: { ...seedDigest, lead: { ...seedDigest.lead, url: `${TEST_PUBLIC_URL}/no-such-page` } } });
    const problems = await stack.container.presendCheck(broken);
    expect(problems).toContain(`free readers: our server would not serve ${TEST_PUBLIC_URL}/no-such-page?utm_source=newsletter&utm_medium=email&utm_campaign=daily-digest-${broken.editionDate} (404)`);
  });
});
