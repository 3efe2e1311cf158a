import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate, nextLocalOccurrence, parseLocalTime, zonedInstant } from '../../src/scheduling/local-time.ts';

const seven = parseLocalTime('07:00');

describe('local time', () => {
  it('parses HH:MM and refuses anything else', () => {
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['7:00', '24:00', '07:60', '0700', '07:00pm', '']) expect(() => parseLocalTime(bad)).toThrow(/HH:MM/);
  });

  it('knows real zones', () => {
    expect(isTimeZone('America/Mexico_City')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('finds 07:00 in zones east and west of UTC, with and without daylight saving', () => {
    expect(zonedInstant(2026, 11, 25, seven, 'America/Mexico_City').toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(zonedInstant(2026, 11, 25, seven, 'Europe/Madrid').toISOString()).toBe('2026-11-25T06:00:00.000Z');
    expect(zonedInstant(2026, 7, 1, seven, 'Europe/Madrid').toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(zonedInstant(2026, 11, 25, seven, 'Pacific/Kiritimati').toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(zonedInstant(2026, 11, 25, seven, 'Asia/Kolkata').toISOString()).toBe('2026-11-25T01:30:00.000Z');
  });

  it('moves a time in the spring-forward gap past the gap and takes the first of an autumn overlap', () => {
    // 2026-03-08 02:30 does not happen in New York: clocks jump from 02:00 EST to 03:00 EDT.
    expect(zonedInstant(2026, 3, 8, parseLocalTime('02:30'), 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 2026-11-01 01:30 happens twice; the first is EDT (UTC-4).
    expect(zonedInstant(2026, 11, 1, parseLocalTime('01:30'), 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('gives the next occurrence, today within the grace, else tomorrow', () => {
    const from = new Date('2026-11-25T13:00:00Z'); // 07:00 in Mexico City
    expect(nextLocalOccurrence(seven, 'America/Mexico_City', from, 30 * 60_000).toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(nextLocalOccurrence(seven, 'America/Los_Angeles', from).toISOString()).toBe('2026-11-25T15:00:00.000Z');
    // Madrid's 07:00 was seven hours ago: tomorrow's.
    expect(nextLocalOccurrence(seven, 'Europe/Madrid', from, 30 * 60_000).toISOString()).toBe('2026-11-26T06:00:00.000Z');
    // Twenty minutes late is within a 30-minute grace: now-ish, not tomorrow.
    expect(nextLocalOccurrence(seven, 'America/Mexico_City', new Date('2026-11-25T13:20:00Z'), 30 * 60_000).toISOString()).toBe('2026-11-25T13:00:00.000Z');
  });

  it('reads the local calendar date', () => {
    expect(localDate(new Date('2026-11-25T03:00:00Z'), 'America/Mexico_City')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-25T03:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-25');
  });
});
