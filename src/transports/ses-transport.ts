import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { TransportError, type EmailTransport } from './email-transport.ts';
import { sendEach } from './send-each.ts';

export interface SesSettings {
  region: string;
  /** Messages per second: the account's maximum send rate (SES shows it; 14 is a common production start). */
  rate: number;
  /** Another endpoint than AWS's own (a VPC endpoint; a local fake in tests). */
  endpoint?: string;
  configurationSet?: string;
  /** Explicit keys; without them the SDK's usual chain (env, profile, instance role) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** What the AWS SDK reports about a failed call. */
export interface SesFailure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** One message's failure as the pipeline sees it. Pure. */
export function classifySesFailure(err: SesFailure): { rejected: string } | TransportError {
  const status = err.$metadata?.httpStatusCode ?? null;
  const name = err.name ?? 'Error';
  const said = `ses ${status ?? 'network'} ${name}: ${err.message ?? ''}`.trim().slice(0, 400);
  if (/daily message quota|sending quota/i.test(err.message ?? '')) return new TransportError('quota_exceeded', said, 3600_000, status);
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException' || name === 'ThrottlingException' || status === 429) {
    return new TransportError('rate_limited', said, 1000, status);
  }
  if (['AccountSuspendedException', 'SendingPausedException', 'MailFromDomainNotVerifiedException', 'AccessDeniedException', 'UnrecognizedClientException', 'InvalidClientTokenId', 'SignatureDoesNotMatch'].includes(name) || status === 401 || status === 403) {
    return new TransportError('unauthorized', said, undefined, status);
  }
  // SES refused this message (its content, its address): the others can still go.
  if (name === 'MessageRejected' || name === 'BadRequestException' || name === 'NotFoundException') return { rejected: said };
  return new TransportError('unavailable', said, undefined, status);
}

/**
 * Amazon SES through its v2 API (`SendEmail` with our own MIME, so the
 * List-Unsubscribe headers go as they are). SES has no idempotency key: one
 * message per call, paced at the account's send rate.
 */
export function createSesTransport(settings: SesSettings): EmailTransport {
  const client = new SESv2Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // The pipeline decides about retries; the SDK's own would resend behind its back.
    maxAttempts: 1,
  });
  return {
    name: 'ses',
    deduplicates: false,
    // Enough calls in flight to keep up with the rate at ~200 ms a call, and no more.
    concurrency: Math.max(1, Math.min(20, Math.ceil(settings.rate / 5))),
    sendBatch: sendEach({
      rate: settings.rate,
      async send(email, { sender, raw }) {
        const sent = await client.send(
          new SendEmailCommand({
            FromEmailAddress: sender,
            Destination: { ToAddresses: [email.to] },
            Content: { Raw: { Data: Buffer.from(raw) } },
            ...(settings.configurationSet ? { ConfigurationSetName: settings.configurationSet } : {}),
            EmailTags: email.tags.map((t) => ({ Name: t.name, Value: t.value })),
          }),
        );
        return sent.MessageId ? { ok: true, providerId: sent.MessageId } : { ok: false, reason: 'ses returned no MessageId' };
      },
      classify: (err) => classifySesFailure(err as SesFailure),
    }),
    async close() {
      client.destroy();
    },
  };
}
