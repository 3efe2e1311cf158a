import type { Article } from '../../src/content/article.ts';
import { escapeHtml as x } from '../../src/rendering/escape.ts';
import { sponsorsAt, type SponsorSlot } from '../../src/sponsors/sponsor.ts';
import { commentLabel, commentsUrl } from '../_components/comment-line.tsx';
import { isLocked } from '../_components/locked.tsx';
import { formatEditionDate } from '../_components/masthead.tsx';
import { PREHEADER_PAD } from '../_components/preheader.tsx';
import { altTextCss, colorClass as cc, darkModeCss, theme } from '../_components/theme.ts';
import type { DigestTemplateProps } from '../_components/types.ts';
import { readerCopy } from '../../src/i18n/reader-copy.ts';

/**
 * The "grid" layout in MJML: a hero lead, then teaser cards two to a row that
 * stack on a phone. Same props as the React "classic" layout. Every value from
 * content goes through `x` (escapeHtml) on its way into the markup, so article text
 * can never become MJML or HTML; only this file writes tags.
 */

const label = (text: string, cls: string = cc.muted, color: string = theme.muted) =>
  `<p class="${cls}" style="margin:0 0 6px;font-family:${theme.sans};font-size:11px;font-weight:700;letter-spacing:1px;text-transform:uppercase;color:${color}">${x(text)}</p>`;

const link = (href: string, text: string, style: string, cls: string) => `<a href="${x(href)}" class="${cls}" style="${style}">${x(text)}</a>`;

/** The list's words for this email (src/i18n). */
const copy = (p: DigestTemplateProps) => readerCopy(p.lang ?? 'en').email;

function commentLine(a: Article, p: DigestTemplateProps): string {
  const text = commentLabel(a.commentCount, p.tier, copy(p));
  if (!text) return '';
  const style = `margin:6px 0 0;font-family:${theme.sans};font-size:13px;color:${theme.muted}`;
  return p.tier === 'paid'
    ? `<p style="${style}">${link(commentsUrl(a.url), text, `color:${theme.accent}`, cc.accent)}</p>`
    : `<p class="${cc.muted}" style="${style}">${x(text)}</p>`;
}

const subscribeToRead = (p: DigestTemplateProps) =>
  `<p style="margin:6px 0 0;font-family:${theme.sans};font-size:13px">${link(p.links.subscribe, copy(p).subscribeToRead, `color:${theme.accent};font-weight:700`, cc.accent)}</p>`;

function masthead(p: DigestTemplateProps): string {
  return `<mj-section background-color="${theme.paper}" css-class="${cc.paper}" padding="24px 24px 8px" border-bottom="3px double ${theme.ink}">
<mj-column><mj-text>
<p class="${cc.muted}" style="margin:0;font-family:${theme.sans};font-size:12px;letter-spacing:1px;text-transform:uppercase;color:${theme.muted}">${x(formatEditionDate(p.editionDate, p.lang))}</p>
<h1 class="${cc.ink}" style="margin:4px 0 8px;font-family:${theme.serif};font-size:32px;line-height:38px;color:${theme.ink}">${x(p.listName)}</h1>
<p class="${cc.ink}" style="margin:0 0 8px;font-family:${theme.sans};font-size:15px;color:${theme.ink}">${x(p.greeting)}</p>
</mj-text></mj-column></mj-section>`;
}

function hero(p: DigestTemplateProps): string {
  const a = p.content.lead;
  const locked = isLocked(a, p.tier);
  const image = a.image
    ? `<mj-image css-class="bs-img" src="${x(a.image.src)}" alt="${x(a.image.alt)}"${imageLink(a)} width="600px" padding="0" fluid-on-mobile="true" />` +
      (a.image.caption || a.image.credit
        ? `<mj-text padding="4px 24px 0"><p class="${cc.muted}" style="margin:0;font-family:${theme.sans};font-size:12px;color:${theme.muted}">${x([a.image.caption, a.image.credit].filter(Boolean).join(' · '))}</p></mj-text>`
        : '')
    : '';
  const t = copy(p);
  const kicker = locked ? label(t.subscriberExclusive, cc.accent, theme.accent) : a.section ? label(a.section, cc.accent, theme.accent) : '';
  const button = locked ? { href: p.links.subscribe, text: t.subscribeToRead } : { href: a.url, text: t.readFullStory };
  return `<mj-section background-color="${theme.paper}" css-class="${cc.paper}" padding="0 0 16px">
<mj-column>${image}
<mj-text padding="16px 24px 0">${kicker}
<h2 style="margin:0 0 8px;font-family:${theme.serif};font-size:28px;line-height:34px">${link(a.url, a.headline, `color:${theme.ink};text-decoration:none`, cc.ink)}</h2>
${a.dek ? `<p class="${cc.ink}" style="margin:0 0 8px;font-family:${theme.serif};font-size:17px;line-height:26px;color:${theme.ink}">${x(a.dek)}</p>` : ''}
${a.byline ? `<p class="${cc.muted}" style="margin:0;font-family:${theme.sans};font-size:13px;color:${theme.muted}">${x(a.byline)}</p>` : ''}
${locked ? '' : commentLine(a, p)}
</mj-text>
<mj-button href="${x(button.href)}" background-color="${theme.accent}" color="#ffffff" font-family="${theme.sans}" font-size="15px" font-weight="700" align="left" padding="14px 24px 0" inner-padding="10px 18px" border-radius="3px">${x(button.text)} &#8594;</mj-button>
</mj-column></mj-section>`;
}

function note(text: string, p: DigestTemplateProps): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((para) => `<p class="${cc.ink}" style="margin:4px 0;font-family:${theme.serif};font-size:15px;line-height:22px;color:${theme.ink}">${x(para)}</p>`)
    .join('');
  return `<mj-section background-color="${theme.paper}" css-class="${cc.paper}" padding="0 24px 16px">
<mj-column background-color="${theme.canvas}" css-class="${cc.note}" border-left="3px solid ${theme.accent}" padding="12px 16px"><mj-text>${label(copy(p).fromTheEditor)}${paragraphs}</mj-text></mj-column></mj-section>`;
}

const cardImage = (a: Article) =>
  a.image ? `<mj-image css-class="bs-img" src="${x(a.image.src)}" alt="${x(a.image.alt)}"${imageLink(a)} width="264px" height="176px" padding="0 0 10px" fluid-on-mobile="true" />` : '';

/**
 * A picture links to its story, unless it has no alt text: then it is decorative
 * and unlinked (mj-image cannot hide its link from screen readers, and a link with
 * no name is worse than none); the headline link beside it names the story.
 */
const imageLink = (a: Article) => (a.image?.altMissing ? '' : ` href="${x(a.url)}"`);

/** Half a row: picture above, words below. */
function card(a: Article, p: DigestTemplateProps): string {
  return `<mj-column width="50%" padding="0 12px 20px" vertical-align="top">${cardImage(a)}${cardText(a, p)}</mj-column>`;
}

/** A card left alone at the end of a run spans the row, picture beside words, rather than leave half of it empty. */
function wideCard(a: Article, p: DigestTemplateProps): string {
  if (!a.image) return `<mj-column width="100%" padding="0 12px 20px">${cardText(a, p)}</mj-column>`;
  return `<mj-column width="50%" padding="0 12px 20px" vertical-align="top">${cardImage(a)}</mj-column><mj-column width="50%" padding="0 12px 20px" vertical-align="top">${cardText(a, p)}</mj-column>`;
}

function cardText(a: Article, p: DigestTemplateProps): string {
  const locked = isLocked(a, p.tier);
  return `<mj-text>${locked ? label(copy(p).subscriberExclusive, cc.accent, theme.accent) : a.section ? label(a.section) : ''}
<h3 style="margin:0 0 4px;font-family:${theme.serif};font-size:18px;line-height:24px">${link(a.url, a.headline, `color:${theme.ink};text-decoration:none`, cc.ink)}</h3>
${a.dek ? `<p class="${cc.muted}" style="margin:0;font-family:${theme.sans};font-size:14px;line-height:20px;color:${theme.muted}">${x(a.dek)}</p>` : ''}
${locked ? subscribeToRead(p) : commentLine(a, p)}
</mj-text>`;
}

function cardRows(teasers: readonly Article[], p: DigestTemplateProps): string {
  const rows: string[] = [];
  for (let i = 0; i < teasers.length; i += 2) {
    const pair = teasers.slice(i, i + 2);
    rows.push(
      `<mj-section background-color="${theme.paper}" css-class="${cc.paper}" padding="${i === 0 ? '20px' : '0'} 12px 0" text-align="left">${pair.length === 2 ? pair.map((a) => card(a, p)).join('') : wideCard(pair[0]!, p)}</mj-section>`,
    );
  }
  return rows.join('\n');
}

function sponsor(s: SponsorSlot, p: DigestTemplateProps): string {
  const image = s.image ? `<mj-image css-class="bs-img" src="${x(s.image.src)}" alt="${x(s.image.alt)}" href="${x(s.url)}" width="520px" padding="0 0 8px" />` : '';
  return `<mj-section background-color="${theme.paper}" css-class="${cc.paper}" padding="4px 24px 20px">
<mj-column background-color="${theme.canvas}" css-class="${cc.note}" border="1px solid ${theme.rule}" padding="12px 16px">
<mj-text>${label(`${copy(p).sponsored} · ${s.name}`)}</mj-text>${image}
<mj-text><h3 style="margin:0 0 4px;font-family:${theme.serif};font-size:17px;line-height:23px">${link(s.url, s.headline, `color:${theme.ink};text-decoration:none`, cc.ink)}</h3>
${s.body ? `<p class="${cc.muted}" style="margin:0 0 6px;font-family:${theme.sans};font-size:14px;line-height:20px;color:${theme.muted}">${x(s.body)}</p>` : ''}
<p style="margin:0;font-family:${theme.sans};font-size:13px">${link(s.url, `${s.cta} →`, `color:${theme.accent};font-weight:700`, cc.accent)}</p></mj-text>
</mj-column></mj-section>`;
}

function footer(p: DigestTemplateProps): string {
  const small = `margin:6px 0;font-family:${theme.sans};font-size:12px;line-height:18px;color:${theme.muted}`;
  const a = (href: string, text: string) => link(href, text, `color:${theme.muted};text-decoration:underline`, cc.muted);
  const t = copy(p);
  const links = [a(p.links.viewInBrowser, t.viewInBrowser), a(p.links.preferences, t.managePreferences), a(p.links.unsubscribe, t.unsubscribe)];
  if (p.links.unsubscribeAll) links.push(a(p.links.unsubscribeAll, t.unsubscribeAll));
  const upsell =
    p.tier === 'free'
      ? `<p class="${cc.muted}" style="${small}">${x(t.paidPitch)} ${link(p.links.subscribe, t.becomePaid, `color:${theme.accent};text-decoration:underline`, cc.accent)}</p>`
      : '';
  return `<mj-section background-color="${theme.paper}" css-class="${cc.paper}" padding="20px 24px 28px" border-top="3px double ${theme.ink}">
<mj-column><mj-text>${upsell}
<p class="${cc.muted}" style="${small}">${x(t.youReceive(p.listName, p.recipientEmail))} ${links.join(' · ')}</p>
<p class="${cc.muted}" style="${small}">${x(p.publisher.name)} · ${x(p.publisher.postalAddress)}</p>
</mj-text></mj-column></mj-section>`;
}

/** The grid layout's MJML source for one variant. */
export function gridDigestMjml(p: DigestTemplateProps): string {
  const teasers = p.content.teasers;
  const sponsorsAfter = (n: number) => sponsorsAt(p.sponsors, n, teasers.length).map((s) => sponsor(s, p)).join('\n');
  // Sponsors sit between rows of cards: the cards run in stretches from one sponsor to the next.
  const stretches: string[] = [];
  let run: Article[] = [];
  teasers.forEach((a, i) => {
    run.push(a);
    const after = sponsorsAfter(i + 1);
    if (after) {
      stretches.push(cardRows(run, p), after);
      run = [];
    }
  });
  if (run.length) stretches.push(cardRows(run, p));
  return `<mjml lang="${x(p.lang ?? 'en')}" dir="ltr">
<mj-head>
<mj-title>${x(`${p.listName} · ${formatEditionDate(p.editionDate, p.lang)}`)}</mj-title>
<mj-raw><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"></mj-raw>
<mj-attributes><mj-all font-family="${theme.sans}" /><mj-text padding="0" color="${theme.ink}" font-size="14px" line-height="20px" /><mj-section padding="0" /><mj-column padding="0" /></mj-attributes>
<mj-style>${altTextCss}${darkModeCss(['>table', '>table>tbody>tr>td', '>div'])}</mj-style>
<mj-breakpoint width="480px" />
</mj-head>
<mj-body width="600px" background-color="${theme.canvas}" css-class="${cc.canvas}">
<mj-raw><div data-skip-in-text="true" style="display:none;overflow:hidden;line-height:1px;opacity:0;max-height:0;max-width:0;font-size:1px;color:transparent">${x(p.preheader)}${x(PREHEADER_PAD)}</div></mj-raw>
<mj-section padding="0"><mj-column><mj-spacer height="16px" /></mj-column></mj-section>
${masthead(p)}
${hero(p)}
${p.content.note ? note(p.content.note, p) : ''}
${sponsorsAfter(0)}
${stretches.join('\n')}
${footer(p)}
</mj-body>
</mjml>`;
}
