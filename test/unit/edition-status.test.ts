import { describe, expect, it } from 'vitest';
import { EDITION_STATUSES, IllegalTransitionError, isFinal, sourcesOf, transition } from '../../src/editions/edition-status.ts';

describe('edition lifecycle', () => {
  it('follows the happy path draft → scheduled → preparing → sending → sent', () => {
    let s = transition('draft', 'schedule');
    s = transition(s, 'claim');
    s = transition(s, 'prepared');
    expect(transition(s, 'complete')).toBe('sent');
    expect(transition(s, 'complete', { failures: 3 })).toBe('sent_with_failures');
  });

  it('refuses illegal moves with a clear error', () => {
    expect(() => transition('sent', 'schedule')).toThrow(new IllegalTransitionError('sent', 'schedule'));
    expect(() => transition('sent', 'schedule')).toThrow('cannot schedule an edition that is sent (only when draft, scheduled)');
    expect(() => transition('draft', 'claim')).toThrow(IllegalTransitionError);
    expect(() => transition('cancelled', 'resume')).toThrow(IllegalTransitionError);
  });

  it('lets a second claim of the same edition fail: only scheduled can be claimed', () => {
    expect(sourcesOf('claim')).toEqual(['scheduled']);
    expect(() => transition('preparing', 'claim')).toThrow(IllegalTransitionError);
  });

  it('pauses only active editions and never reopens a finished one', () => {
    for (const status of EDITION_STATUSES) {
      const canPause = ['scheduled', 'preparing', 'sending'].includes(status);
      if (canPause) expect(transition(status, 'pause')).toBe('paused');
      else expect(() => transition(status, 'pause')).toThrow(IllegalTransitionError);
      if (isFinal(status)) for (const event of ['schedule', 'claim', 'resume', 'pause'] as const) expect(() => transition(status, event)).toThrow();
    }
  });
});

describe('resuming a paused edition', () => {
  it('returns to where it stopped', () => {
    expect(transition('paused', 'resume', { stage: 'unclaimed' })).toBe('scheduled');
    expect(transition('paused', 'resume', { stage: 'preparing' })).toBe('preparing');
    expect(transition('paused', 'resume', { stage: 'prepared' })).toBe('sending');
    expect(() => transition('sending', 'resume', { stage: 'prepared' })).toThrow(IllegalTransitionError);
  });
});
