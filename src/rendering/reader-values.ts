import type { PersonalValues } from './personalisation.ts';
import type { ReaderLinks } from './reader-links.ts';

export interface Reader {
  subscriberId: number;
  email: string;
  name: string | null;
}

/** What fills one reader's placeholders: their greeting, address and signed links. */
export function readerValues(links: ReaderLinks, reader: Reader, listId: number): PersonalValues {
  return {
    greeting: reader.name ? `Good morning, ${reader.name}` : 'Good morning',
    email: reader.email,
    unsubscribe_url: links.unsubscribe(reader.subscriberId, listId),
    unsubscribe_all_url: links.unsubscribeAll(reader.subscriberId),
    preferences_url: links.preferences(reader.subscriberId),
  };
}
