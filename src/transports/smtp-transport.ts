import nodemailer from 'nodemailer';
import { TransportError, type EmailTransport } from './email-transport.ts';
import { sendEach } from './send-each.ts';

export interface SmtpSettings {
  /** `smtp://user:pass@host:port` (STARTTLS when the server offers it) or `smtps://…` (TLS from the first byte). */
  url: string;
  /** Connections kept open to the server. */
  pool: number;
  /** Messages per second across the pool; undefined: as fast as the server answers. */
  rate?: number;
  /** PEM certificates to trust for the server's TLS (an MTA with the newsroom's own CA), besides the system's. */
  ca?: string;
}

/** What nodemailer reports about a failed send (its errors carry these fields). */
export interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

/**
 * One message's failure, as the pipeline sees it. Pure. A 5xx about the
 * recipient or the content rejects that message alone; a refused login or a
 * refused sender stops everything until a person acts; a 4xx or a connection
 * that dropped is the server's outage, retried.
 */
export function classifySmtpFailure(err: SmtpFailure): { rejected: string } | TransportError {
  const code = err.responseCode;
  const said = `smtp ${code ?? err.code ?? 'error'}${err.command ? ` at ${err.command}` : ''}: ${(err.response ?? err.message ?? '').trim()}`.slice(0, 400);
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || code === 530 || code === 535) return new TransportError('unauthorized', said, undefined, code ?? null);
  // A certificate we do not trust will not start being trusted by itself: a person fixes SMTP_URL or SMTP_CA_FILE.
  if (err.code === 'ETLS' || /certificate/i.test(err.message ?? '')) return new TransportError('unauthorized', said, undefined, code ?? null);
  if (code !== undefined && code >= 500 && code < 600) {
    // The server will not take mail from our sender at all: every message would fail the same way.
    if (err.command === 'MAIL FROM') return new TransportError('unauthorized', said, undefined, code);
    if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE' || err.command === 'DATA' || err.command?.startsWith('RCPT')) return { rejected: said };
  }
  if (code === 421 || code === 450 || code === 451 || code === 452) return new TransportError('unavailable', said, 5000, code);
  return new TransportError('unavailable', said, undefined, code ?? null);
}

/** The `user:pass@host:port` parts of SMTP_URL as nodemailer takes them. */
export function smtpOptions(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

/**
 * Any SMTP server (an MTA of the newsroom's own, SES's SMTP interface, Postmark…)
 * through a nodemailer pool. SMTP cannot deduplicate: each message carries a
 * Message-ID derived from its key, so a message resent after a dropped
 * connection is the same message, which many mailbox providers fold into one.
 */
export function createSmtpTransport(settings: SmtpSettings): EmailTransport {
  const options = smtpOptions(settings.url);
  const pool = nodemailer.createTransport({
    ...options,
    pool: true,
    maxConnections: settings.pool,
    maxMessages: 500,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(settings.ca ? { tls: { ca: [settings.ca] } } : {}),
  });
  return {
    name: 'smtp',
    deduplicates: false,
    concurrency: settings.pool,
    sendBatch: sendEach({
      rate: settings.rate,
      async send(email, { sender, raw, messageId }) {
        const info = await pool.sendMail({ envelope: { from: sender, to: [email.to] }, raw });
        if (info.rejected.length) return { ok: false, reason: `smtp: the server refused ${email.to}: ${info.response}` };
        return { ok: true, providerId: messageId };
      },
      classify: (err) => classifySmtpFailure(err as SmtpFailure),
    }),
    async problem() {
      try {
        await pool.verify();
        return null;
      } catch (err) {
        const verdict = classifySmtpFailure(err as SmtpFailure);
        // A server that is down for now is retried like any outage; a refused login will not get better by itself.
        if (!(verdict instanceof TransportError) || verdict.code !== 'unauthorized') return null;
        return /certificate|ETLS/i.test(verdict.message)
          ? `the SMTP server ${options.host}:${options.port} has a certificate we do not trust (SMTP_CA_FILE): ${verdict.message}`
          : `the SMTP server ${options.host}:${options.port} refused the login (SMTP_URL): ${verdict.message}`;
      }
    },
    async close() {
      pool.close();
    },
  };
}
