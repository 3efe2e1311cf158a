import { afterEach, describe, expect, it } from 'vitest';
import { seedEditionContent } from '../../emails/_fixtures/seed-digest.ts';
import { createEdition, editionProgress, scheduleEdition, updateDraft } from '../../src/editions/edition-service.ts';
import { isFinal } from '../../src/editions/edition-status.ts';
import { addSponsor, listSponsors, removeSponsor } from '../../src/sponsors/sponsor-store.ts';
import { createList, updateList } from '../../src/subscribers/lists.ts';
import { importSubscribers } from '../../src/subscribers/subscriber-import.ts';
import { generateSubscriberCsv } from '../../src/cli/demo-readers.ts';
import { createTestStack, waitFor, type TestStack } from '../support/test-stack.ts';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const booking = { name: 'Banco Ejemplo', headline: 'Send money home free of charge', url: 'https://sponsor.example/remesas', placement: 'after-teaser-1', tag: 'banco-dic' };

describe('layouts, sponsors and link tags through the send pipeline (PostgreSQL, Redis, resend SDK → fake)', () => {
  it("sends a grid edition with the sponsor booked for its date, UTM-tagged links, and each tier's variant", async () => {
    stack = await createTestStack('postgres');
    const { db } = stack.container;
    await createList(db, 'daily-digest', 'The Broadsheet Daily', { layout: 'grid' });
    await importSubscribers(db, 'daily-digest', generateSubscriberCsv(12));
    const sponsor = await addSponsor(db, 'daily-digest', { ...booking, startsOn: '2026-11-20', endsOn: '2026-11-30' });
    // Another booking of the same slot on overlapping days is refused, naming the first.
    await expect(addSponsor(db, 'daily-digest', { ...booking, startsOn: '2026-11-30', endsOn: '2026-12-05' })).rejects.toThrow(
      `after-teaser-1 is taken from 2026-11-20 to 2026-11-30 by sponsor #${sponsor.id} (Banco Ejemplo)`,
    );
    await expect(addSponsor(db, 'daily-digest', { ...booking, placement: 'top', startsOn: 'soon', endsOn: '2026-12-05' })).rejects.toThrow(/placement: must be after-lead or after-teaser-N.*startsOn: must be a real date, YYYY-MM-DD$/);

    const edition = await createEdition(db, { listSlug: 'daily-digest', content: seedEditionContent, editionDate: '2026-11-24' });
    expect(edition.layout).toBe('grid'); // the list's
    const outside = await createEdition(db, { listSlug: 'daily-digest', content: seedEditionContent, editionDate: '2026-12-01', layout: 'classic' });
    expect(outside.layout).toBe('classic');
    await expect(updateDraft(db, outside.id, { layout: 'magazine' })).rejects.toThrow('layout: must be classic or grid (got "magazine")');

    await stack.workers();
    const queue = await stack.container.queue();
    await scheduleEdition(db, queue, edition.id, { check: stack.container.presendCheck });
    await waitFor(async () => isFinal((await editionProgress(db, edition.id)).status));
    const sent = stack.resend.accepted;
    expect(sent).toHaveLength(12);
    for (const email of sent) {
      expect(email.html).toContain('mj-column-per-50');
      expect(email.html).toContain('Sponsored &#183; Banco Ejemplo');
      expect(email.html).toContain('href="https://sponsor.example/remesas?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=daily-digest-2026-11-24&amp;utm_content=sponsor-banco-dic"');
      expect(email.html).toContain('utm_campaign=daily-digest-2026-11-24');
    }
    // The generated readers alternate tiers: paid readers get the conversation, free readers the lock.
    const locked = sent.filter((e) => e.html!.includes('Subscribe to read'));
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.length).toBeLessThan(12);

    // An edition dated outside the booking shows no sponsor; a cancelled booking shows nowhere.
    const other = await stack.container.render(outside, 'free');
    expect(other.html).not.toContain('Sponsored');
    await removeSponsor(db, sponsor.id);
    expect(await listSponsors(db, 'daily-digest')).toEqual([]);
    expect((await updateList(db, 'daily-digest', { layout: 'classic' })).layout).toBe('classic');
  });
});
