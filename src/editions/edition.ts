import type { Article } from '../content/article.ts';
import type { DigestContent } from '../content/digest-content.ts';
import type { Layout } from '../rendering/layouts.ts';
import type { EditionStatus } from './edition-status.ts';

/** An edition row as services see it. */
export interface Edition {
  id: string;
  listId: number;
  listSlug: string;
  listName: string;
  /** The list's paywall link; its sign-up page when null. */
  listPaidUrl: string | null;
  /** The zone the list's times are shown in. */
  listTimezone: string;
  /** The list's language (BCP 47): its emails' words and dates. */
  listLanguage: string;
  /** The list's own footer publisher and postal address, if it has them (else the process's). */
  listPublisherName: string | null;
  listPostalAddress: string | null;
  /** The list's own From and Reply-To, if it has them (else EMAIL_FROM, and no Reply-To). */
  listFrom: string | null;
  listReplyTo: string | null;
  subject: string;
  preheader: string;
  /** Null while the subject follows the lead; else the id of the lead an editor wrote it for. */
  subjectLead: string | null;
  preheaderLead: string | null;
  content: DigestContent;
  candidates: Article[] | null;
  layout: Layout;
  editionDate: string;
  status: EditionStatus;
  statusReason: string | null;
  sendAt: Date | null;
  /** `HH:MM`: each reader gets the edition at this time in their own zone (else `fallbackTimezone`). */
  deliverLocalTime: string | null;
  fallbackTimezone: string | null;
  preparedAt: Date | null;
  createdAt: Date;
  /** A subject test: the second subject, the share of readers in the test, when it is decided, and how. */
  subjectB: string | null;
  testShare: number | null;
  decideAt: Date | null;
  winner: 'a' | 'b' | null;
  decision: string | null;
}

export const EDITION_COLUMNS = `e.id, e.list_id as "listId", l.slug as "listSlug", l.name as "listName", l.paid_url as "listPaidUrl", l.timezone as "listTimezone", l.language as "listLanguage", l.publisher_name as "listPublisherName", l.postal_address as "listPostalAddress", l.email_from as "listFrom", l.reply_to as "listReplyTo", e.subject, e.preheader,
  e.subject_lead as "subjectLead", e.preheader_lead as "preheaderLead", e.content, e.candidates, e.layout, to_char(e.edition_date, 'YYYY-MM-DD') as "editionDate", e.status, e.status_reason as "statusReason",
  e.send_at as "sendAt", e.deliver_local_time as "deliverLocalTime", e.fallback_timezone as "fallbackTimezone", e.prepared_at as "preparedAt", e.created_at as "createdAt",
  e.subject_b as "subjectB", e.test_share as "testShare", e.decide_at as "decideAt", e.winner, e.decision`;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
