import type { DigestContent } from '../content/digest-content.ts';
import type { EditionStatus } from './edition-status.ts';

/** An edition row as services see it. */
export interface Edition {
  id: string;
  listId: number;
  listSlug: string;
  listName: string;
  subject: string;
  preheader: string;
  content: DigestContent;
  layout: string;
  editionDate: string;
  status: EditionStatus;
  statusReason: string | null;
  sendAt: Date | null;
  preparedAt: Date | null;
  createdAt: Date;
}

export const EDITION_COLUMNS = `e.id, e.list_id as "listId", l.slug as "listSlug", l.name as "listName", e.subject, e.preheader,
  e.content, e.layout, to_char(e.edition_date, 'YYYY-MM-DD') as "editionDate", e.status, e.status_reason as "statusReason",
  e.send_at as "sendAt", e.prepared_at as "preparedAt", e.created_at as "createdAt"`;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
