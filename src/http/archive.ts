import type { Hono } from 'hono';
import type { Container } from '../container.ts';
import { UUID } from '../editions/edition.ts';
import { escapeXml } from '../rendering/escape.ts';
import { compileTemplate, personalise } from '../rendering/personalisation.ts';
import { html } from './html.ts';
import { page } from './reader-pages.ts';
import { readerCopy } from '../i18n/reader-copy.ts';

const PUBLIC_STATUSES = ['preparing', 'sending', 'sent', 'sent_with_failures', 'incomplete'];

/**
 * The public web archive: every edition that went out, as a free reader got it,
 * with no personal data ("view in browser"), an index per list and an RSS feed.
 */
export function mountArchive(app: Hono, c: Container): void {
  const { db, config } = c;
  const manage = `${config.publicUrl}/archive/manage`;

  app.get('/archive/manage', (ctx) => {
    const lang = ctx.req.query('lang') ?? 'en';
    const t = readerCopy(lang).archive;
    return ctx.html(page(t.manageTitle, html`<h1>${t.manage}</h1><p>${t.manageIntro}</p>`, lang));
  });

  app.get('/archive/:id', async (ctx) => {
    const id = ctx.req.param('id');
    const [v] = UUID.test(id)
      ? await db.query<{ html: string; nonce: string; language: string }>(
          `select v.html, v.token_nonce as nonce, l.language from edition_variants v join editions e on e.id = v.edition_id join lists l on l.id = e.list_id
            where v.edition_id = $1 and v.key = 'free' and e.status = any($2)`,
          [id, PUBLIC_STATUSES],
        )
      : [];
    if (!v) {
      const t = readerCopy('en').archive;
      return ctx.html(page(t.noEdition, html`<h1>${t.noEdition}</h1><p>${t.noEditionIntro}</p>`), 404);
    }
    const t = readerCopy(v.language).archive;
    const here = `${manage}?lang=${encodeURIComponent(v.language)}`;
    const neutral = { greeting: t.greeting, email: t.you, unsubscribe_url: here, unsubscribe_all_url: here, preferences_url: here };
    // An email's images live on the newsroom's CDN: allow them, and nothing else.
    ctx.header('Content-Security-Policy', "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return ctx.html(personalise(compileTemplate(v.html, v.nonce), neutral, 'html'));
  });

  const sentEditions = (slug: string) =>
    db.query<{ id: string; subject: string; preheader: string; date: string; sentAt: Date; listName: string }>(
      `select e.id, e.subject, e.preheader, to_char(e.edition_date, 'YYYY-MM-DD') as date, coalesce(e.completed_at, e.updated_at) as "sentAt", l.name as "listName"
         from editions e join lists l on l.id = e.list_id
        where l.slug = $1 and e.status = any($2) order by e.edition_date desc, e.created_at desc limit 100`,
      [slug, PUBLIC_STATUSES],
    );

  app.get('/archive/list/:slug', async (ctx) => {
    const slug = ctx.req.param('slug');
    const [list] = await db.query<{ name: string; language: string }>(`select name, language from lists where slug = $1`, [slug]);
    if (!list) return ctx.html(page(readerCopy('en').archive.noNewsletter, html`<h1>${readerCopy('en').archive.noNewsletter}</h1>`), 404);
    const t = readerCopy(list.language).archive;
    const editions = await sentEditions(slug);
    return ctx.html(
      page(
        t.title(list.name),
        html`<h1>${list.name}</h1><p class="muted"><a href="/archive/list/${slug}/feed.xml">${t.rss}</a></p>
<ul>${editions.map((e) => html`<li><a href="/archive/${e.id}">${e.date}: ${e.subject}</a></li>`)}</ul>
${editions.length ? '' : html`<p>${t.nothingYet}</p>`}`,
        list.language,
      ),
    );
  });

  app.get('/archive/list/:slug/feed.xml', async (ctx) => {
    const slug = ctx.req.param('slug');
    const [list] = await db.query<{ name: string; language: string }>(`select name, language from lists where slug = $1`, [slug]);
    if (!list) return ctx.text('no such newsletter', 404);
    const editions = await sentEditions(slug);
    // A control character in one subject must not make the feed invalid XML for every subscriber of it.
    const x = escapeXml;
    const items = editions
      .map(
        (e) => `<item><title>${x(e.subject)}</title><link>${x(`${config.publicUrl}/archive/${e.id}`)}</link><guid isPermaLink="true">${x(`${config.publicUrl}/archive/${e.id}`)}</guid><pubDate>${new Date(e.sentAt).toUTCString()}</pubDate><description>${x(e.preheader)}</description></item>`,
      )
      .join('');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${x(list.name)}</title><link>${x(`${config.publicUrl}/archive/list/${slug}`)}</link><language>${x(list.language)}</language><description>${x(readerCopy(list.language).archive.every(list.name))}</description>${items}</channel></rss>`;
    return ctx.body(xml, 200, { 'content-type': 'application/rss+xml; charset=utf-8' });
  });
}
