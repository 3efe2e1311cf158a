import { describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { draftChangesFromForm, storyKey } from '../../src/http/desk/compose-form.ts';

const pool = [seedDigest.lead, ...seedDigest.teasers];
const ids = pool.map((a) => a.id);
const k = ids.map(storyKey);

describe('the compose form', () => {
  it('reads the lead, the ticked teasers in the editor’s order, and the text fields', () => {
    const c = draftChangesFromForm({ lead: k[1]!, teaser: [k[0]!, k[2]!, k[3]!], [`order_${k[0]}`]: '3', [`order_${k[2]}`]: '1', [`order_${k[3]}`]: '2', subject: 'S', preheader: 'P', note: '' }, pool);
    expect(c).toEqual({ subject: 'S', preheader: 'P', note: '', leadId: ids[1], teaserIds: [ids[2], ids[3], ids[0]], imageAlts: {} });
  });

  it('reads the descriptions an editor gives pictures the feed left without alt text', () => {
    const c = draftChangesFromForm({ lead: k[0]!, [`alt_${k[2]}`]: '  Una grúa descarga contenedores  ', [`alt_${k[3]}`]: '   ' }, pool);
    expect(c.imageAlts).toEqual({ [ids[2]!]: 'Una grúa descarga contenedores' });
  });

  it('moves a teaser up or down by one and ignores moves past the ends', () => {
    const base = { lead: k[0]!, teaser: [k[1]!, k[2]!, k[3]!], [`order_${k[1]}`]: '1', [`order_${k[2]}`]: '2', [`order_${k[3]}`]: '3' };
    expect(draftChangesFromForm({ ...base, move: `${k[3]}:up` }, pool).teaserIds).toEqual([ids[1], ids[3], ids[2]]);
    expect(draftChangesFromForm({ ...base, move: `${k[1]}:down` }, pool).teaserIds).toEqual([ids[2], ids[1], ids[3]]);
    expect(draftChangesFromForm({ ...base, move: `${k[1]}:up` }, pool).teaserIds).toEqual([ids[1], ids[2], ids[3]]);
    expect(draftChangesFromForm({ ...base, move: `${k[3]}:down` }, pool).teaserIds).toEqual([ids[1], ids[2], ids[3]]);
  });

  it('drops the lead from the teasers, unnumbered teasers go last, and keys that name no story are ignored', () => {
    const c = draftChangesFromForm({ lead: k[2]!, teaser: [k[2]!, k[3]!, k[1]!, 'nope', storyKey('not-in-the-pool')], [`order_${k[1]}`]: '5' }, pool);
    expect(c.leadId).toBe(ids[2]);
    expect(c.teaserIds).toEqual([ids[1], ids[3]]);
    expect(draftChangesFromForm({ lead: '42' }, pool).leadId).toBeUndefined();
  });

  it('means the same stories when stories are added to the pool while the editor composes', () => {
    const form = { lead: k[1]!, teaser: [k[0]!], [`order_${k[0]}`]: '1' };
    const grown = [seedDigest.lead, { ...seedDigest.teasers[0]!, id: 'added', url: 'https://news.example/added' }, ...seedDigest.teasers];
    expect(draftChangesFromForm(form, grown)).toMatchObject({ leadId: ids[1], teaserIds: [ids[0]] });
  });
});

describe('refusals beside their fields', () => {
  it('names the field a message is about; stories, their order and pictures are one field', async () => {
    const { fieldOf } = await import('../../src/http/desk/compose-form.ts');
    expect(fieldOf('subject: must be 1..300 characters')).toBe('subject');
    expect(fieldOf('teasers[2]: no story "x" in this edition or its feed')).toBe('stories');
    expect(fieldOf('note: must be at most 2000 characters')).toBe('note');
    expect(fieldOf('imageAlts: the description of "x" must be at most 500 characters')).toBe('stories');
    expect(fieldOf('edition 1 changed while saving; reload it and try again')).toBe('form');
  });

  it('reads "follow the lead again" for the subject and the preheader', () => {
    expect(draftChangesFromForm({ lead: k[0]!, subjectFollowsLead: '1' }, pool)).toMatchObject({ subjectFollowsLead: true });
    expect(draftChangesFromForm({ lead: k[0]! }, pool)).not.toHaveProperty('subjectFollowsLead');
  });
});
