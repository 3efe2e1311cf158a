import { Readable } from 'node:stream';
import { decodeHTML } from 'entities';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/article.ts';
import { parseDigestContent } from '../../src/content/digest-content.ts';
import { createEdition, editionProgress, getEdition, previewOf, scheduleEdition } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { createList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { closeServerAndStack, createTestStack, TEST_PUBLIC_URL, type TestStack, waitFor } from '../support/test-stack.ts';

let stack: TestStack | undefined;
let server: RunningServer | undefined;
afterEach(closeServerAndStack(() => [server, stack], () => (server = stack = undefined)));

const nota = (id: string, headline: string, section: string, extra: Partial<ArticleInput> = {}): ArticleInput => ({
  id,
  url: `https://www.milenio.example/${id}`,
  headline,
  dek: `${headline}: lo que sabemos.`,
  publishedAt: '2024-11-21T07:00:00-06:00',
  section,
  ...extra,
});

const CONTENIDO = parseDigestContent({
  lead: nota('narcos', 'El arma secreta de los narcos es WhatsApp', 'Seguridad', { commentCount: 3 }),
  teasers: [
    nota('puerto', 'Manzanillo recibirá 64 mil millones de pesos', 'Economía', { image: { src: 'https://img.milenio.example/puerto.jpg', alt: 'Barcos en el puerto de Manzanillo' } }),
    nota('tmec', 'Sheinbaum: Trudeau apoya mantener el T-MEC', 'Política', { access: 'paid', commentCount: 1 }),
    nota('acapulco', 'Plan de reconstrucción para Acapulco', 'Política'),
  ],
  note: 'Buenos días. Nuestros reporteros siguen ambas historias.',
});

describe('a Spanish list, end to end (PostgreSQL, the resend SDK)', () => {
  it('sends Spanish emails (both parts, both layouts) and serves Spanish reader pages, and its checks hold', async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    await createList(db, 'diario', 'El Diario', {
      language: 'es-mx',
      timezone: 'America/Mexico_City',
      // The sender readers know, per list.
      emailFrom: 'Crónica Diaria <diaria@news.example.com>',
      replyTo: 'Redacción <redaccion@news.example.com>',
      publisherName: 'Milenio Diario',
      postalAddress: 'Calle Morelos 16, 06040 Ciudad de México',
    });
    const edition = await createEdition(db, { listSlug: 'diario', content: CONTENIDO, editionDate: '2024-11-21' });
    const csv = 'correo,nombre,tier,secciones\nana@example.com,Ana,free,Política\nbeto@example.com,,paid,\n';
    expect((await importSubscribers(db, 'diario', Readable.from([csv]))).rejected).toEqual([]);

    // The pre-send checks (accessibility, size, links) hold in Spanish, on every variant.
    expect((await stack.container.presendReview(await getEdition(db, edition.id))).problems).toEqual([]);

    await stack.workers();
    await scheduleEdition(db, await stack.container.queue(), edition.id);
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status), 'the edition to finish');
    const emailTo = (address: string) => stack!.resend.accepted.find((e) => e.to[0] === address)!;

    const ana = emailTo('ana@example.com');
    expect({ from: ana.from, replyTo: ana.replyTo }).toEqual({ from: 'Crónica Diaria <diaria@news.example.com>', replyTo: 'Redacción <redaccion@news.example.com>' });
    // As a reader sees it: entities decoded, React's empty comments between text runs dropped.
    const html = decodeHTML(ana.html!).replaceAll('<!-- -->', '');
    expect(ana.html).not.toMatch(/lang="en"/); // not even React Email's default on the body
    expect(html).toContain('Milenio Diario · Calle Morelos 16, 06040 Ciudad de México');
    expect(ana.html).toContain('lang="es-MX"');
    for (const words of ['Buenos días, Ana', 'jueves, 21 de noviembre de 2024', 'Lee la nota completa →', 'Exclusiva para suscriptores', 'Suscríbete para leerla',
      'Nota del editor', '¿Tienes algo que decir?', 'Hazte suscriptor de pago', 'Recibes El Diario en ana@example.com.', 'Ver en el navegador', 'Administrar preferencias', 'Darse de baja']) {
      expect(html, words).toContain(words);
    }
    // Ana chose Política: no Economía teaser.
    expect(html).not.toContain('Manzanillo recibirá');
    expect(ana.text).toContain('Buenos días, Ana');
    expect(ana.text).toContain('Darse de baja');
    expect(ana.text).not.toMatch(/Read the full story|Unsubscribe|Good morning|comments?\b/);

    const beto = decodeHTML(emailTo('beto@example.com').html!);
    expect(beto).toContain('Buenos días'); // no name
    expect(beto).toContain('3 comentarios · únete a la conversación');
    expect(beto).toContain('Manzanillo recibirá');

    // The grid layout in Spanish too.
    const grid = decodeHTML(await previewOf(stack.container.render, { ...(await getEdition(db, edition.id)), layout: 'grid' }, 'free'));
    for (const words of ['jueves, 21 de noviembre de 2024', 'Lee la nota completa', 'Nota del editor', 'Suscríbete para leerla', 'Darse de baja de todo']) expect(grid, words).toContain(words);
    expect(grid).not.toMatch(/Read the full story|Subscriber exclusive|Unsubscribe/);

    // Reader pages: unsubscribe (fewer sections first), preferences, the archive.
    server = await startServer(stack.container, 0, '127.0.0.1');
    const local = (url: string) => url.replace(TEST_PUBLIC_URL, server!.url);
    const unsubscribeUrl = local(/^<(.+)>$/.exec(ana.headers['List-Unsubscribe']!)![1]!);
    const page = decodeHTML(await (await fetch(unsubscribeUrl)).text());
    expect(page).toContain('<html lang="es-MX">');
    expect(page).toContain('¿Darte de baja de El Diario?');
    expect(page).toContain('Recibir solo estas secciones');
    expect(page.indexOf('Recibir solo estas secciones')).toBeLessThan(page.indexOf('Darme de baja'));
    const fewer = await fetch(`${unsubscribeUrl}/sections`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'section=econom%C3%ADa&section=pol%C3%ADtica' });
    expect(decodeHTML(await fewer.text())).toContain('Guardado: desde ahora recibes la nota principal y Economía, Política.');
    const [{ sections }] = (await db.query<{ sections: string[] }>(`select sub.sections from subscriptions sub join subscribers s on s.id = sub.subscriber_id where s.email = 'ana@example.com'`)) as [{ sections: string[] }];
    expect(sections).toEqual(['economía', 'política']);

    const preferencesUrl = local(/href="([^"]*\/preferences\/[^"]+)"/.exec(ana.html!)![1]!.replace(/&amp;/g, '&'));
    const prefs = decodeHTML(await (await fetch(preferencesUrl)).text());
    for (const words of ['Tus suscripciones', 'Para a•••@example.com · lector gratuito', 'Secciones de El Diario', 'Guardar']) expect(prefs, words).toContain(words);

    // The daily list, the weekly one, or both, from the preference page; sections per list.
    await createList(db, 'semanal', 'El Semanal', { language: 'es' });
    const ids = Object.fromEntries((await db.query<{ slug: string; id: number }>(`select slug, id from lists`)).map((l) => [l.slug, l.id]));
    const saved = await fetch(preferencesUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `name=Ana&list=${ids.diario}&list=${ids.semanal}&sections-${ids.diario}=pol%C3%ADtica`,
    });
    expect(saved.status).toBe(303);
    const mine = await db.query<{ slug: string; status: string; sections: string[] | null }>(
      `select l.slug, sub.status, sub.sections from subscriptions sub join lists l on l.id = sub.list_id join subscribers s on s.id = sub.subscriber_id
        where s.email = 'ana@example.com' order by l.slug`,
    );
    expect(mine).toEqual([
      { slug: 'diario', status: 'active', sections: ['política'] },
      { slug: 'semanal', status: 'active', sections: null },
    ]);
    expect(decodeHTML(await (await fetch(preferencesUrl)).text())).toContain('El Semanal');

    const archive = decodeHTML(await (await fetch(`${server.url}/archive/${edition.id}`)).text());
    expect(archive).toContain('Buenos días');
    expect(decodeHTML(await (await fetch(`${server.url}/archive/list/diario`)).text())).toContain('Feed RSS de este archivo');
  });
});
