import type { PersonalValues } from './personalisation.ts';
import type { ReaderLinks } from './reader-links.ts';
import { readerCopy } from '../i18n/reader-copy.ts';

export interface Reader {
  subscriberId: number;
  email: string;
  name: string | null;
}

/** What fills one reader's placeholders: their greeting (in the list's language), address and signed links. */
export function readerValues(links: ReaderLinks, reader: Reader, listId: number, lang = 'en'): PersonalValues {
  return {
    greeting: readerCopy(lang).email.greeting(reader.name),
    email: reader.email,
    unsubscribe_url: links.unsubscribe(reader.subscriberId, listId),
    unsubscribe_all_url: links.unsubscribeAll(reader.subscriberId),
    preferences_url: links.preferences(reader.subscriberId),
  };
}
