/** What Broadsheet does with one Resend webhook event. Pure: the event in, a decision out. */
export type EventAction =
  | { kind: 'suppress'; addresses: string[]; reason: string; providerId: string; type: string }
  | { kind: 'record'; providerId: string; type: string }
  | { kind: 'ignore'; type: string };

interface ResendEmailEvent {
  type: string;
  created_at?: string;
  data?: { email_id?: string; to?: string[]; bounce?: { type?: string; subType?: string; message?: string } };
}

const RECORDED = new Set(['email.sent', 'email.delivered', 'email.delivery_delayed', 'email.opened', 'email.clicked', 'email.failed', 'email.bounced', 'email.complained']);

export function classifyEvent(event: ResendEmailEvent): EventAction {
  const providerId = event.data?.email_id;
  if (!providerId || !RECORDED.has(event.type)) return { kind: 'ignore', type: event.type };
  const addresses = (event.data?.to ?? []).filter((a): a is string => typeof a === 'string');
  if (event.type === 'email.complained') return { kind: 'suppress', addresses, reason: 'complaint', providerId, type: event.type };
  // A transient bounce (full mailbox, greylisting) is not a reason to drop a reader.
  if (event.type === 'email.bounced' && event.data?.bounce?.type === 'Permanent') {
    const detail = [event.data.bounce.subType, event.data.bounce.message].filter(Boolean).join(': ');
    return { kind: 'suppress', addresses, reason: `hard bounce${detail ? ` (${detail.slice(0, 200)})` : ''}`, providerId, type: event.type };
  }
  return { kind: 'record', providerId, type: event.type };
}
