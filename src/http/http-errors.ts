import { HTTPException } from 'hono/http-exception';
import { ContentError } from '../content/digest-content.ts';
import { FeedError } from '../content/feed-error.ts';
import { DatabaseUnavailableError } from '../db/database-unavailable.ts';
import { UserError } from '../errors.ts';

export interface HttpFailure {
  status: number;
  /** For the person who sent the request: what was wrong, or that we will be back. */
  message: string;
  headers: Record<string, string>;
  /** Our fault, not the request's: worth a line in the log. */
  ours: boolean;
}

// PostgreSQL's class 22 (data exception): a value the request carried that the database refused (out of range, malformed).
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/**
 * What an error means for an HTTP answer, in one place for the API, the desk and
 * reader pages: whatever a request got wrong is a 4xx with the reason, a database
 * that dropped out is a 503 worth retrying, and only our own bugs are a 500.
 */
export function httpFailureOf(err: unknown): HttpFailure {
  const plain = (status: number, message: string, headers: Record<string, string> = {}): HttpFailure => ({ status, message, headers, ours: false });
  if (err instanceof UserError) return plain(err.code === 'not_found' ? 404 : err.code === 'invalid_input' ? 400 : 409, err.message);
  if (err instanceof FeedError || err instanceof ContentError) return plain(400, err.message);
  if (err instanceof DatabaseUnavailableError) {
    return { status: 503, message: 'The service is briefly unavailable. Please try again in a few seconds.', headers: { 'retry-after': '5' }, ours: true };
  }
  if (err instanceof HTTPException && err.status < 500) return plain(err.status, err.message || 'the request could not be read');
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && DATA_EXCEPTION.test(code)) return plain(400, `a value in the request was refused: ${(err as Error).message}`);
  return { status: 500, message: 'Something went wrong on our side. Please try again in a minute.', headers: {}, ours: true };
}
