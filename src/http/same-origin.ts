/**
 * Whether a request's Origin header (when the browser sent one) is ours: scheme,
 * host and port, compared as origins. Ours is where the browser reached us (the
 * Host header, with the scheme a trusted proxy reports) or PUBLIC_URL. `null`
 * (sandboxed or privacy-stripped) is nobody's.
 */
export function originAllowed(origin: string | undefined, ours: { host: string | undefined; scheme: string; publicUrl: string }): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const given = new URL(origin).origin;
  const candidates = [new URL(ours.publicUrl).origin];
  if (ours.host && URL.canParse(`${ours.scheme}://${ours.host}`)) candidates.push(new URL(`${ours.scheme}://${ours.host}`).origin);
  return candidates.includes(given);
}
