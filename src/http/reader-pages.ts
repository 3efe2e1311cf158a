import { html, type SafeHtml } from './html.ts';
import type { ReaderPreferences } from '../subscribers/consent.ts';
import type { List } from '../subscribers/lists.ts';
import { readerCopy, type Language } from '../i18n/reader-copy.ts';

/** `ana.maria@example.com` → `a•••@example.com`: enough to recognise, not enough to harvest from a forwarded link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

export function page(title: string, body: SafeHtml, lang: Language = 'en'): string {
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>
body{font:16px/1.5 Georgia,serif;color:#1a1a1a;background:#f3f1ec;margin:0;padding:24px}
main{max-width:520px;margin:0 auto;background:#fff;padding:24px 28px;border-top:3px double #1a1a1a}
h1{font-size:24px;margin:0 0 12px}button{font:inherit;background:#9b1c1c;color:#fff;border:0;padding:10px 18px;cursor:pointer}
label{display:block;margin:6px 0}input[type=text],input[type=email]{font:inherit;width:100%;box-sizing:border-box;padding:6px;margin-top:4px;border:1px solid #767676}
.muted{color:#555;font-size:14px}.field-error{color:#9b1c1c;font-size:15px;margin:4px 0 0}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #2b6cb0;outline-offset:2px}
</style></head><body><main>${body}</main></body></html>`.value;
}

export function unsubscribeConfirmPage(action: string, email: string, what: string, preferencesUrl: string): string {
  // A GET never unsubscribes (link scanners follow every link): the reader presses the button, which POSTs.
  return page(
    'Unsubscribe',
    html`<h1>Unsubscribe from ${what}?</h1>
<p>For ${maskEmail(email)}.</p>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
<p class="muted">Rather get fewer emails? <a href="${preferencesUrl}">Choose what you receive</a>.</p>`,
  );
}

export function unsubscribedPage(what: string, preferencesUrl: string): string {
  return page(
    'Unsubscribed',
    html`<h1>You are unsubscribed</h1><p>You will not receive ${what} any more.</p>
<p class="muted">Changed your mind? <a href="${preferencesUrl}">Manage your subscriptions</a>.</p>`,
  );
}

export function preferencesPage(action: string, prefs: ReaderPreferences, saved: boolean): string {
  return page(
    'Your subscriptions',
    html`<h1>Your subscriptions</h1>
<p class="muted">For ${maskEmail(prefs.email)} · ${prefs.tier === 'paid' ? 'paid subscriber' : 'free reader'}</p>
${saved ? html`<p role="status"><strong>Saved.</strong></p>` : ''}
<form method="post" action="${action}">
<label>Your name <input type="text" name="name" maxlength="200" value="${prefs.name ?? ''}"></label>
<fieldset><legend>Newsletters</legend>
${prefs.lists.map((l) => html`<label><input type="checkbox" name="list" value="${l.id}"${l.subscribed ? html` checked` : ''}> ${l.name}</label>`)}
</fieldset>
<p><button type="submit">Save</button></p>
</form>`,
  );
}

const ERROR_HEADINGS: [test: (status: number) => boolean, title: string, heading: string][] = [
  [(s) => s >= 500, 'Back in a moment', 'We could not do that just now'],
  [(s) => s === 404, 'Not found', 'We could not find that'],
  [(s) => s === 413, 'Too large', 'That was more than we accept'],
  [() => true, 'Link not valid', 'This link does not work'],
];

export function errorPage(status: number, message: string): string {
  const [, title, heading] = ERROR_HEADINGS.find(([test]) => test(status))!;
  return page(title, html`<h1>${heading}</h1><p>${message}</p><p class="muted">Error ${status}.</p>`);
}

export function confirmPage(action: string): string {
  // As with unsubscribing: a scanner following the link confirms nothing; the owner presses the button.
  return page('Confirm your subscription', html`<h1>One more step</h1><p>Press the button to start receiving our newsletter.</p>
<form method="post" action="${action}"><button type="submit">Yes, subscribe me</button></form>`);
}

export function confirmedPage(lists: string[], preferencesUrl: string): string {
  return page(
    'Subscribed',
    html`<h1>You are subscribed</h1>${lists.length ? html`<p>Welcome to ${lists.join(', ')}.</p>` : html`<p>Nothing was waiting for confirmation: you are all set.</p>`}
<p class="muted"><a href="${preferencesUrl}">Manage your subscriptions</a></p>`,
  );
}

/**
 * A list's public sign-up page, in the list's language: what it is, an email and
 * an optional name. A refused address comes back beside its field, as typed.
 */
export function subscribePage(list: List, publisher: { name: string; postalAddress: string }, form: { email?: string; name?: string; error?: string } = {}): string {
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
