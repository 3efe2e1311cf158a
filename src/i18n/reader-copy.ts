import { en } from './en.ts';
import { es } from './es.ts';

/** The languages reader pages speak; a list picks one. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Everything a reader page says, in one language. Text only: pages escape it. */
export interface ReaderCopy {
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
  };
}

const CATALOGUES: Record<Language, ReaderCopy> = { en, es };

export const readerCopy = (language: Language): ReaderCopy => CATALOGUES[language];
