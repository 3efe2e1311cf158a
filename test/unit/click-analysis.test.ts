import { describe, expect, it } from 'vitest';
import { seedDigest } from '../../emails/_fixtures/seed-digest.ts';
import { burstThreshold, clickTarget, scannerAgent, storyUrlOf } from '../../src/webhooks/click-analysis.ts';

const ours = { publicUrl: 'https://letters.example', paidUrl: 'https://news.example/join?plan=annual' };

describe('what a click was on', () => {
  it('finds the story without our link tags or the fragment, keeping the story’s own parameters', () => {
    expect(storyUrlOf('https://news.example/a/?id=7&utm_source=newsletter&utm_medium=email&utm_campaign=d-2026-11-30#comments')).toBe('https://news.example/a/?id=7');
    expect(storyUrlOf('not a url')).toBeNull();
    const t2 = seedDigest.teasers[1]!;
    expect(clickTarget(`${t2.url}?utm_source=newsletter#comments`, seedDigest, ours)).toEqual({ position: 'teaser 2', storyUrl: t2.url, section: 'Politics' });
    expect(clickTarget(seedDigest.lead.url, seedDigest, ours)).toMatchObject({ position: 'lead', section: 'News' });
  });

  it('tells sponsors, the paywall and our own footer links from stories', () => {
    expect(clickTarget('https://bank.example/remesas?utm_content=sponsor-banco', seedDigest, ours).position).toBe('sponsor');
    expect(clickTarget('https://news.example/join?plan=annual&utm_source=newsletter', seedDigest, ours).position).toBe('paywall');
    expect(clickTarget('https://letters.example/subscribe/daily-digest', seedDigest, ours).position).toBe('paywall');
    expect(clickTarget('https://letters.example/u/v1.unsubscribe.1.1.x', seedDigest, ours)).toEqual({ position: 'footer', storyUrl: null, section: null });
    expect(clickTarget('https://elsewhere.example/page', seedDigest, ours)).toMatchObject({ position: 'other', storyUrl: 'https://elsewhere.example/page' });
  });

  it('knows scanners by their user agent, and a burst by how many links it takes', () => {
    for (const ua of ['Mozilla/5.0 (compatible; Mimecast URL Protect)', 'Barracuda Sentinel (EE)', 'python-requests/2.31', 'Go-http-client/1.1', '', null]) expect(scannerAgent(ua), String(ua)).toBe(true);
    for (const ua of ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36'])
      expect(scannerAgent(ua), ua).toBe(false);
    expect(burstThreshold(seedDigest)).toBe(3); // lead and three teasers
    expect(burstThreshold({ lead: seedDigest.lead, teasers: Array(9).fill(seedDigest.teasers[0]) })).toBe(6);
  });
});
