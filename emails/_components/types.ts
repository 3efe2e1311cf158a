import type { DigestContent } from '../../src/content/digest-content.ts';
import type { Tier } from '../../src/content/article.ts';
import type { SponsorSlot } from '../../src/sponsors/sponsor.ts';

/** Everything a digest template needs. Every string is data: templates never read it as markup. */
export interface DigestTemplateProps {
  listName: string;
  /** The edition's date, `YYYY-MM-DD`; shown in the masthead. */
  editionDate: string;
  preheader: string;
  content: DigestContent;
  tier: Tier;
  publisher: { name: string; postalAddress: string };
  links: {
    viewInBrowser: string;
    unsubscribe: string;
    unsubscribeAll?: string;
    preferences: string;
    /** Where a free reader goes to become a paid one. */
    subscribe: string;
  };
  /** Greeting line, e.g. "Good morning, Ana". Personalised per reader after rendering. */
  greeting: string;
  recipientEmail: string;
  /** The list's language (BCP 47): the template's words and the date, from src/i18n. English when absent. */
  lang?: string;
  /** Sponsor blocks running on the edition's date, each placed after the lead (0) or after teaser N. */
  sponsors?: SponsorSlot[];
}
