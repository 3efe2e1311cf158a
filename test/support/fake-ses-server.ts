import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SesAccepted {
  from: string;
  to: string[];
  raw: string;
  messageId: string;
}

/**
 * A stand-in for SES's v2 `SendEmail` (POST /v2/email/outbound-emails) as the
 * AWS SDK sees it: JSON in, `{MessageId}` out, errors named in
 * `x-amzn-ErrorType` with a JSON `message`.
 */
export class FakeSes {
  readonly accepted: SesAccepted[] = [];
  private server?: Server;
  url = '';
  /** Answer the next n calls with 429 TooManyRequestsException. */
  throttleNext = 0;
  /** Addresses SES refuses with 400 MessageRejected. */
  rejects = new Set<string>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const fail = (status: number, type: string, message: string) => {
          res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ message }));
        };
        if (req.method !== 'POST' || req.url !== '/v2/email/outbound-emails') return fail(404, 'NotFoundException', `no route ${req.method} ${req.url}`);
        if (!/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//.test(req.headers.authorization ?? '')) return fail(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
        if (this.throttleNext > 0) {
          this.throttleNext--;
          return fail(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
        }
        const input = JSON.parse(body) as { FromEmailAddress: string; Destination: { ToAddresses: string[] }; Content: { Raw: { Data: string } } };
        const to = input.Destination.ToAddresses;
        if (to.some((a) => this.rejects.has(a))) return fail(400, 'MessageRejected', 'Email address is not verified.');
        const messageId = `0100018f-${String(this.accepted.length + 1).padStart(8, '0')}-ses`;
        this.accepted.push({ from: input.FromEmailAddress, to, raw: Buffer.from(input.Content.Raw.Data, 'base64').toString('utf8'), messageId });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: messageId }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}
