/**
 * The days a recurring digest runs, as editors write them (`mon-fri`, `sun`,
 * `mon,wed,fri`, `daily`) and as cron wants them (0 Sunday … 6 Saturday). Pure.
 */

const NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Every day: null, so the schedule's cron says `*`. */
export type WeekDays = number[] | null;

function dayOf(word: string): number | null {
  const w = word.trim().toLowerCase().slice(0, 3);
  const i = (NAMES as readonly string[]).indexOf(w);
  return i >= 0 ? i : null;
}

/** `mon-fri` → [1,2,3,4,5]; `fri-mon` wraps (5,6,0,1); `daily`, `every day`, `*` → null. Throws with what it could not read. */
export function parseWeekDays(text: string): WeekDays {
  const t = text.trim().toLowerCase();
  if (['', '*', 'daily', 'every day', 'everyday', 'all'].includes(t)) return null;
  const days = new Set<number>();
  for (const part of t.split(/[,\s]+/).filter(Boolean)) {
    const [from, to, ...rest] = part.split('-');
    const a = dayOf(from ?? '');
    const b = to === undefined ? a : dayOf(to);
    if (a === null || b === null || rest.length || (from ?? '').length < 3 || (to !== undefined && to.length < 3)) {
      throw new RangeError(`"${part}" is not a day or a range of days (mon, tue, wed, thu, fri, sat, sun; e.g. mon-fri or sat,sun)`);
    }
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days.size === 7 ? null : [...days].sort((x, y) => x - y);
}

/** The cron day-of-week field. */
export const cronDays = (days: WeekDays): string => (days ? days.join(',') : '*');

/** `every day`, `mon-fri`, `sun`, `mon, wed, fri`: runs of three or more days as ranges. */
export function describeWeekDays(days: WeekDays): string {
  if (!days) return 'every day';
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${NAMES[days[i]!]}-${NAMES[days[j]!]}` : days.slice(i, j + 1).map((d) => NAMES[d]).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}
