import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  deadline,
  elapsedWorking,
  getBusinessCalendar,
  isWorkingDay,
  parseBusinessCalendarsText,
  type BusinessCalendar,
} from '../../src/escalation/index.js';
import { ValidationError } from '../../src/shared/errors.js';

/** The shipped calendar file is under test too: these cases pin its 2026 data. */
const calendars = parseBusinessCalendarsText(
  readFileSync(new URL('../../config/calendar.yaml', import.meta.url), 'utf8'),
  'config/calendar.yaml',
);
const cal = (id: string): BusinessCalendar => getBusinessCalendar(calendars, id);

/** Beijing wall-clock time 'YYYY-MM-DD HH:MM[:SS]' → instant. */
const bj = (text: string): Date => new Date(`${text.replace(' ', 'T')}${text.length === 16 ? ':00' : ''}+08:00`);

/** Instant → Beijing wall clock 'YYYY-MM-DD HH:MM', for readable failures. */
const wall = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

// 5×8 / 6×8 hours are 09:00–12:00 and 13:00–18:00 (8 h a day, lunch 12:00–13:00).
// 2026 dates used below: 03-10 Tue, 03-13 Fri, 02-13 Fri, 02-14 Sat (调休上班), 04-03 Fri,
// 04-04..06 清明, 09-18 Fri, 09-20 Sun (调休上班), 09-30 Wed, 10-01..07 国庆, 10-10 Sat (调休上班).
const deadlineCases: Array<{ name: string; calendar: string; start: string; minutes: number; expected: string }> = [
  { name: 'within a day', calendar: '5x8', start: '2026-03-10 09:30', minutes: 60, expected: '2026-03-10 10:30' },
  { name: 'across lunch', calendar: '5x8', start: '2026-03-10 11:30', minutes: 60, expected: '2026-03-10 13:30' },
  { name: 'ends exactly at closing time (not next morning)', calendar: '5x8', start: '2026-03-10 17:00', minutes: 60, expected: '2026-03-10 18:00' },
  { name: 'across a night', calendar: '5x8', start: '2026-03-10 17:00', minutes: 120, expected: '2026-03-11 10:00' },
  { name: 'Friday evening → Monday', calendar: '5x8', start: '2026-03-13 17:30', minutes: 60, expected: '2026-03-16 09:30' },
  { name: 'start after hours on Friday', calendar: '5x8', start: '2026-03-13 18:30', minutes: 60, expected: '2026-03-16 10:00' },
  { name: 'start before opening', calendar: '5x8', start: '2026-03-10 07:00', minutes: 30, expected: '2026-03-10 09:30' },
  { name: 'start during lunch', calendar: '5x8', start: '2026-03-10 12:15', minutes: 30, expected: '2026-03-10 13:30' },
  { name: 'start on a Sunday', calendar: '5x8', start: '2026-03-15 10:00', minutes: 90, expected: '2026-03-16 10:30' },
  { name: 'across a public holiday (清明 Sat–Mon)', calendar: '5x8', start: '2026-04-03 17:00', minutes: 120, expected: '2026-04-07 10:00' },
  { name: 'across a make-up Saturday, which is a workday (春节 调休 02-14)', calendar: '5x8', start: '2026-02-13 17:00', minutes: 120, expected: '2026-02-14 10:00' },
  { name: 'make-up Sunday before 国庆 (09-20) is a workday', calendar: '5x8', start: '2026-09-18 17:00', minutes: 120, expected: '2026-09-20 10:00' },
  { name: '元旦 make-up Sunday 01-04 starts at opening', calendar: '5x8', start: '2026-01-04 08:00', minutes: 60, expected: '2026-01-04 10:00' },
  { name: '6×8 works on an ordinary Saturday', calendar: '6x8', start: '2026-03-13 17:00', minutes: 120, expected: '2026-03-14 10:00' },
  { name: '6×8 skips the whole 春节 holiday', calendar: '6x8', start: '2026-02-14 17:00', minutes: 120, expected: '2026-02-24 10:00' },
  { name: 'into the (provisional) 2027 元旦', calendar: '5x8', start: '2026-12-31 17:00', minutes: 120, expected: '2027-01-04 10:00' },
  { name: '7×24 runs through holiday nights', calendar: '7x24', start: '2026-10-01 23:30', minutes: 60, expected: '2026-10-02 00:30' },
  { name: '7×24 48 h (level-1 on-site)', calendar: '7x24', start: '2026-09-30 16:30', minutes: 48 * 60, expected: '2026-10-02 16:30' },
  { name: '7×24 ends exactly at midnight', calendar: '7x24', start: '2026-10-01 23:00', minutes: 60, expected: '2026-10-02 00:00' },
  { name: 'zero duration is the start itself, even outside hours', calendar: '5x8', start: '2026-03-14 10:00', minutes: 0, expected: '2026-03-14 10:00' },
  // The 国庆 case, by hand. 2026-09-30 (Wed) is the last workday before 国庆 (10-01..10-07);
  // 10-08 (Thu) and 10-09 (Fri) are ordinary workdays and 10-10 (Sat) is a make-up workday.
  //   level 2, 8 h = 480 min: 09-30 16:30–18:00 uses 90 → 390 left; 10-01..07 closed;
  //     10-08 09:00–12:00 uses 180 → 210 left; 13:00 + 210 min = 16:30  ⇒ 2026-10-08 16:30.
  //   level 3, 12 h = 720 min: 90 on 09-30, 480 on 10-08 → 150 left; 10-09 09:00 + 150 min ⇒ 11:30.
  //   level 5, 24 h = 1440 min: 90 + 480 (10-08) + 480 (10-09) = 1050 → 390 left on Saturday 10-10:
  //     09:00–12:00 uses 180 → 210 left; 13:00 + 210 min ⇒ 2026-10-10 16:30 (a Saturday, 调休上班).
  { name: '国庆: level 2 (8 h) opened 16:30 on the last workday', calendar: '5x8', start: '2026-09-30 16:30', minutes: 480, expected: '2026-10-08 16:30' },
  { name: '国庆: level 3 (12 h)', calendar: '5x8', start: '2026-09-30 16:30', minutes: 720, expected: '2026-10-09 11:30' },
  { name: '国庆: level 5 (24 h) lands on the make-up Saturday', calendar: '5x8', start: '2026-09-30 16:30', minutes: 1440, expected: '2026-10-10 16:30' },
];

describe('deadline', () => {
  it.each(deadlineCases)('$name', ({ calendar, start, minutes, expected }) => {
    expect(wall(deadline(bj(start), minutes, cal(calendar)))).toBe(expected);
  });

  it('keeps seconds exact', () => {
    expect(deadline(bj('2026-03-10 11:59:30'), 1, cal('5x8')).toISOString()).toBe(bj('2026-03-10 13:00:30').toISOString());
  });

  it('rejects a negative or non-finite duration and an invalid start', () => {
    expect(() => deadline(bj('2026-03-10 09:00'), -1, cal('5x8'))).toThrow(ValidationError);
    expect(() => deadline(bj('2026-03-10 09:00'), Number.NaN, cal('5x8'))).toThrow(ValidationError);
    expect(() => deadline(new Date('nope'), 10, cal('5x8'))).toThrow(ValidationError);
  });
});

const elapsedCases: Array<{ name: string; calendar: string; start: string; end: string; minutes: number }> = [
  { name: 'a full working day', calendar: '5x8', start: '2026-03-10 09:00', end: '2026-03-10 18:00', minutes: 480 },
  { name: 'lunch does not count', calendar: '5x8', start: '2026-03-10 11:00', end: '2026-03-10 14:00', minutes: 120 },
  { name: 'the night does not count', calendar: '5x8', start: '2026-03-10 17:00', end: '2026-03-11 10:00', minutes: 120 },
  { name: 'the weekend does not count', calendar: '5x8', start: '2026-03-13 17:00', end: '2026-03-16 10:00', minutes: 120 },
  { name: 'the 6×8 Saturday counts', calendar: '6x8', start: '2026-03-13 17:00', end: '2026-03-16 10:00', minutes: 120 + 480 },
  { name: 'the 国庆 holiday does not count', calendar: '5x8', start: '2026-09-30 16:30', end: '2026-10-08 16:30', minutes: 480 },
  { name: 'both ends outside hours', calendar: '5x8', start: '2026-03-10 19:00', end: '2026-03-11 08:00', minutes: 0 },
  { name: '7×24 counts everything', calendar: '7x24', start: '2026-10-01 00:00', end: '2026-10-03 12:00', minutes: 2.5 * 1440 },
  { name: 'end before start is negative', calendar: '5x8', start: '2026-03-10 10:00', end: '2026-03-10 09:30', minutes: -30 },
  { name: 'seconds are kept', calendar: '5x8', start: '2026-03-10 09:00', end: '2026-03-10 09:00:30', minutes: 0.5 },
];

describe('elapsedWorking', () => {
  it.each(elapsedCases)('$name', ({ calendar, start, end, minutes }) => {
    expect(elapsedWorking(bj(start), bj(end), cal(calendar))).toBe(minutes);
  });
});

describe('deadline and elapsedWorking are inverse', () => {
  // Deterministic pseudo-random starts (with seconds) over 2026-09-01 .. 2026-11-01, which covers
  // 中秋, the make-up Sunday, 国庆 and its make-up Saturday.
  let seed = 20260930;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const from = bj('2026-09-01 00:00').getTime();
  const span = bj('2026-11-01 00:00').getTime() - from;
  const starts = Array.from({ length: 400 }, () => new Date(from + Math.floor(random() * span / 1000) * 1000));
  const durations = [0, 1, 59, 60, 61, 179, 180, 181, 479, 480, 481, 720, 960, 1440, 2880, 5000];

  it.each(['5x8', '6x8', '7x24'])('%s: elapsedWorking(s, deadline(s, m)) === m, and no earlier instant suffices', (id) => {
    const calendar = cal(id);
    for (const start of starts) {
      for (const minutes of durations) {
        const due = deadline(start, minutes, calendar);
        expect(elapsedWorking(start, due, calendar), `${wall(start)} + ${minutes}`).toBe(minutes);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        if (minutes > 0) expect(elapsedWorking(start, new Date(due.getTime() - 1), calendar)).toBeLessThan(minutes);
      }
    }
  });

  it.each(['5x8', '6x8', '7x24'])('%s: deadline(s, elapsedWorking(s, e)) is never after e', (id) => {
    const calendar = cal(id);
    for (let index = 0; index + 1 < starts.length; index += 2) {
      const [a, b] = [starts[index]!, starts[index + 1]!].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date];
      const minutes = elapsedWorking(a, b, calendar);
      const due = deadline(a, minutes, calendar);
      expect(due.getTime()).toBeLessThanOrEqual(b.getTime());
      expect(elapsedWorking(due, b, calendar)).toBe(0);
    }
  });
});

describe('calendar data', () => {
  it('has the 2026 arrangement as official and 2027 marked provisional', () => {
    const years = cal('5x8').holidayYears.map((year) => [year.year, year.status]);
    expect(years).toEqual([
      [2026, 'official'],
      [2027, 'provisional'],
    ]);
  });

  it.each([
    ['2026-01-01', false],
    ['2026-01-04', true],
    ['2026-02-14', true],
    ['2026-02-17', false],
    ['2026-02-28', true],
    ['2026-04-06', false],
    ['2026-05-05', false],
    ['2026-05-09', true],
    ['2026-06-19', false],
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-10-07', false],
    ['2026-10-08', true],
    ['2026-10-10', true],
    ['2026-10-11', false],
  ] as const)('5×8 on %s: working day = %s', (date, working) => {
    expect(isWorkingDay(cal('5x8'), date)).toBe(working);
  });

  it('7×24 ignores public holidays', () => {
    expect(isWorkingDay(cal('7x24'), '2026-10-01')).toBe(true);
  });

  it('rejects a make-up day that is not a weekend, overlapping hours and unknown calendars', () => {
    const bad = `
publicHolidays:
  2026:
    status: official
    source: test
    holidays: [{ name: X, from: 2026-10-01, to: 2026-10-02 }]
    makeUpWorkdays: [{ date: 2026-10-14, for: X }]
calendars:
  office:
    description: test
    observesPublicHolidays: true
    makeUpWorkdayHours: ["09:00-12:00"]
    weeklyHours: { monday: ["09:00-12:00", "11:00-13:00"], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }
`;
    expect(() => parseBusinessCalendarsText(bad, 'bad.yaml')).toThrow(/bad\.yaml.*overlap/);
    const weekday = bad.replace('"11:00-13:00"', '"13:00-14:00"');
    expect(() => parseBusinessCalendarsText(weekday, 'bad.yaml')).toThrow(/2026-10-14 is not a Saturday or Sunday/);
    expect(() => getBusinessCalendar(calendars, '5x7')).toThrow(/unknown business calendar "5x7"/);
  });

  it('rejects invalid times and dates', () => {
    const text = (hours: string, date: string) => `
calendars:
  c:
    description: test
    observesPublicHolidays: false
    weeklyHours: { monday: [${hours}], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }
publicHolidays:
  2026: { status: official, source: t, holidays: [{ name: X, from: ${date}, to: ${date} }] }
`;
    expect(() => parseBusinessCalendarsText(text('"18:00-09:00"', '2026-10-01'), 't')).toThrow(ValidationError);
    expect(() => parseBusinessCalendarsText(text('"09:00-24:30"', '2026-10-01'), 't')).toThrow(ValidationError);
    expect(() => parseBusinessCalendarsText(text('"09:00-18:00"', '2026-02-30'), 't')).toThrow(/not a real calendar date/);
    expect(parseBusinessCalendarsText(text('"00:00-24:00"', '2026-10-01'), 't').get('c')?.weeklyHours[1]).toEqual([
      { startMinute: 0, endMinute: 1440 },
    ]);
  });
});
