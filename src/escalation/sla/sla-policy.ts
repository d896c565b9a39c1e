import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { getBusinessCalendar, type BusinessCalendar, type BusinessCalendars } from './business-calendar.js';
import { deadline, elapsedWorking } from './working-time.js';

/**
 * The SLA policy: the vendor's response matrix (level → first-response time in working hours),
 * the level-1 on-site commitment, and which business calendar each service is timed on.
 * Configuration comes from `config/sla.yaml`; every function here is pure (`now` is passed in).
 */

/** The vendor's response levels, 1 (一级, system down) … 5 (五级, suggestions). */
export type ResponseLevel = 1 | 2 | 3 | 4 | 5;
export const RESPONSE_LEVELS: readonly ResponseLevel[] = [1, 2, 3, 4, 5];

/** The service a customer is being answered by; each is timed on its own calendar. */
export type SlaService = 'bot' | 'hotline' | 'human';

/** The human-support calendars a plan can buy (标准 5×8, CSP 本地支持 6×8). */
export type SupportCalendarId = '5x8' | '6x8';

/** What the SLA needs to know about who answers: the service and, for humans, the customer's plan. */
export interface SlaPlan {
  service: SlaService;
  /** The customer's human-support calendar from the entitlement; ignored for bot and hotline. */
  supportCalendar?: SupportCalendarId;
}

/** One row of the response matrix. */
export interface ResponseLevelPolicy {
  level: ResponseLevel;
  /** 一级 … 五级 */
  name: string;
  description: string;
  /** The contract's range in working hours; the deadline uses `maxHours`. */
  firstResponseHours: { minHours?: number; maxHours: number };
  /** The contract's wording, e.g. '1～12小时', for display. */
  display: string;
  /** Level 1 only: on-site within `hours` of `calendar` once remote repair has failed. */
  onSite?: { hours: number; calendar: string; condition: string };
}

/** The parsed `sla.yaml`. */
export interface SlaConfig {
  levels: ReadonlyMap<ResponseLevel, ResponseLevelPolicy>;
  /** Calendar id per service; `human` may be 'from-entitlement' (the customer's supportCalendar). */
  serviceCalendars: { bot: string; hotline: string; human: string };
  humanDefaultCalendar: SupportCalendarId;
}

/** SLA state machine of one ticket's first response (DESIGN.md §8). */
export type SlaStateName = 'active' | 'met' | 'breached';

/** The result of `slaState`. */
export interface SlaStatus {
  state: SlaStateName;
  level: ResponseLevel;
  deadline: Date;
  calendarId: string;
  /** The level's budget in working minutes. */
  budgetMinutes: number;
  /**
   * Working minutes left before the deadline: at `now` while active, at the response when met
   * (the slack), and negative (overdue) when breached — measured at the late response, or at `now`
   * if there is still none.
   */
  remainingWorkingMinutes: number;
}

/** Input of `slaState`. */
export interface SlaStateInput {
  level: ResponseLevel;
  openedAt: Date;
  plan: SlaPlan;
  /** When a human (or the hotline) first answered; absent while nobody has. */
  firstRespondedAt?: Date;
  now: Date;
}

/** The policy bound to its configuration and calendars. */
export interface SlaPolicy {
  readonly config: SlaConfig;
  levelPolicy(level: ResponseLevel): ResponseLevelPolicy;
  /** The calendar a service (and, for humans, a plan) is timed on. */
  calendarFor(plan: SlaPlan): BusinessCalendar;
  /** The first-response deadline of a ticket of `level` opened at `openedAt`. */
  responseDeadline(level: ResponseLevel, openedAt: Date, plan: SlaPlan): Date;
  /** Level 1: the latest on-site arrival once remote repair was found to fail at `remoteFailedAt`. */
  onSiteDeadline(remoteFailedAt: Date): Date;
  slaState(input: SlaStateInput): SlaStatus;
}

const levelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

const slaFileSchema = z.object({
  responseLevels: z
    .array(
      z
        .object({
          level: levelSchema,
          name: z.string().min(1),
          description: z.string().min(1),
          firstResponseHours: z.object({ min: z.number().positive().optional(), max: z.number().positive() }),
          display: z.string().min(1),
          onSite: z
            .object({ hours: z.number().positive(), calendar: z.string().min(1), condition: z.string().min(1) })
            .optional(),
        })
        .refine((row) => row.firstResponseHours.min === undefined || row.firstResponseHours.min <= row.firstResponseHours.max, {
          message: 'firstResponseHours.min must not exceed max',
        }),
    )
    .refine((rows) => RESPONSE_LEVELS.every((level) => rows.filter((row) => row.level === level).length === 1), {
      message: 'every level 1–5 must appear exactly once',
    }),
  serviceCalendars: z.object({
    bot: z.string().min(1),
    hotline: z.string().min(1),
    human: z.string().min(1),
  }),
  humanDefaultCalendar: z.enum(['5x8', '6x8']),
});

/** Validates the parsed content of `sla.yaml`. */
export function parseSlaConfig(data: unknown, source = 'sla'): SlaConfig {
  const parsed = slaFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ValidationError(`${source}: invalid SLA configuration — ${problems.join('; ')}`, problems);
  }
  const levels = new Map<ResponseLevel, ResponseLevelPolicy>();
  for (const row of parsed.data.responseLevels) {
    levels.set(row.level, {
      level: row.level,
      name: row.name,
      description: row.description,
      firstResponseHours: {
        ...(row.firstResponseHours.min !== undefined ? { minHours: row.firstResponseHours.min } : {}),
        maxHours: row.firstResponseHours.max,
      },
      display: row.display,
      ...(row.onSite ? { onSite: row.onSite } : {}),
    });
  }
  return { levels, serviceCalendars: parsed.data.serviceCalendars, humanDefaultCalendar: parsed.data.humanDefaultCalendar };
}

/** Reads and validates an SLA file such as `config/sla.yaml`. */
export async function readSlaConfigFile(file: string): Promise<SlaConfig> {
  const text = await readFile(file, 'utf8');
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ValidationError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseSlaConfig(data, file);
}

/**
 * Binds the SLA configuration to the calendars. Every calendar the configuration names must
 * exist, so a typo fails at start-up rather than on the first level-1 ticket.
 */
export function createSlaPolicy(config: SlaConfig, calendars: BusinessCalendars): SlaPolicy {
  const referenced = [config.serviceCalendars.bot, config.serviceCalendars.hotline, config.humanDefaultCalendar, '5x8', '6x8'];
  if (config.serviceCalendars.human !== 'from-entitlement') referenced.push(config.serviceCalendars.human);
  for (const level of config.levels.values()) if (level.onSite) referenced.push(level.onSite.calendar);
  for (const id of referenced) getBusinessCalendar(calendars, id);

  const levelPolicy = (level: ResponseLevel): ResponseLevelPolicy => {
    const policy = config.levels.get(level);
    if (!policy) throw new ValidationError(`unknown response level ${String(level)} (expected 1–5)`);
    return policy;
  };

  const calendarFor = (plan: SlaPlan): BusinessCalendar => {
    if (plan.service === 'bot') return getBusinessCalendar(calendars, config.serviceCalendars.bot);
    if (plan.service === 'hotline') return getBusinessCalendar(calendars, config.serviceCalendars.hotline);
    const human = config.serviceCalendars.human;
    const id = human === 'from-entitlement' ? (plan.supportCalendar ?? config.humanDefaultCalendar) : human;
    return getBusinessCalendar(calendars, id);
  };

  const budgetMinutes = (level: ResponseLevel): number => levelPolicy(level).firstResponseHours.maxHours * 60;

  const responseDeadline = (level: ResponseLevel, openedAt: Date, plan: SlaPlan): Date =>
    deadline(openedAt, budgetMinutes(level), calendarFor(plan));

  const onSiteDeadline = (remoteFailedAt: Date): Date => {
    const onSite = levelPolicy(1).onSite;
    if (!onSite) throw new ValidationError('the SLA configuration has no on-site commitment for level 1');
    return deadline(remoteFailedAt, onSite.hours * 60, getBusinessCalendar(calendars, onSite.calendar));
  };

  const slaState = (input: SlaStateInput): SlaStatus => {
    const calendar = calendarFor(input.plan);
    const due = deadline(input.openedAt, budgetMinutes(input.level), calendar);
    const base = { level: input.level, deadline: due, calendarId: calendar.id, budgetMinutes: budgetMinutes(input.level) };
    if (input.firstRespondedAt) {
      const remaining = elapsedWorking(input.firstRespondedAt, due, calendar);
      // Compare instants, not working minutes: a reply at 18:05 on Friday to a ticket due at
      // 18:00 is late even though no working time passed in between.
      const state: SlaStateName = input.firstRespondedAt.getTime() <= due.getTime() ? 'met' : 'breached';
      return { ...base, state, remainingWorkingMinutes: remaining };
    }
    const remaining = elapsedWorking(input.now, due, calendar);
    const state: SlaStateName = input.now.getTime() <= due.getTime() ? 'active' : 'breached';
    return { ...base, state, remainingWorkingMinutes: remaining };
  };

  return { config, levelPolicy, calendarFor, responseDeadline, onSiteDeadline, slaState };
}
