import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';

/**
 * Business calendars: working hours per weekday plus public holidays and make-up workdays (调休),
 * as data an admin edits in `config/calendar.yaml`. This file only parses and validates; the
 * arithmetic lives in `working-time.ts`.
 *
 * All dates and times are Beijing local time (Asia/Shanghai). Dates are kept as 'YYYY-MM-DD'
 * strings because that is how admins write them and how holidays are announced.
 */

/** A half-open working interval within one day, in minutes after local midnight: [start, end). */
export interface WorkingInterval {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** Whether a year's holiday arrangement is the announced one or an estimate awaiting confirmation. */
export type HolidayYearStatus = 'official' | 'provisional';

/** What the calendar file says about one year's holidays. */
export interface HolidayYear {
  readonly year: number;
  readonly status: HolidayYearStatus;
  readonly source: string;
}

/** One named calendar, ready for `deadline` / `elapsedWorking`. */
export interface BusinessCalendar {
  /** e.g. '7x24', '5x8', '6x8'. */
  readonly id: string;
  readonly description: string;
  /** Working intervals per weekday; index 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
  readonly weeklyHours: readonly (readonly WorkingInterval[])[];
  /** When true, public holidays are closed and make-up workdays are worked. */
  readonly observesPublicHolidays: boolean;
  /** Hours worked on a make-up workday (调休上班日), which always falls on a Saturday or Sunday. */
  readonly makeUpWorkdayHours: readonly WorkingInterval[];
  /** 'YYYY-MM-DD' → holiday name. Empty when the calendar ignores public holidays. */
  readonly publicHolidays: ReadonlyMap<string, string>;
  /** 'YYYY-MM-DD' → the holiday the make-up day belongs to. */
  readonly makeUpWorkdays: ReadonlyMap<string, string>;
  /** Years whose holidays are in the data; other years fall back to weekly hours only. */
  readonly holidayYears: readonly HolidayYear[];
}

/** The calendars of one calendar file, by id. */
export type BusinessCalendars = ReadonlyMap<string, BusinessCalendar>;

export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' that is a real date; YAML may hand us a Date when a value is a timestamp. */
const localDateSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
    .refine((text) => dateStringToDayNumber(text) !== undefined, 'not a real calendar date'),
);

const intervalSchema = z
  .string()
  .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected a time range written HH:MM-HH:MM')
  .transform((text, context): WorkingInterval => {
    const [from = '', to = ''] = text.split('-');
    const startMinute = clockToMinute(from);
    const endMinute = clockToMinute(to);
    if (startMinute === undefined || endMinute === undefined || startMinute >= endMinute) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a valid range (start before end, 00:00–24:00)` });
      return z.NEVER;
    }
    return { startMinute, endMinute };
  });

const dayHoursSchema = z
  .array(intervalSchema)
  .superRefine((intervals, context) => {
    const sorted = [...intervals].sort((a, b) => a.startMinute - b.startMinute);
    for (let index = 1; index < sorted.length; index += 1) {
      if (sorted[index]!.startMinute < sorted[index - 1]!.endMinute) {
        context.addIssue({ code: 'custom', message: 'time ranges of one day overlap' });
      }
    }
  })
  .transform((intervals) => [...intervals].sort((a, b) => a.startMinute - b.startMinute));

const holidayYearSchema = z.object({
  status: z.enum(['official', 'provisional']),
  source: z.string().min(1),
  holidays: z.array(z.object({ name: z.string().min(1), from: localDateSchema, to: localDateSchema })),
  makeUpWorkdays: z.array(z.object({ date: localDateSchema, for: z.string().min(1) })).default([]),
});

const calendarSchema = z.object({
  description: z.string().min(1),
  observesPublicHolidays: z.boolean(),
  makeUpWorkdayHours: dayHoursSchema.optional(),
  weeklyHours: z.object(Object.fromEntries(WEEKDAY_NAMES.map((name) => [name, dayHoursSchema])) as Record<
    (typeof WEEKDAY_NAMES)[number],
    typeof dayHoursSchema
  >),
});

const calendarFileSchema = z.object({
  publicHolidays: z.record(z.string().regex(/^\d{4}$/, 'a year such as 2026'), holidayYearSchema).default({}),
  /** Free-form YAML anchors (&office …) the calendars reference; not read directly. */
  hours: z.unknown().optional(),
  calendars: z.record(z.string().min(1), calendarSchema),
});

/**
 * Validates the parsed content of a calendar file and builds the calendars. Throws a
 * `ValidationError` naming the source and every problem found.
 */
export function parseBusinessCalendars(data: unknown, source = 'calendar'): BusinessCalendars {
  const parsed = calendarFileSchema.safeParse(data);
  if (!parsed.success) throw invalid(source, parsed.error.issues.map(formatIssue));
  const problems: string[] = [];

  const holidays = new Map<string, string>();
  const makeUpWorkdays = new Map<string, string>();
  const holidayYears: HolidayYear[] = [];
  for (const [yearText, yearData] of Object.entries(parsed.data.publicHolidays)) {
    const year = Number(yearText);
    holidayYears.push({ year, status: yearData.status, source: yearData.source });
    for (const holiday of yearData.holidays) {
      const from = dateStringToDayNumber(holiday.from)!;
      const to = dateStringToDayNumber(holiday.to)!;
      if (to < from) problems.push(`publicHolidays.${year}: ${holiday.name} ends (${holiday.to}) before it starts (${holiday.from})`);
      for (let day = from; day <= to; day += 1) {
        const date = dayNumberToDateString(day);
        if (!date.startsWith(`${year}-`)) problems.push(`publicHolidays.${year}: ${holiday.name} has ${date}, outside ${year}`);
        holidays.set(date, holiday.name);
      }
    }
    for (const makeUp of yearData.makeUpWorkdays) {
      const day = dateStringToDayNumber(makeUp.date)!;
      const weekday = weekdayOfDayNumber(day);
      if (!makeUp.date.startsWith(`${year}-`)) problems.push(`publicHolidays.${year}: make-up day ${makeUp.date} is outside ${year}`);
      // A make-up workday moves a weekend day into the working week; anything else is a typo.
      if (weekday !== 0 && weekday !== 6) problems.push(`publicHolidays.${year}: make-up day ${makeUp.date} is not a Saturday or Sunday`);
      makeUpWorkdays.set(makeUp.date, makeUp.for);
    }
  }
  for (const date of makeUpWorkdays.keys()) {
    if (holidays.has(date)) problems.push(`${date} is both a holiday and a make-up workday`);
  }
  holidayYears.sort((a, b) => a.year - b.year);

  const calendars = new Map<string, BusinessCalendar>();
  for (const [id, definition] of Object.entries(parsed.data.calendars)) {
    const weeklyHours = WEEKDAY_NAMES.map((name) => definition.weeklyHours[name]);
    // Without any weekly working time a deadline would never arrive.
    if (weeklyHours.every((intervals) => intervals.length === 0)) problems.push(`calendars.${id}: no working hours on any weekday`);
    if (definition.observesPublicHolidays && !definition.makeUpWorkdayHours) {
      problems.push(`calendars.${id}: observesPublicHolidays needs makeUpWorkdayHours`);
    }
    calendars.set(id, {
      id,
      description: definition.description,
      weeklyHours,
      observesPublicHolidays: definition.observesPublicHolidays,
      makeUpWorkdayHours: definition.makeUpWorkdayHours ?? [],
      publicHolidays: definition.observesPublicHolidays ? holidays : new Map(),
      makeUpWorkdays: definition.observesPublicHolidays ? makeUpWorkdays : new Map(),
      holidayYears,
    });
  }
  if (problems.length > 0) throw invalid(source, problems);
  return calendars;
}

/** Parses calendar YAML (or JSON) text. */
export function parseBusinessCalendarsText(text: string, source = 'calendar'): BusinessCalendars {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw invalid(source, [error instanceof Error ? error.message : String(error)]);
  }
  return parseBusinessCalendars(data, source);
}

/** Reads and validates a calendar file such as `config/calendar.yaml`. */
export async function readBusinessCalendarsFile(file: string): Promise<BusinessCalendars> {
  return parseBusinessCalendarsText(await readFile(file, 'utf8'), file);
}

/** The calendar with this id, or an error naming the ids that exist. */
export function getBusinessCalendar(calendars: BusinessCalendars, id: string): BusinessCalendar {
  const calendar = calendars.get(id);
  if (!calendar) throw new ValidationError(`unknown business calendar "${id}" (known: ${[...calendars.keys()].join(', ')})`);
  return calendar;
}

/** 'YYYY-MM-DD' → days since 1970-01-01, or undefined when the text is not a real date. */
export function dateStringToDayNumber(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function dayNumberToDateString(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function clockToMinute(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

function invalid(source: string, problems: string[]): ValidationError {
  return new ValidationError(`${source}: invalid business calendar — ${problems.join('; ')}`, problems);
}
