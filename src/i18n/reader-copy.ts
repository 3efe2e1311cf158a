import { en } from './en.ts';
import { es } from './es.ts';

/** The languages reader pages speak; a list picks one. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the digest and the confirmation email say, in one language. Text only: templates escape it. */
export interface EmailCopy {
  /** Substituted per reader; null when we have no name. */
  greeting: (name: string | null) => string;
  readFullStory: string;
  subscriberExclusive: string;
  subscribeToRead: string;
  comments: (n: number) => string;
  startConversation: string;
  joinConversation: string;
  fromTheEditor: string;
  sponsored: string;
  paidPitch: string;
  becomePaid: string;
  youReceive: (list: string, email: string) => string;
  viewInBrowser: string;
  managePreferences: string;
  unsubscribe: string;
  unsubscribeAll: string;
  confirm: {
    subject: (lists: string) => string;
    heading: string;
    body: (lists: string, publisher: string) => string;
    button: string;
    ignore: string;
  };
  /** Sunset: asking a reader who stopped reading whether to keep sending. */
  keep: {
    subject: (list: string) => string;
    heading: string;
    body: (list: string, days: number) => string;
    button: string;
    otherwise: (graceDays: number) => string;
  };
}

/** Everything a reader page and email says, in one language. Text only: pages and templates escape it. */
export interface ReaderCopy {
  email: EmailCopy;
  subscribe: {
    title: (list: string) => string;
    /** When the list has no description of its own. */
    intro: string;
    email: string;
    name: string;
    button: string;
    consent: string;
    emailInvalid: string;
    tooMany: string;
    checkInboxTitle: string;
    checkInbox: (email: string, list: string) => string;
    notFound: string;
    publishedBy: (publisher: string, address: string) => string;
    /** Above the list's section boxes. */
    sectionsLegend: string;
    sectionsHint: string;
  };
  unsubscribe: {
    title: string;
    /** null: every list. */
    question: (list: string | null) => string;
    forAddress: (masked: string) => string;
    button: string;
    fewerTitle: string;
    fewerIntro: string;
    fewerButton: string;
    fewerSaved: (sections: string) => string;
    rather: string;
    choose: string;
    doneTitle: string;
    done: (list: string | null) => string;
    changedMind: string;
    manage: string;
  };
  preferences: {
    title: string;
    forReader: (masked: string, paid: boolean) => string;
    saved: string;
    name: string;
    newsletters: string;
    sectionsOf: (list: string) => string;
    everything: string;
    save: string;
  };
  confirm: {
    title: string;
    heading: string;
    intro: string;
    button: string;
    doneTitle: string;
    welcome: (lists: string) => string;
    nothingWaiting: string;
  };
  errors: {
    invalidLink: string;
    linkNotValidTitle: string;
    linkNotValid: string;
    goneReader: string;
    notFoundTitle: string;
    notFound: string;
    tooLargeTitle: string;
    tooLarge: string;
    laterTitle: string;
    later: string;
    code: (status: number) => string;
  };
  keepPage: {
    title: string;
    question: (list: string) => string;
    button: string;
    done: (list: string) => string;
  };
  archive: {
    manageTitle: string;
    manage: string;
    manageIntro: string;
    noEdition: string;
    noEditionIntro: string;
    greeting: string;
    you: string;
    title: (list: string) => string;
    rss: string;
    nothingYet: string;
    noNewsletter: string;
    every: (list: string) => string;
  };
}

const CATALOGUES: Record<Language, ReaderCopy> = { en, es };

/** The copy for a list's language; a language without a catalogue (yet) reads English. */
export const readerCopy = (language: string): ReaderCopy => CATALOGUES[language as Language] ?? CATALOGUES[baseLanguage(language)] ?? en;

/** `es-MX` → `es`: a regional tag reads its language's catalogue. */
export function baseLanguage(tag: string): Language {
  const base = tag.split('-')[0]!.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

/** A tag in its canonical form (`es-mx` → `es-MX`) if its language has a catalogue, else null. */
export function canonicalLanguage(tag: string): string | null {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(tag) as [string];
  } catch {
    return null;
  }
  return canonical && (LANGUAGES as readonly string[]).includes(canonical.split('-')[0]!) ? canonical : null;
}
