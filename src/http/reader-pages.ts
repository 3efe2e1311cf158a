import { html, type SafeHtml } from './html.ts';
import type { ReaderPreferences } from '../subscribers/consent.ts';
import type { List } from '../subscribers/lists.ts';
import { readerCopy } from '../i18n/reader-copy.ts';

/** `ana.maria@example.com` → `a•••@example.com`: enough to recognise, not enough to harvest from a forwarded link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

export function page(title: string, body: SafeHtml, lang = 'en'): string {
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>
body{font:16px/1.5 Georgia,serif;color:#1a1a1a;background:#f3f1ec;margin:0;padding:24px}
main{max-width:520px;margin:0 auto;background:#fff;padding:24px 28px;border-top:3px double #1a1a1a}
h1{font-size:24px;margin:0 0 12px}button{font:inherit;background:#9b1c1c;color:#fff;border:0;padding:10px 18px;cursor:pointer}
label{display:block;margin:6px 0}fieldset{border:1px solid #ccc;margin:12px 0;padding:8px 12px}h2{font-size:19px;margin:16px 0 8px}
button.secondary{background:#fff;color:#9b1c1c;border:2px solid #9b1c1c}input[type=text],input[type=email]{font:inherit;width:100%;box-sizing:border-box;padding:6px;margin-top:4px;border:1px solid #767676}
.muted{color:#555;font-size:14px}.field-error{color:#9b1c1c;font-size:15px;margin:4px 0 0}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #2b6cb0;outline-offset:2px}
:root{color-scheme:light dark}
@media (prefers-color-scheme:dark){body{color:#ececec;background:#0e0e0e}main{background:#181818;border-top-color:#ececec}.muted{color:#b5b5b5}
a{color:#9cc3ff}input[type=text],input[type=email]{background:#242424;color:#ececec;border-color:#8a8a8a}fieldset{border-color:#3a3a3a}
.field-error{color:#ff9b8f}button.secondary{background:#181818;color:#ff9b8f;border-color:#ff9b8f}button:focus-visible,input:focus-visible,a:focus-visible{outline-color:#9cc3ff}}
</style></head><body><main>${body}</main></body></html>`.value;
}

/** A list's section boxes: ticked ones are the reader's; none ticked is every section. */
function sectionBoxes(name: string, sections: readonly { key: string; name: string; chosen: boolean }[], legend: string, hint: string): SafeHtml | string {
  if (!sections.length) return '';
  return html`<fieldset><legend>${legend}</legend><p class="muted">${hint}</p>
${sections.map((s) => html`<label><input type="checkbox" name="${name}" value="${s.key}"${s.chosen ? html` checked` : ''}> ${s.name}</label>`)}
</fieldset>`;
}

/** What the unsubscribe link shows: first the offer of fewer sections (when the list has them), then the button to leave. */
export interface UnsubscribeView {
  action: string;
  email: string;
  /** The list's name; null when the link leaves every list. */
  list: string | null;
  preferencesUrl: string;
  sections: { key: string; name: string; chosen: boolean }[];
  lang: string;
}

export function unsubscribeConfirmPage(v: UnsubscribeView): string {
  const t = readerCopy(v.lang).unsubscribe;
  // A GET never unsubscribes (link scanners follow every link): the reader presses the button, which POSTs.
  return page(
    t.title,
    html`<h1>${t.question(v.list)}</h1>
<p>${t.forAddress(maskEmail(v.email))}</p>
${v.sections.length
  ? html`<form method="post" action="${v.action}/sections"><h2>${t.fewerTitle}</h2>
${sectionBoxes('section', v.sections, t.fewerIntro, '')}
<p><button type="submit" class="secondary">${t.fewerButton}</button></p></form>`
  : ''}
<form method="post" action="${v.action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${t.button}</button></form>
<p class="muted">${t.rather} <a href="${v.preferencesUrl}">${t.choose}</a>.</p>`,
    v.lang,
  );
}

export function fewerSectionsSavedPage(chosen: readonly string[], preferencesUrl: string, lang: string): string {
  const t = readerCopy(lang).unsubscribe;
  return page(t.title, html`<h1>${t.fewerTitle}</h1><p role="status">${t.fewerSaved(chosen.join(', '))}</p>
<p class="muted"><a href="${preferencesUrl}">${t.manage}</a></p>`, lang);
}

export function unsubscribedPage(list: string | null, preferencesUrl: string, lang: string): string {
  const t = readerCopy(lang).unsubscribe;
  return page(
    t.doneTitle,
    html`<h1>${t.doneTitle}</h1><p>${t.done(list)}</p>
<p class="muted">${t.changedMind} <a href="${preferencesUrl}">${t.manage}</a>.</p>`,
    lang,
  );
}

export function preferencesPage(action: string, prefs: ReaderPreferences, saved: boolean, lang: string): string {
  const t = readerCopy(lang).preferences;
  return page(
    t.title,
    html`<h1>${t.title}</h1>
<p class="muted">${t.forReader(maskEmail(prefs.email), prefs.tier === 'paid')}</p>
${saved ? html`<p role="status"><strong>${t.saved}</strong></p>` : ''}
<form method="post" action="${action}">
<label>${t.name} <input type="text" name="name" maxlength="200" value="${prefs.name ?? ''}"></label>
<fieldset><legend>${t.newsletters}</legend>
${prefs.lists.map((l) => html`<label><input type="checkbox" name="list" value="${l.id}"${l.subscribed ? html` checked` : ''}> ${l.name}</label>`)}
</fieldset>
${prefs.lists.filter((l) => l.subscribed).map((l) => sectionBoxes(`sections-${l.id}`, l.sections, t.sectionsOf(l.name), t.everything))}
<p><button type="submit">${t.save}</button></p>
</form>`,
    lang,
  );
}

export function errorPage(status: number, message: string, lang = 'en'): string {
  const t = readerCopy(lang).errors;
  const [title, heading] = status >= 500 ? [t.laterTitle, t.later] : status === 404 ? [t.notFoundTitle, t.notFound] : status === 413 ? [t.tooLargeTitle, t.tooLarge] : [t.linkNotValidTitle, t.linkNotValid];
  return page(title, html`<h1>${heading}</h1><p>${message}</p><p class="muted">${t.code(status)}</p>`, lang);
}

export function keepPage(action: string, list: string, lang: string): string {
  const t = readerCopy(lang).keepPage;
  return page(t.title, html`<h1>${t.question(list)}</h1><form method="post" action="${action}"><button type="submit">${t.button}</button></form>`, lang);
}

export function keptPage(list: string, preferencesUrl: string, lang: string): string {
  const t = readerCopy(lang);
  return page(t.keepPage.title, html`<h1>${t.keepPage.title}</h1><p role="status">${t.keepPage.done(list)}</p><p class="muted"><a href="${preferencesUrl}">${t.unsubscribe.manage}</a></p>`, lang);
}

export function confirmPage(action: string, lang: string): string {
  const t = readerCopy(lang).confirm;
  // As with unsubscribing: a scanner following the link confirms nothing; the owner presses the button.
  return page(t.title, html`<h1>${t.heading}</h1><p>${t.intro}</p>
<form method="post" action="${action}"><button type="submit">${t.button}</button></form>`, lang);
}

export function confirmedPage(lists: string[], preferencesUrl: string, lang: string): string {
  const t = readerCopy(lang).confirm;
  return page(
    t.doneTitle,
    html`<h1>${t.doneTitle}</h1>${lists.length ? html`<p>${t.welcome(lists.join(', '))}</p>` : html`<p>${t.nothingWaiting}</p>`}
<p class="muted"><a href="${preferencesUrl}">${readerCopy(lang).unsubscribe.manage}</a></p>`,
    lang,
  );
}

/**
 * A list's public sign-up page, in the list's language: what it is, an email and
 * an optional name. A refused address comes back beside its field, as typed.
 */
export function subscribePage(
  list: List,
  publisher: { name: string; postalAddress: string },
  form: { email?: string; name?: string; error?: string; sections?: { key: string; name: string; chosen: boolean }[] } = {},
): string {
  const t = readerCopy(list.language).subscribe;
  return page(
    t.title(list.name),
    html`<h1>${t.title(list.name)}</h1>
<p>${list.description ?? t.intro}</p>
<form method="post" action="/subscribe/${list.slug}" novalidate>
<label for="email">${t.email}</label>
<input type="email" id="email" name="email" autocomplete="email" required maxlength="254" value="${form.email ?? ''}"${form.error ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
${form.error ? html`<p class="field-error" id="email-error">${form.error}</p>` : ''}
<label for="name">${t.name}</label>
<input type="text" id="name" name="name" autocomplete="name" maxlength="200" value="${form.name ?? ''}">
${sectionBoxes('sections', form.sections ?? [], t.sectionsLegend, t.sectionsHint)}
<p><button type="submit">${t.button}</button></p>
</form>
<p class="muted">${t.consent}</p>
<p class="muted">${t.publishedBy(publisher.name, publisher.postalAddress)}</p>`,
    list.language,
  );
}

/** The same answer whether the address was new, pending, already subscribed or suppressed: nobody learns who reads us. */
export function checkInboxPage(list: List, email: string): string {
  const t = readerCopy(list.language).subscribe;
  return page(t.checkInboxTitle, html`<h1>${t.checkInboxTitle}</h1><p>${t.checkInbox(email, list.name)}</p>`, list.language);
}
