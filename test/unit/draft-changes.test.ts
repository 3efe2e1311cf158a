import { describe, expect, it } from 'vitest';
import { seedDigest, seedTeasers } from '../../emails/_fixtures/seed-digest.ts';
import { applyDraftChanges, followNotes, leadPreheader, storyPool } from '../../src/editions/draft-changes.ts';
import type { Edition } from '../../src/editions/edition.ts';

const draft = (over: Partial<Edition> = {}): Edition => ({
  id: '00000000-0000-4000-8000-000000000001',
  listId: 1,
  listSlug: 'daily-digest',
  listName: 'The Broadsheet Daily',
  listPaidUrl: null,
  listTimezone: 'America/Mexico_City',
  listLanguage: 'en',
  listPublisherName: null,
  listPostalAddress: null,
  listFrom: null,
  listReplyTo: null,
  subjectB: null,
  testShare: null,
  decideAt: null,
  winner: null,
  decision: null,
  subject: seedDigest.lead.headline,
  preheader: leadPreheader(seedDigest),
  subjectLead: null,
  preheaderLead: null,
  content: seedDigest,
  candidates: null,
  layout: 'classic',
  editionDate: '2024-11-21',
  status: 'draft',
  statusReason: null,
  sendAt: null,
  deliverLocalTime: null,
  fallbackTimezone: null,
  preparedAt: null,
  createdAt: new Date(),
  ...over,
});

describe('a draft’s subject and preheader follow the lead until an editor writes their own', () => {
  const port = seedTeasers[0]!;

  it('follow a new lead while nobody has written them', () => {
    const d = applyDraftChanges(draft(), { leadId: port.id, teaserIds: [seedDigest.lead.id, ...seedTeasers.slice(1).map((t) => t.id)] });
    expect(d.subject).toBe(port.headline);
    expect(d.preheader.startsWith(port.dek!)).toBe(true);
    expect([d.subjectLead, d.preheaderLead]).toEqual([null, null]);
    expect(followNotes(d, storyPool(draft())).subject).toBe('Follows the lead: it changes when the lead does.');
  });

  it("keep an editor's own words, and say when the lead they were written for is gone", () => {
    const own = applyDraftChanges(draft(), { subject: 'Cartels and WhatsApp: what we know' });
    expect([own.subject, own.subjectLead, own.preheaderLead]).toEqual(['Cartels and WhatsApp: what we know', seedDigest.lead.id, null]);
    const written = draft({ subject: own.subject, subjectLead: own.subjectLead });
    // Saving the form again with the subject as it was changes nothing about who wrote it.
    expect(applyDraftChanges(written, { subject: own.subject }).subjectLead).toBe(seedDigest.lead.id);
    const moved = applyDraftChanges(written, { subject: own.subject, leadId: port.id });
    expect(moved.subject).toBe('Cartels and WhatsApp: what we know');
    const notes = followNotes(moved, storyPool(written));
    expect(notes.stale).toEqual({ subject: true, preheader: false });
    expect(notes.subject).toBe(`Written by you for “${seedDigest.lead.headline}”, which is no longer the lead: check that the subject still fits “${port.headline}”.`);
    // Follow the lead again.
    const again = applyDraftChanges(draft({ subject: moved.subject, subjectLead: moved.subjectLead, content: moved.content }), { subjectFollowsLead: true });
    expect([again.subject, again.subjectLead]).toEqual([port.headline, null]);
  });

  it('refuse what cannot be sent, naming the field', () => {
    expect(() => applyDraftChanges(draft(), { subject: '   ' })).toThrow('subject: must be 1..300 characters');
    expect(() => applyDraftChanges(draft(), { leadId: 'nope' })).toThrow('lead: no story "nope" in this edition or its feed');
    expect(() => applyDraftChanges(draft(), { note: 'x'.repeat(2001) })).toThrow('note: must be at most 2000 characters');
  });
});
