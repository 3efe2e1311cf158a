import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const resend = {
  RESEND_API_KEY: 're_123',
  EMAIL_FROM: 'Daily <daily@news.example>',
  PUBLIC_URL: 'https://news.example/',
  BROADSHEET_SECRET: 'x'.repeat(32),
  PUBLISHER_NAME: 'News',
  PUBLISHER_ADDRESS: '1 Main St',
};

describe('config', () => {
  it('defaults to embedded PGlite, local Redis and the outbox', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'pglite', dataDir: './.broadsheet/pglite' });
    expect(c.redis).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(c.transport).toEqual({ kind: 'outbox', dir: './outbox' });
    expect(c.resendRps).toBe(5);
    expect(c.queuePrefix).toBe('{broadsheet}');
    expect(c.batchSize).toBe(100);
  });

  it('uses PostgreSQL and Resend when configured, trimming the public URL', () => {
    const c = loadConfig({ ...resend, DATABASE_URL: 'postgres://u@db/broadsheet', RESEND_BASE_URL: 'http://127.0.0.1:9999', RESEND_RPS: '10' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db/broadsheet' });
    expect(c.transport).toEqual({ kind: 'resend', apiKey: 're_123', baseUrl: 'http://127.0.0.1:9999' });
    expect(c.publicUrl).toBe('https://news.example');
    expect(c.resendRps).toBe(10);
  });

  it('chooses SMTP or SES by EMAIL_TRANSPORT, with their settings', () => {
    expect(loadConfig({ ...resend, EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://u:p@mail.example.com:587', SMTP_RATE: '20' }).transport).toEqual({ kind: 'smtp', url: 'smtp://u:p@mail.example.com:587', pool: 5, rate: 20 });
    expect(loadConfig({ ...resend, EMAIL_TRANSPORT: 'ses', AWS_REGION: 'eu-west-1' }).transport).toEqual({ kind: 'ses', region: 'eu-west-1', rate: 14 });
    expect(loadConfig({ ...resend, EMAIL_TRANSPORT: 'outbox' }).transport).toEqual({ kind: 'outbox', dir: './outbox' });
  });

  it('reaches Redis as one server, a cluster or through Sentinel, and refuses two at once', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'r1:6379, r2:6380', REDIS_PASSWORD: 'pw' }).redis).toEqual({ kind: 'cluster', nodes: [{ host: 'r1', port: 6379 }, { host: 'r2', port: 6380 }], password: 'pw' });
    expect(loadConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'mymaster' }).redis).toEqual({ kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }], name: 'mymaster' });
    expect(() => loadConfig({ REDIS_URL: 'redis://x:6379', REDIS_CLUSTER_NODES: 'r1:6379' })).toThrow('REDIS_CLUSTER_NODES: set only one of REDIS_URL and REDIS_CLUSTER_NODES');
    expect(() => loadConfig({ REDIS_SENTINELS: 's1:26379' })).toThrow('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS');
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'r1' })).toThrow('REDIS_CLUSTER_NODES: must be host:port pairs separated by commas');
  });

  it('names the variable and the problem', () => {
    const cases: [Record<string, string>, string][] = [
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://x")'],
      [{ RESEND_RPS: '0' }, 'RESEND_RPS: must be a positive number of requests per second (got "0")'],
      [{ BATCH_SIZE: '500' }, 'BATCH_SIZE: must be a whole number 1..100 (Resend takes at most 100 per batch) (got "500")'],
      [{ BROADSHEET_SECRET: 'short' }, 'BROADSHEET_SECRET: must be at least 32 characters (got "short")'],
      [{ RESEND_API_KEY: 're_1' }, 'EMAIL_FROM: required when RESEND_API_KEY is set'],
      [{ ...resend, PUBLIC_URL: 'http://news.example' }, 'PUBLIC_URL: must be https:// when RESEND_API_KEY is set (got "http://news.example")'],
      [{ DELIVERY_RETENTION_DAYS: '60' }, 'DELIVERY_RETENTION_DAYS: must be at least 105 (SUNSET_DAYS + SUNSET_GRACE_DAYS + 1: list health looks back that far) (got 60)'],
      [{ EMAIL_TRANSPORT: 'sendgrid' }, 'EMAIL_TRANSPORT: must be resend, smtp, ses or outbox (got "sendgrid")'],
      [{ ...resend, RESEND_API_KEY: '', EMAIL_TRANSPORT: 'smtp' }, 'SMTP_URL: required when EMAIL_TRANSPORT is smtp (e.g. smtp://user:pass@mail.example.com:587)'],
      [{ EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail.example.com' }, 'EMAIL_FROM: required when EMAIL_TRANSPORT is smtp'],
      [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL: must be smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS); no path (got "http://mail.example.com")'],
      [{ ...resend, EMAIL_TRANSPORT: 'ses' }, 'SES_REGION: required when EMAIL_TRANSPORT is ses (or AWS_REGION), e.g. eu-west-1'],
    ];
    for (const [env, message] of cases) expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', RESEND_API_KEY: ' ' }).transport.kind).toBe('outbox');
  });
});
