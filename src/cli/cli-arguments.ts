import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../content/digest-selection.ts';
import { parseInstant } from '../scheduling/local-time.ts';

/** Commander parsers for flag and argument values: a bad value is a one-line usage error naming the flag. */

/** A whole number in [min, max]. */
export const wholeNumber = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!/^-?\d+$/.test(v.trim()) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number ${min}..${max}`);
  return n;
};

/** A row number as the database keys it (a positive 32-bit integer). */
export const rowId = wholeNumber(1, 2_147_483_647);

/** A real date and time with its offset, not rolled over from an impossible one. */
export function instant(v: string): Date {
  try {
    return parseInstant(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

export const port = wholeNumber(0, 65_535);

/** A span such as 24h, 2d or 90m, in milliseconds. */
export function duration(v: string): number {
  try {
    return parseDuration(v);
  } catch {
    throw new InvalidArgumentError('must look like 24h, 2d or 90m');
  }
}
