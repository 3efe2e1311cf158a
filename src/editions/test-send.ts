import { readerCopy } from '../i18n/reader-copy.ts';
import { randomUUID } from 'node:crypto';
import type { Tier } from '../content/article.ts';
import type { Queryable } from '../db/database.ts';
import { UserError } from '../errors.ts';
import { compileTemplate, personalise, type PersonalValues } from '../rendering/personalisation.ts';
import { emailProblem } from '../subscribers/email-address.ts';
import type { EmailTransport } from '../transports/email-transport.ts';
import type { EditionRenderer } from './edition-renderer.ts';
import { getEdition } from './edition-service.ts';

export const MAX_TEST_RECIPIENTS = 20;

/**
 * Sends an edition to editors before it goes out: subject prefixed [TEST], links
 * that unsubscribe nobody, and no delivery, batch or edition row touched.
 */
export async function testSend(
  deps: { db: Queryable; render: EditionRenderer; transport: EmailTransport; from: string; publicUrl: string },
  editionId: string,
  to: readonly string[],
  tier: Tier,
): Promise<{ sent: number; tier: Tier }> {
  if (!to.length || to.length > MAX_TEST_RECIPIENTS) throw new UserError('invalid_input', `to: a test goes to 1..${MAX_TEST_RECIPIENTS} addresses`);
  for (const address of to) {
    const problem = emailProblem(address);
    if (problem) throw new UserError('invalid_input', `to: ${JSON.stringify(address)} ${problem}`);
  }
  const edition = await getEdition(deps.db, editionId);
  const variant = await deps.render(edition, tier);
  const html = compileTemplate(variant.html, variant.tokenNonce);
  const text = compileTemplate(variant.text, variant.tokenNonce);
  const inert = `${deps.publicUrl}/archive/manage`;
  const emails = to.map((address) => {
    const values: PersonalValues = { greeting: `${readerCopy(edition.listLanguage).email.greeting(null)} (test send)`, email: address, unsubscribe_url: inert, unsubscribe_all_url: inert, preferences_url: inert };
    return {
      // As readers will get it: the list's sender and Reply-To.
      from: edition.listFrom ?? deps.from,
      ...(edition.listReplyTo ? { replyTo: edition.listReplyTo } : {}),
      to: address,
      subject: `[TEST${tier === 'paid' ? ' paid' : ''}] ${variant.subject}`,
      html: personalise(html, values, 'html'),
      text: personalise(text, values, 'text'),
      headers: {},
      tags: [{ name: 'kind', value: 'test' }, { name: 'edition', value: edition.id }],
    };
  });
  // A fresh key: every test send is meant to arrive, even the same one twice.
  const receipt = await deps.transport.sendBatch(emails, { idempotencyKey: `broadsheet-test-${randomUUID()}` });
  const refused = receipt.outcomes.map((o, i) => (o.ok ? null : `${to[i]}: ${o.reason}`)).filter(Boolean);
  if (refused.length) throw new UserError('invalid_input', `the provider refused ${refused.join('; ')}`);
  return { sent: emails.length, tier };
}
