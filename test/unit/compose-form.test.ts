import { describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { draftChangesFromForm } from '../../src/http/desk/compose-form.ts';

const pool = [seedDigest.lead, ...seedDigest.teasers];
const ids = pool.map((a) => a.id);

describe('the compose form', () => {
  it('reads the lead, the ticked teasers in the editor’s order, and the text fields', () => {
    const c = draftChangesFromForm({ lead: '1', teaser: ['0', '2', '3'], order_0: '3', order_2: '1', order_3: '2', subject: 'S', preheader: 'P', note: '' }, pool);
    expect(c).toEqual({ subject: 'S', preheader: 'P', note: '', leadId: ids[1], teaserIds: [ids[2], ids[3], ids[0]], imageAlts: {} });
  });

  it('reads the descriptions an editor gives pictures the feed left without alt text', () => {
    const c = draftChangesFromForm({ lead: '0', alt_2: '  Una grúa descarga contenedores  ', alt_3: '   ' }, pool);
    expect(c.imageAlts).toEqual({ [ids[2]!]: 'Una grúa descarga contenedores' });
  });

  it('moves a teaser up or down by one and ignores moves past the ends', () => {
    const base = { lead: '0', teaser: ['1', '2', '3'], order_1: '1', order_2: '2', order_3: '3' };
    expect(draftChangesFromForm({ ...base, move: '3:up' }, pool).teaserIds).toEqual([ids[1], ids[3], ids[2]]);
    expect(draftChangesFromForm({ ...base, move: '1:down' }, pool).teaserIds).toEqual([ids[2], ids[1], ids[3]]);
    expect(draftChangesFromForm({ ...base, move: '1:up' }, pool).teaserIds).toEqual([ids[1], ids[2], ids[3]]);
    expect(draftChangesFromForm({ ...base, move: '3:down' }, pool).teaserIds).toEqual([ids[1], ids[2], ids[3]]);
  });

  it('drops the lead from the teasers, unnumbered teasers go last, and positions outside the pool are ignored', () => {
    const c = draftChangesFromForm({ lead: '2', teaser: ['2', '3', '1', '99', '-1', 'x'], order_1: '5' }, pool);
    expect(c.leadId).toBe(ids[2]);
    expect(c.teaserIds).toEqual([ids[1], ids[3]]);
    expect(draftChangesFromForm({ lead: '42' }, pool).leadId).toBeUndefined();
  });
});
