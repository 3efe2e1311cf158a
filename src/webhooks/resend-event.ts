/** What Broadsheet does with one Resend webhook event. Pure: the event in, a decision out. */
export type EventAction =
  | { kind: 'suppress'; addresses: string[]; reason: string; providerId: string; type: string }
  | { kind: 'record'; providerId: string; type: string; click?: ReportedClick; bounceType?: string }
  | { kind: 'ignore'; type: string };

/** A click as the provider reports it (`data.click`). */
export interface ReportedClick {
  link: string;
  userAgent: string | null;
  at: string | null;
}

interface ResendEmailEvent {
  type: string;
  created_at?: string;
  data?: {
    email_id?: string;
    to?: string[];
    bounce?: { type?: string; subType?: string; message?: string };
    click?: { link?: unknown; userAgent?: unknown; timestamp?: unknown };
  };
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
  // A transient bounce is kept with its type: enough of them in a while suppress the address (list health).
  if (event.type === 'email.bounced') return { kind: 'record', providerId, type: event.type, bounceType: String(event.data?.bounce?.type ?? 'Undetermined').slice(0, 40) };
  const click = event.data?.click;
  if (event.type === 'email.clicked' && click && typeof click.link === 'string' && click.link.length <= 4096) {
    const text = (v: unknown, max: number) => (typeof v === 'string' && v ? v.slice(0, max) : null);
    const at = text(click.timestamp, 64);
    return { kind: 'record', providerId, type: event.type, click: { link: click.link, userAgent: text(click.userAgent, 1000), at: at && !Number.isNaN(Date.parse(at)) ? at : null } };
  }
  return { kind: 'record', providerId, type: event.type };
}
