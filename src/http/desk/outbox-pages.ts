import type { ReadMessage } from '../../transports/eml-reader.ts';
import type { OutboxEntry } from '../../transports/outbox-transport.ts';
import { html } from '../html.ts';
import { layout, type DeskContext } from './desk-layout.ts';

export const OUTBOX_PAGE_SIZE = 50;

const at = (iso: string) => iso.replace('T', ' ').slice(0, 19) + ' UTC';

/** What the local outbox holds, newest first: who got what, when, from which edition. */
export function outboxListPage(d: DeskContext, data: { dir: string | null; entries: OutboxEntry[]; page: number; more: boolean }): string {
  if (!data.dir) {
    return layout(
      'Outbox',
      d,
      html`<h1>Outbox</h1><section class="card"><p>Mail goes to readers through Resend, so there is no local outbox: Resend's dashboard (Emails) lists every message, and each edition's page here shows its progress.</p></section>`,
    );
  }
  const pager = html`<nav class="pager" aria-label="Outbox pages">${data.page > 1 ? html`<a href="/desk/outbox?page=${data.page - 1}">← Newer</a>` : ''}${data.more ? html`<a href="/desk/outbox?page=${data.page + 1}">Older →</a>` : ''}</nav>`;
  return layout(
    'Outbox',
    d,
    html`<h1>Outbox</h1>
<p class="muted">Without a Resend API key, every message is written here instead of being sent: <code>${data.dir}</code>, one <code>.eml</code> file each (any mail app opens them) and <code>index.jsonl</code> listing them. Open one to see it as its reader does.</p>
<section class="card">
${data.entries.length
  ? html`<table class="outbox"><thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Edition</th></tr></thead><tbody>
${data.entries.map(
  (e) => html`<tr><td class="nowrap">${at(e.at)}</td><td>${e.to}</td><td><a href="/desk/outbox/${e.file}">${e.subject}</a></td>
<td>${e.tags.edition ? html`<a href="/desk/editions/${e.tags.edition}">${e.tags.kind === 'test' ? 'test send' : `${e.tags.tier ?? ''} reader`}</a>` : '—'}</td></tr>`,
)}</tbody></table>${pager}`
  : html`<p class="muted">Nothing has been sent yet. Run <code>npm run demo</code>, or send an edition or a test from its page.</p>`}
</section>`,
  );
}

/** The headers a reader's client shows or acts on, in the order it would. */
const SHOWN = ['From', 'To', 'Subject', 'Date', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'Message-ID', 'X-Broadsheet-Tags'];

/** One message as its reader sees it: the HTML at a desktop or phone width, the plain text, and the headers. */
export function outboxMessagePage(d: DeskContext, data: { file: string; message: ReadMessage; width: '600' | '375' }): string {
  const m = data.message;
  const subject = m.headers.find((h) => h.name.toLowerCase() === 'subject')?.value ?? '(no subject)';
  const shown = SHOWN.flatMap((name) => m.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()));
  const widthLink = (w: '600' | '375', label: string) =>
    html`<a href="/desk/outbox/${data.file}?w=${w}" class="${data.width === w ? 'on' : ''}" aria-current="${data.width === w ? 'true' : 'false'}">${label}</a>`;
  return layout(
    subject,
    d,
    html`<p class="crumbs"><a href="/desk/outbox">Outbox</a> › ${data.file}</p>
<h1>${subject}</h1>
<div class="columns"><div>
<section class="card"><h2>Headers</h2><table class="headers"><tbody>${shown.map((h) => html`<tr><th scope="row">${h.name}</th><td>${h.value}</td></tr>`)}</tbody></table>
<details><summary>All ${m.headers.length} headers</summary><pre class="raw" tabindex="0" aria-label="every header">${m.headers.map((h) => `${h.name}: ${h.value}`).join('\n')}</pre></details></section>
<section class="card"><h2>Plain text</h2>${m.text !== null ? html`<pre class="plain-text" tabindex="0" aria-label="the plain-text part">${m.text}</pre>` : html`<p class="muted">This message has no plain-text part.</p>`}</section>
</div><div>
<section class="card" id="message"><h2>As the reader sees it</h2>
<div class="toolbar"><span>Width</span>${widthLink('600', 'Desktop 600')}${widthLink('375', 'Phone 375')}</div>
${m.html !== null
  ? html`<iframe title="the message's HTML, ${data.width} px wide" src="/desk/outbox/${data.file}/html" class="preview w-${data.width}" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>`
  : html`<p class="muted">This message has no HTML part.</p>`}
</section></div></div>`,
  );
}
