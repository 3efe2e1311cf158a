import { describe, expect, it } from 'vitest';
import { cronDays, describeWeekDays, parseWeekDays } from '../../src/scheduling/week-days.ts';

describe('the days a schedule runs', () => {
  it('reads days as editors write them', () => {
    expect(parseWeekDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekDays('sun')).toEqual([0]);
    expect(parseWeekDays('Sat, Sun')).toEqual([0, 6]);
    expect(parseWeekDays('fri-mon')).toEqual([0, 1, 5, 6]); // a range wraps the weekend
    expect(parseWeekDays('monday,wednesday,friday')).toEqual([1, 3, 5]);
    for (const every of ['', 'daily', '*', 'every day', 'mon-sun']) expect(parseWeekDays(every)).toBeNull();
  });

  it('refuses what is not a day, saying which part', () => {
    expect(() => parseWeekDays('mon-fry')).toThrow('"mon-fry" is not a day or a range of days');
    expect(() => parseWeekDays('mo')).toThrow('"mo" is not a day');
    expect(() => parseWeekDays('mon-tue-wed')).toThrow('"mon-tue-wed"');
  });

  it('writes them for cron and for people', () => {
    expect(cronDays(null)).toBe('*');
    expect(cronDays([1, 2, 3, 4, 5])).toBe('1,2,3,4,5');
    expect(describeWeekDays(null)).toBe('every day');
    expect(describeWeekDays([1, 2, 3, 4, 5])).toBe('mon-fri');
    expect(describeWeekDays([0])).toBe('sun');
    expect(describeWeekDays([0, 6])).toBe('sun, sat');
    expect(describeWeekDays([1, 3, 5])).toBe('mon, wed, fri');
  });
});
