import type { Article } from '../content/article.ts';
import { ContentError, parseDigestContent, type DigestContent } from '../content/digest-content.ts';
import { UserError } from '../errors.ts';
import { CONTROL_CHARACTER } from '../rendering/escape.ts';
import { parseLayout, type Layout } from '../rendering/layouts.ts';
import type { Edition } from './edition.ts';

/** What an editor may change in a draft. Stories are named by article id, from the edition's own stories and its candidates. */
export interface DraftChanges {
  subject?: string;
  preheader?: string;
  /** Empty string removes the note. */
  note?: string;
  leadId?: string;
  /** The teasers in the order readers will see them. */
  teaserIds?: string[];
  layout?: string;
  /** Alt text for pictures the feed gave none, by article id: the picture stops being decorative. */
  imageAlts?: Record<string, string>;
  /** The subject becomes the lead's headline again, and follows the lead from now on. */
  subjectFollowsLead?: true;
  /** The preheader is made from the stories again, and follows them from now on. */
  preheaderFollowsLead?: true;
}

/** A draft after the changes: what would be saved, or previewed unsaved. */
export interface DraftState {
  content: DigestContent;
  subject: string;
  preheader: string;
  layout: Layout;
  candidates: Article[] | null;
  /** Null while the subject follows the lead; else the id of the lead it was written for. */
  subjectLead: string | null;
  preheaderLead: string | null;
}

/**
 * A subject or preheader: one line of text, `min`..`max` characters, no control
 * characters (they break headers, and the archive's RSS feed for every subscriber of it).
 */
export function oneLine(field: 'subject' | 'preheader' | 'subject-b', value: string, min: number, max: number): string {
  const text = value.trim();
  if (text.length < min || text.length > max) throw new UserError('invalid_input', `${field}: must be ${min}..${max} characters`);
  const control = CONTROL_CHARACTER.exec(text);
  if (control) throw new UserError('invalid_input', `${field}: contains a control character (U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); type it again as plain text`);
  return text;
}

/** The subject a draft gets until an editor writes one: the lead's headline. */
export const leadSubject = (content: DigestContent): string => content.lead.headline;

/** The preheader a draft gets until an editor writes one: the lead's dek (or headline) and the next two headlines. */
export function leadPreheader(content: DigestContent): string {
  const more = content.teasers.slice(0, 2).map((t) => t.headline);
  const text = [content.lead.dek ?? content.lead.headline, ...more].join(' · ');
  if (text.length <= PREHEADER_CHARS) return text;
  // Inboxes show the first hundred characters or so: cut at a word, and say it goes on.
  const cut = text.slice(0, PREHEADER_CHARS - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length).replace(/[\s·,;:]+$/, '')}…`;
}

/** The most a made preheader says. */
const PREHEADER_CHARS = 200;

/** The stories a draft can be composed from: its own, then the candidates it was built with or given. */
export function storyPool(edition: Pick<Edition, 'content' | 'candidates'>): Article[] {
  const pool = new Map<string, Article>();
  for (const a of [edition.content.lead, ...edition.content.teasers, ...(edition.candidates ?? [])]) if (!pool.has(a.id)) pool.set(a.id, a);
  return [...pool.values()];
}

function parseContentChange(content: DigestContent): DigestContent {
  try {
    return parseDigestContent(content);
  } catch (err) {
    if (err instanceof ContentError) throw new UserError('invalid_input', err.problems.join('; '));
    throw err;
  }
}

/**
 * A draft with `changes` applied, validated as a whole, without saving it (the
 * desk previews it so; `updateDraft` saves it). A subject or preheader that
 * follows the lead is made again from the new stories; one the editor changed
 * is theirs from then on, and remembers the lead it was written for. Pure.
 */
export function applyDraftChanges(edition: Edition, changes: DraftChanges): DraftState {
  const pool = new Map(storyPool(edition).map((a) => [a.id, a]));
  for (const [articleId, text] of Object.entries(changes.imageAlts ?? {})) {
    const story = pool.get(articleId);
    const alt = text.trim();
    if (!story?.image) throw new UserError('invalid_input', `imageAlts: no story with a picture ${JSON.stringify(articleId)} in this edition or its feed`);
    if (alt.length > 500) throw new UserError('invalid_input', `imageAlts: the description of ${JSON.stringify(story.headline.slice(0, 60))} must be at most 500 characters`);
    if (alt) pool.set(articleId, { ...story, image: { src: story.image.src, alt, ...(story.image.caption ? { caption: story.image.caption } : {}), ...(story.image.credit ? { credit: story.image.credit } : {}) } });
  }
  const pick = (articleId: string, what: string) => {
    const a = pool.get(articleId);
    if (!a) throw new UserError('invalid_input', `${what}: no story ${JSON.stringify(articleId)} in this edition or its feed`);
    return a;
  };
  const lead = pick(changes.leadId ?? edition.content.lead.id, 'lead');
  const teaserIds = changes.teaserIds ?? edition.content.teasers.map((t) => t.id);
  if (new Set(teaserIds).size !== teaserIds.length) throw new UserError('invalid_input', 'teasers: a story is listed twice');
  const teasers = teaserIds.filter((t) => t !== lead.id).map((t, i) => pick(t, `teasers[${i}]`));
  const note = changes.note !== undefined ? changes.note.trim() || undefined : edition.content.note;
  const content = parseContentChange({ lead, teasers, ...(note ? { note } : {}) });

  const follow = (
    field: 'subject' | 'preheader',
    typed: string | undefined,
    stored: string,
    writtenFor: string | null,
    again: boolean | undefined,
    made: string,
    min: number,
  ): { text: string; lead: string | null } => {
    if (again) return { text: oneLine(field, made, min, 300), lead: null };
    // Typed differently from what is stored: the editor's own, written for the lead they see now.
    if (typed !== undefined && typed.trim() !== stored) return { text: oneLine(field, typed, min, 300), lead: lead.id };
    return writtenFor === null ? { text: oneLine(field, made, min, 300), lead: null } : { text: stored, lead: writtenFor };
  };
  const subject = follow('subject', changes.subject, edition.subject, edition.subjectLead, changes.subjectFollowsLead, leadSubject(content), 1);
  const preheader = follow('preheader', changes.preheader, edition.preheader, edition.preheaderLead, changes.preheaderFollowsLead, leadPreheader(content), 0);
  const layout = changes.layout === undefined ? edition.layout : parseLayout(changes.layout);
  // Described pictures stay described among the candidates too, should the editor swap the story in later.
  const candidates = edition.candidates ? edition.candidates.map((a) => pool.get(a.id) ?? a) : null;
  return { content, subject: subject.text, preheader: preheader.text, layout, candidates, subjectLead: subject.lead, preheaderLead: preheader.lead };
}

/**
 * What the desk says under the subject and preheader: that they follow the lead,
 * or that they were written for a lead that is no longer the lead. Pure.
 */
export function followNotes(state: Pick<DraftState, 'content' | 'subjectLead' | 'preheaderLead'>, pool: readonly Article[]): { subject: string; preheader: string; stale: { subject: boolean; preheader: boolean } } {
  const headline = (id: string) => pool.find((a) => a.id === id)?.headline ?? 'an earlier lead';
  const note = (writtenFor: string | null, what: string) =>
    writtenFor === null
      ? `Follows the lead: it changes when the lead does.`
      : writtenFor === state.content.lead.id
        ? `Written by you.`
        : `Written by you for “${headline(writtenFor)}”, which is no longer the lead: check that the ${what} still fits “${state.content.lead.headline}”.`;
  return {
    subject: note(state.subjectLead, 'subject'),
    preheader: note(state.preheaderLead, 'preheader'),
    stale: { subject: state.subjectLead !== null && state.subjectLead !== state.content.lead.id, preheader: state.preheaderLead !== null && state.preheaderLead !== state.content.lead.id },
  };
}
