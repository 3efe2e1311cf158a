import type { ReaderCopy } from './reader-copy.ts';

/** Reader pages in English. */
export const en: ReaderCopy = {
  subscribe: {
    title: (list) => `Subscribe to ${list}`,
    intro: 'The day’s most important stories, in your inbox every morning.',
    email: 'Your email address',
    name: 'Your name (optional)',
    button: 'Subscribe',
    consent: 'We send a confirmation email first: nothing else arrives until you confirm. Every email has a one-click unsubscribe link.',
    emailInvalid: 'Enter an email address such as ana@example.com.',
    tooMany: 'Too many attempts from here. Try again in a minute.',
    checkInboxTitle: 'Check your inbox',
    checkInbox: (email, list) => `If ${email} can receive our newsletters, a confirmation email is on its way. Press the button in it to start receiving ${list}.`,
    notFound: 'There is no newsletter at this address.',
    publishedBy: (publisher, address) => `Published by ${publisher} · ${address}`,
  },
};
