import { ValidationError } from '../../shared/errors.js';
import {
  dayNumberToDateString,
  weekdayOfDayNumber,
  type BusinessCalendar,
  type WorkingInterval,
} from './business-calendar.js';

/**
 * Working-time arithmetic on a business calendar. Pure: no clock, no I/O.
 *
 * Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so Beijing local time is
 * exactly UTC + 8 h. We therefore do all arithmetic on epoch milliseconds shifted by a fixed
 * +08:00 offset instead of going through Intl time-zone tables: it is exact, fast, and independent
 * of the host's TZ setting and ICU data.
 */

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Beijing is UTC+8 without DST. */
export const BEIJING_OFFSET_MS = 8 * 60 * MINUTE_MS;
/** A deadline further away than this is a data error (a calendar with almost no working time). */
const MAX_SEARCH_DAYS = 20 * 366;

/** The Beijing local day (days since 1970-01-01) that contains this instant. */
export function beijingDayNumber(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

/** The instant of Beijing midnight that starts this local day. */
export function beijingMidnight(dayNumber: number): Date {
  return new Date(dayNumber * DAY_MS - BEIJING_OFFSET_MS);
}

/** The Beijing local date 'YYYY-MM-DD' of an instant. */
export function beijingDateString(at: Date): string {
  return dayNumberToDateString(beijingDayNumber(at));
}

/**
 * Working intervals of one Beijing local date ('YYYY-MM-DD', or a day number since 1970-01-01),
 * in minutes after midnight. A public holiday has
 * none; a make-up workday (调休) has `makeUpWorkdayHours`; any other day its weekday's hours.
 */
export function workingIntervalsOn(calendar: BusinessCalendar, date: string | number): readonly WorkingInterval[] {
  const dayNumber = typeof date === 'number' ? date : dayNumberFromDateString(date);
  const dateText = typeof date === 'string' ? date : dayNumberToDateString(date);
  if (calendar.observesPublicHolidays) {
    if (calendar.publicHolidays.has(dateText)) return [];
    if (calendar.makeUpWorkdays.has(dateText)) return calendar.makeUpWorkdayHours;
  }
  return calendar.weeklyHours[weekdayOfDayNumber(dayNumber)] ?? [];
}

/** True when the calendar has any working time on this Beijing local date. */
export function isWorkingDay(calendar: BusinessCalendar, date: string): boolean {
  return workingIntervalsOn(calendar, date).length > 0;
}

/**
 * The instant by which `workingMinutes` of working time have elapsed after `start`.
 *
 * - A start outside working hours counts from the next opening.
 * - The result is the earliest such instant: a budget that ends exactly at closing time is due at
 *   closing (18:00), not at the next opening.
 * - Zero minutes returns `start` itself.
 *
 * `elapsedWorking(start, deadline(start, m, c), c) === m` for every start and m ≥ 0.
 */
export function deadline(start: Date, workingMinutes: number, calendar: BusinessCalendar): Date {
  const startMs = checkedTime(start, 'start');
  if (!Number.isFinite(workingMinutes) || workingMinutes < 0) {
    throw new ValidationError(`workingMinutes must be a finite number ≥ 0, got ${workingMinutes}`);
  }
  let remainingMs = Math.round(workingMinutes * MINUTE_MS);
  if (remainingMs === 0) return new Date(startMs);

  const firstDay = beijingDayNumber(startMs);
  for (let day = firstDay; day < firstDay + MAX_SEARCH_DAYS; day += 1) {
    const midnight = day * DAY_MS - BEIJING_OFFSET_MS;
    for (const interval of workingIntervalsOn(calendar, day)) {
      const intervalStart = midnight + interval.startMinute * MINUTE_MS;
      const intervalEnd = midnight + interval.endMinute * MINUTE_MS;
      if (intervalEnd <= startMs) continue;
      const from = Math.max(intervalStart, startMs);
      const available = intervalEnd - from;
      if (remainingMs <= available) return new Date(from + remainingMs);
      remainingMs -= available;
    }
  }
  throw new ValidationError(
    `calendar ${calendar.id}: ${workingMinutes} working minutes do not fit in ${MAX_SEARCH_DAYS} days after ${start.toISOString()}`,
  );
}

/**
 * Working minutes between two instants on the calendar (may be fractional when the instants have
 * seconds). Signed: `elapsedWorking(b, a) === -elapsedWorking(a, b)`, so an overdue SLA reads as a
 * negative remainder without special cases.
 */
export function elapsedWorking(start: Date, end: Date, calendar: BusinessCalendar): number {
  const startMs = checkedTime(start, 'start');
  const endMs = checkedTime(end, 'end');
  if (endMs < startMs) {
    const reverse = elapsedWorking(end, start, calendar);
    return reverse === 0 ? 0 : -reverse; // no -0 in reports
  }

  let totalMs = 0;
  const lastDay = beijingDayNumber(endMs);
  for (let day = beijingDayNumber(startMs); day <= lastDay; day += 1) {
    const midnight = day * DAY_MS - BEIJING_OFFSET_MS;
    for (const interval of workingIntervalsOn(calendar, day)) {
      const from = Math.max(midnight + interval.startMinute * MINUTE_MS, startMs);
      const to = Math.min(midnight + interval.endMinute * MINUTE_MS, endMs);
      if (to > from) totalMs += to - from;
    }
  }
  return totalMs / MINUTE_MS;
}

function checkedTime(at: Date, name: string): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new ValidationError(`${name} is not a valid date`);
  return ms;
}

function dayNumberFromDateString(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new ValidationError(`"${date}" is not a date written YYYY-MM-DD`);
  return ms / DAY_MS;
}
