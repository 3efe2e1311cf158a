import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./smtp-server.py', import.meta.url));

/** The first Python that has aiosmtpd (Debian's python3-aiosmtpd lives with /usr/bin/python3; `.ci/run` installs it). */
function python(): string {
  for (const candidate of [process.env.SMTP_TEST_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean) as string[]) {
    try {
      execFileSync(candidate, ['-c', 'import aiosmtpd'], { stdio: 'ignore' });
      return candidate;
    } catch {}
  }
  throw new Error('no python3 with aiosmtpd: install Debian\'s python3-aiosmtpd (bash .ci/run does)');
}

export interface ReceivedMessage {
  from: string;
  to: string;
  messageId: string;
  subject: string;
  listUnsubscribe: string | null;
  /** Whether the message came over STARTTLS. */
  tls: boolean;
}

export interface SmtpServer {
  port: number;
  url(user?: string, pass?: string): string;
  received(): ReceivedMessage[];
  stop(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (openssl), for a server that offers STARTTLS; the certificate is its own CA. */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/** Starts test/support/smtp-server.py on a free loopback port (see its options). */
export async function startSmtpServer(opts: { dropAfterData?: number; tempfailAt?: number; reject?: string[]; auth?: string; tls?: { cert: string; key: string } } = {}): Promise<SmtpServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-smtp-'));
  const out = join(dir, 'received.jsonl');
  const args = [SCRIPT, '--out', out];
  if (opts.dropAfterData) args.push('--drop-after-data', String(opts.dropAfterData));
  for (const address of opts.reject ?? []) args.push('--reject', address);
  if (opts.auth) args.push('--auth', opts.auth);
  if (opts.tempfailAt) args.push('--tempfail-at', String(opts.tempfailAt));
  if (opts.tls) args.push('--tls-cert', opts.tls.cert, '--tls-key', opts.tls.key);
  const child: ChildProcess = spawn(python(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /listening (\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the SMTP server exited (${code}): ${stderr}`)));
  });
  return {
    port,
    url: (user, pass) => `smtp://${user ? `${user}:${pass}@` : ''}127.0.0.1:${port}`,
    received() {
      try {
        return readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReceivedMessage);
      } catch {
        return [];
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
