/** Where an edition is in its life. The database row is the truth; these rules say how it may move. */
export const EDITION_STATUSES = [
  'draft',
  'scheduled',
  'preparing',
  'sending',
  'paused',
  'sent',
  'sent_with_failures',
  // Every batch is done but some are parked: an operator must settle them (see delivery/completion.ts).
  'incomplete',
  'cancelled',
  'failed',
] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export type EditionEvent = 'edit' | 'schedule' | 'unschedule' | 'claim' | 'prepared' | 'complete' | 'pause' | 'resume' | 'cancel' | 'fail' | 'retry' | 'settle';

const TRANSITIONS: Record<EditionEvent, Partial<Record<EditionStatus, EditionStatus>>> = {
  // Content, subject and preheader change only while nothing has been rendered for sending.
  edit: { draft: 'draft' },
  schedule: { draft: 'scheduled', scheduled: 'scheduled' },
  unschedule: { scheduled: 'draft' },
  claim: { scheduled: 'preparing' },
  prepared: { preparing: 'sending' },
  complete: { sending: 'sent' },
  pause: { scheduled: 'paused', preparing: 'paused', sending: 'paused' },
  // The target depends on how far the edition got before the pause: see `stage` in transition().
  resume: { paused: 'sending' },
  cancel: { draft: 'cancelled', scheduled: 'cancelled', paused: 'cancelled', preparing: 'cancelled', sending: 'cancelled' },
  fail: { preparing: 'failed', sending: 'failed' },
  // Failed deliveries get another go; the edition is sending again until they are done.
  retry: { sent_with_failures: 'sending', sending: 'sending', incomplete: 'sending' },
  // An operator decides parked batches (marked sent, or resent under new keys); the edition then closes again.
  settle: { incomplete: 'sending', sending: 'sending', paused: 'paused' },
};

export class IllegalTransitionError extends Error {
  readonly code = 'illegal_transition';
  constructor(
    readonly from: EditionStatus,
    readonly event: EditionEvent,
  ) {
    const allowed = Object.keys(TRANSITIONS[event]).join(', ');
    super(`cannot ${event} an edition that is ${from} (only when ${allowed})`);
  }
}

/** How far an edition got: never claimed, claimed but not fully prepared, or prepared. */
export type PrepareStage = 'unclaimed' | 'preparing' | 'prepared';

/**
 * The status after `event`, or IllegalTransitionError. `complete` picks
 * sent_with_failures when any delivery failed; `resume` returns to where the
 * edition was (scheduled, preparing or sending) according to `stage`.
 */
export function transition(from: EditionStatus, event: EditionEvent, opts: { failures?: number; stage?: PrepareStage } = {}): EditionStatus {
  const to = TRANSITIONS[event][from];
  if (!to) throw new IllegalTransitionError(from, event);
  if (event === 'complete' && (opts.failures ?? 0) > 0) return 'sent_with_failures';
  if (event === 'resume' && opts.stage === 'unclaimed') return 'scheduled';
  if (event === 'resume' && opts.stage === 'preparing') return 'preparing';
  return to;
}

/** Statuses `event` may start from: used in `update … where status = any($n)` so the database enforces the rule under races. */
export function sourcesOf(event: EditionEvent): EditionStatus[] {
  return Object.keys(TRANSITIONS[event]) as EditionStatus[];
}

export const isFinal = (s: EditionStatus) => s === 'sent' || s === 'sent_with_failures' || s === 'incomplete' || s === 'cancelled' || s === 'failed';
