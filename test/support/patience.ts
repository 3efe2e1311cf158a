/**
 * How long a test waits for something that should happen: a send to finish, a
 * page to redraw. Not a measure of speed (benchmarks measure that): on a quiet
 * machine the wait ends in moments, on a busy 2-core one it may take minutes, and
 * neither is a failure. Only what never happens fails, after this long. Kept
 * under vitest's testTimeout, so the failure names what was awaited.
 */
export const PATIENCE_MS = 240_000;
