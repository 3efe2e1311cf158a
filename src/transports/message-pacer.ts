/**
 * Spaces messages evenly at `perSecond` for a transport that hands over one
 * message per call (SMTP, SES): each caller waits for the next free slot, so a
 * pool of connections never bursts past the provider's rate. Per process: run
 * the worker's processes at rate / processes each.
 */
export function messagePacer(perSecond: number | undefined, now: () => number = Date.now): () => Promise<void> {
  if (!perSecond) return () => Promise.resolve();
  const gap = 1000 / perSecond;
  let next = 0;
  return () => {
    const at = Math.max(now(), next);
    next = at + gap;
    const wait = at - now();
    return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
  };
}
