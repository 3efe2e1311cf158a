/**
 * Wall-clock arithmetic in IANA time zones with Intl only (no tz database of our own).
 * Pure: every function takes the instant it reasons about.
 */
import { z } from 'zod';

export interface LocalTime {
  hour: number;
  minute: number;
}

/**
 * An ISO 8601 instant with its offset (`2026-11-25T07:00:00-06:00`, `…Z`). Dates
 * the calendar does not have (2027-02-30) are refused, where `new Date` would roll
 * them over into March. The API, the CLI and the desk all check with this.
 */
export const ISO_INSTANT = z.iso.datetime({ offset: true });

/** `ISO_INSTANT` as a Date, or a RangeError saying what a good one looks like. */
export function parseInstant(text: string): Date {
  if (!ISO_INSTANT.safeParse(text.trim()).success) {
    throw new RangeError("must be a real date and time with its offset, e.g. 2026-11-25T07:00:00-06:00");
  }
  return new Date(text.trim());
}

/** A day on the calendar, `YYYY-MM-DD` (2027-02-30 is refused, not read as 2 March). */
export const CALENDAR_DATE = z.iso.date({ message: 'must be a real date, YYYY-MM-DD' });

/** A 24-hour `HH:MM`; every place that takes a time of day checks with this. */
export const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `07:00` → {hour: 7, minute: 0}; anything else is refused with the reason. */
export function parseLocalTime(text: string): LocalTime {
  const m = HH_MM.exec(text.trim());
  if (!m) throw new RangeError(`a time of day must look like 07:00 (24-hour HH:MM), got ${JSON.stringify(text)}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

const zoneAnswers = new Map<string, boolean>();

/**
 * Whether `tz` names an IANA zone. Remembered: asking Intl costs ~50 µs, and an
 * import asks once per row (a million rows spent 49 s here); readers' zones are few.
 */
export function isTimeZone(tz: string): boolean {
  if (!tz) return false;
  let known = zoneAnswers.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (zoneAnswers.size >= 10_000) zoneAnswers.clear();
    zoneAnswers.set(tz, known);
  }
  return known;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: Date, tz: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** The zone's offset from UTC at `instant`, in milliseconds (east positive). */
function offsetMs(instant: Date, tz: string): number {
  const p = partsIn(instant, tz);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** `YYYY-MM-DD` as the calendar reads in `tz` at `instant`. */
export function localDate(instant: Date, tz: string): string {
  const p = partsIn(instant, tz);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/**
 * The instant the wall clock in `tz` shows `time` on the local calendar day
 * `y-mo-d`. In a spring-forward gap (02:30 that never happens) it is the same
 * distance past the gap's start, as clocks and calendars do; in the autumn
 * overlap it is the first of the two.
 */
export function zonedInstant(y: number, mo: number, d: number, time: LocalTime, tz: string): Date {
  const wall = Date.UTC(y, mo - 1, d, time.hour, time.minute);
  const first = wall - offsetMs(new Date(wall), tz);
  const second = wall - offsetMs(new Date(first), tz);
  // The two guesses differ only around a transition: take the earlier that the clock really shows, else the later.
  const earlier = Math.min(first, second);
  const p = partsIn(new Date(earlier), tz);
  return new Date(p.h === time.hour && p.mi === time.minute ? earlier : Math.max(first, second));
}

/**
 * The first instant at or after `from - graceMs` when the wall clock in `tz`
 * shows `time`. The grace lets a reader whose 07:00 passed a few minutes ago get
 * today's edition now rather than tomorrow's slot.
 */
export function nextLocalOccurrence(time: LocalTime, tz: string, from: Date, graceMs = 0): Date {
  const floor = from.getTime() - graceMs;
  const today = partsIn(new Date(floor), tz);
  for (let day = 0; day < 3; day++) {
    const base = new Date(Date.UTC(today.y, today.mo - 1, today.d + day));
    const at = zonedInstant(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), time, tz);
    if (at.getTime() >= floor) return at;
  }
  throw new Error(`no ${time.hour}:${time.minute} in ${tz} within three days of ${from.toISOString()}`);
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** `Tue 1 Dec 2026, 07:00`: what the wall clock in `tz` shows at `instant`, for people. */
export function wallClock(instant: Date, tz: string): string {
  let f = wallFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallFormatters.set(tz, f);
  }
  return f.format(instant).replace(' at ', ', ');
}

/** `UTC−06:00`, `UTC+05:30`, `UTC`: the zone's offset at `instant`. */
export function utcOffsetLabel(instant: Date, tz: string): string {
  const minutes = Math.round(offsetMs(instant, tz) / 60_000);
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '−' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `in 3 h 12 min`, `in 40 min`, `now`, `5 min ago`: how far `instant` is from `now`. */
export function relativeTime(instant: Date, now: Date): string {
  const minutes = Math.round((instant.getTime() - now.getTime()) / 60_000);
  const span = (m: number) => (m >= 60 * 48 ? `${Math.round(m / 1440)} days` : m >= 60 ? `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}` : `${m} min`);
  if (minutes === 0) return 'now';
  return minutes > 0 ? `in ${span(minutes)}` : `${span(-minutes)} ago`;
}
