import { html, type SafeHtml } from './html.ts';
import type { ReaderPreferences } from '../subscribers/consent.ts';

/** `ana.maria@example.com` → `a•••@example.com`: enough to recognise, not enough to harvest from a forwarded link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>
body{font:16px/1.5 Georgia,serif;color:#1a1a1a;background:#f3f1ec;margin:0;padding:24px}
main{max-width:520px;margin:0 auto;background:#fff;padding:24px 28px;border-top:3px double #1a1a1a}
h1{font-size:24px;margin:0 0 12px}button{font:inherit;background:#9b1c1c;color:#fff;border:0;padding:10px 18px;cursor:pointer}
label{display:block;margin:6px 0}input[type=text]{font:inherit;width:100%;box-sizing:border-box;padding:6px}
.muted{color:#555;font-size:14px}
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
