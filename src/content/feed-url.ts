/** Whether `url` is an http(s) URL on an allowed host; the reason if not. Pure, and light: the CLI checks URLs before loading any feed reader. */
export function feedUrlProblem(url: string, allowedHosts: readonly string[] | null | undefined, kind: 'feed' | 'story page' = 'feed'): string | null {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return `a ${kind} must be an http:// or https:// URL (got ${JSON.stringify(url.slice(0, 200))})`;
  if (!allowedHosts?.length) return null;
  const host = new URL(url).hostname.toLowerCase();
  const allowed = allowedHosts.some((h) => (h.startsWith('.') ? host.endsWith(h) || host === h.slice(1) : host === h));
  return allowed ? null : `${kind}s may only come from ${allowedHosts.join(', ')} (FEED_HOSTS), not ${host}`;
}
