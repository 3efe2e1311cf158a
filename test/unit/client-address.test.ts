import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/http/client-address.ts';

describe('client address for rate limits', () => {
  it('is the socket without trusted proxies, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });
  it('behind N proxies of ours, is the address the outermost one saw; what the client prepended is ignored', () => {
    // client forged "6.6.6.6"; the real client 203.0.113.7 reached our load balancer, which reached our nginx.
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.7, 10.0.0.1', 2)).toBe('203.0.113.7');
  });
  it('falls back to the socket when the header is shorter than the proxies said', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7', 2)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });
});
