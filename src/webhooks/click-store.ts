import type { DigestContent } from '../content/digest-content.ts';
import type { Queryable } from '../db/database.ts';
import { BURST_MS, burstThreshold, clickTarget, scannerAgent } from './click-analysis.ts';
import type { ReportedClick } from './resend-event.ts';

/** An edition's content and paid URL do not change once it is sent: read once per process, not once per click. */
const editions = new Map<string, Promise<{ content: DigestContent; paidUrl: string | null } | undefined>>();
const EDITIONS_KEPT = 64;

function editionOf(db: Queryable, editionId: string) {
  let hit = editions.get(editionId);
  if (!hit) {
    hit = db
      .query<{ content: DigestContent; paidUrl: string | null }>(`select e.content, l.paid_url as "paidUrl" from editions e join lists l on l.id = e.list_id where e.id = $1`, [editionId])
      .then((rows) => rows[0]);
    hit.catch(() => editions.delete(editionId));
    if (editions.size >= EDITIONS_KEPT) editions.delete(editions.keys().next().value!);
    editions.set(editionId, hit);
  }
  return hit;
}

/**
 * Keeps one reported click: the delivery it belongs to, the story and position
 * its link points to, and whether a scanner made it. A known scanner's user agent
 * marks it at once; a burst (several different links of one email within seconds)
 * marks every click in it, whichever arrives last.
 */
export async function recordClick(tx: Queryable, providerId: string, click: ReportedClick, eventAt: string | null, ours: { publicUrl: string }): Promise<void> {
  const [delivery] = await tx.query<{ editionId: string; subscriberId: number }>(
    `select edition_id as "editionId", subscriber_id as "subscriberId" from deliveries where provider_id = $1`,
    [providerId],
  );
  const edition = delivery ? await editionOf(tx, delivery.editionId) : undefined;
  const target = edition ? clickTarget(click.link, edition.content, { publicUrl: ours.publicUrl, paidUrl: edition.paidUrl }) : { position: 'other', storyUrl: null, section: null };
  const agent = scannerAgent(click.userAgent);
  const [row] = await tx.query<{ at: Date }>(
    `insert into clicks (provider_id, edition_id, subscriber_id, link, story_url, position, section, user_agent, clicked_at, scanner, scanner_reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, $10::timestamptz, now()), $11, $12) returning clicked_at as at`,
    [providerId, delivery?.editionId ?? null, delivery?.subscriberId ?? null, click.link, target.storyUrl, target.position, target.section, click.userAgent, click.at, eventAt, agent, agent ? 'scanner user agent' : null],
  );
  if (!edition) return;
  // Every click of this email within the burst window of this one: enough different links, and all of them are a machine's.
  const near = await tx.query<{ link: string }>(
    `select distinct link from clicks where provider_id = $1 and clicked_at between $2::timestamptz - make_interval(secs => $3) and $2::timestamptz + make_interval(secs => $3)`,
    [providerId, row!.at, BURST_MS / 1000],
  );
  if (near.length >= burstThreshold(edition.content)) {
    await tx.query(
      `update clicks set scanner = true, scanner_reason = coalesce(scanner_reason, 'clicked most links of the email within seconds')
        where provider_id = $1 and clicked_at between $2::timestamptz - make_interval(secs => $3) and $2::timestamptz + make_interval(secs => $3)`,
      [providerId, row!.at, BURST_MS / 1000],
    );
  }
}
