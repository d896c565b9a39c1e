import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  createSlaPolicy,
  parseBusinessCalendarsText,
  parseSlaConfig,
  type ResponseLevel,
  type SlaPlan,
} from '../../src/escalation/index.js';
import { ValidationError } from '../../src/shared/errors.js';

const read = (file: string) => readFileSync(new URL(`../../config/${file}`, import.meta.url), 'utf8');
const calendars = parseBusinessCalendarsText(read('calendar.yaml'), 'config/calendar.yaml');
const slaData = parseYaml(read('sla.yaml')) as Record<string, unknown>;
const sla = createSlaPolicy(parseSlaConfig(slaData, 'config/sla.yaml'), calendars);

const bj = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const wall = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const human5x8: SlaPlan = { service: 'human', supportCalendar: '5x8' };

describe('the response matrix (seeds/004 第101–143行)', () => {
  it.each([
    [1, '一级', 60, undefined, '1小时以内'],
    [2, '二级', 8 * 60, undefined, '8小时以内'],
    [3, '三级', 12 * 60, 1, '1～12小时'],
    [4, '四级', 16 * 60, 1, '1～16小时'],
    [5, '五级', 24 * 60, 1, '1～24小时'],
  ] as const)('level %i (%s): deadline uses the upper bound, %i working minutes', (level, name, minutes, minHours, display) => {
    const policy = sla.levelPolicy(level);
    expect(policy.name).toBe(name);
    expect(policy.firstResponseHours.maxHours * 60).toBe(minutes);
    expect(policy.firstResponseHours.minHours).toBe(minHours);
    expect(policy.display).toBe(display);
    const opened = bj('2026-03-02 09:00'); // a Monday
    expect(wall(sla.responseDeadline(level, opened, { service: 'bot' }))).toBe(wall(new Date(opened.getTime() + minutes * 60_000)));
  });

  it('level 1 carries the 48 h on-site commitment, counted around the clock', () => {
    expect(sla.levelPolicy(1).onSite?.hours).toBe(48);
    expect(sla.levelPolicy(2).onSite).toBeUndefined();
    expect(wall(sla.onSiteDeadline(bj('2026-09-30 16:30')))).toBe('2026-10-02 16:30');
  });
});

describe('which calendar applies', () => {
  it.each([
    [{ service: 'bot' }, '7x24'],
    [{ service: 'hotline' }, '7x24'],
    [{ service: 'hotline', supportCalendar: '5x8' }, '7x24'],
    [{ service: 'human', supportCalendar: '5x8' }, '5x8'],
    [{ service: 'human', supportCalendar: '6x8' }, '6x8'],
    [{ service: 'human' }, '5x8'],
  ] as Array<[SlaPlan, string]>)('%o → %s', (plan, calendarId) => {
    expect(sla.calendarFor(plan).id).toBe(calendarId);
  });
});

describe('responseDeadline', () => {
  it.each([
    // 国庆: worked out in working-time.test.ts
    [2, '2026-09-30 16:30', human5x8, '2026-10-08 16:30'],
    [2, '2026-09-30 16:30', { service: 'human', supportCalendar: '6x8' }, '2026-10-08 16:30'],
    [1, '2026-10-01 03:00', { service: 'hotline' }, '2026-10-01 04:00'],
    [1, '2026-10-01 03:00', human5x8, '2026-10-08 10:00'],
    // Friday 17:00, level 3 (12 h): 60 on Fri, 6×8 works Saturday (480) → 180 left on Monday → 12:00
    [3, '2026-03-13 17:00', { service: 'human', supportCalendar: '6x8' }, '2026-03-16 12:00'],
    // the same on 5×8: 60 Fri, 480 Mon → 180 left on Tuesday → 12:00
    [3, '2026-03-13 17:00', human5x8, '2026-03-17 12:00'],
  ] as Array<[ResponseLevel, string, SlaPlan, string]>)('level %i opened %s on %o → %s', (level, opened, plan, expected) => {
    expect(wall(sla.responseDeadline(level, bj(opened), plan))).toBe(expected);
  });
});

describe('slaState', () => {
  // Level 2 (480 min) on 5×8, opened Friday 17:00: 60 min on Friday, then Monday 09:00–12:00 (180)
  // and 13:00–17:00 (240) → due Monday 17:00.
  const opened = bj('2026-03-13 17:00');
  const base = { level: 2 as const, openedAt: opened, plan: human5x8 };

  it('is active with the working minutes left (the weekend does not count)', () => {
    const status = sla.slaState({ ...base, now: bj('2026-03-15 20:00') });
    expect(status.state).toBe('active');
    expect(wall(status.deadline)).toBe('2026-03-16 17:00');
    expect(status.remainingWorkingMinutes).toBe(420);
    expect(status.budgetMinutes).toBe(480);
    expect(status.calendarId).toBe('5x8');
  });

  it('is still active at the deadline itself', () => {
    expect(sla.slaState({ ...base, now: bj('2026-03-16 17:00') })).toMatchObject({ state: 'active', remainingWorkingMinutes: 0 });
  });

  it('is breached after the deadline with no response, overdue as negative minutes', () => {
    expect(sla.slaState({ ...base, now: bj('2026-03-17 10:00') })).toMatchObject({ state: 'breached', remainingWorkingMinutes: -(60 + 60) });
  });

  it('is met when the first response came in time, keeping the slack', () => {
    const status = sla.slaState({ ...base, firstRespondedAt: bj('2026-03-16 10:00'), now: bj('2026-04-01 10:00') });
    expect(status).toMatchObject({ state: 'met', remainingWorkingMinutes: 360 });
  });

  it('is breached when the response came late, even if no working time passed after the deadline', () => {
    const friday = { level: 1 as const, openedAt: bj('2026-03-13 17:00'), plan: human5x8 }; // due 18:00 Friday
    expect(sla.slaState({ ...friday, firstRespondedAt: bj('2026-03-13 18:05'), now: bj('2026-03-16 09:00') })).toMatchObject({
      state: 'breached',
      remainingWorkingMinutes: 0,
    });
  });
});

describe('configuration', () => {
  it('rejects a matrix without every level', () => {
    const rows = (slaData.responseLevels as unknown[]).slice(1);
    expect(() => parseSlaConfig({ ...slaData, responseLevels: rows }, 'sla.yaml')).toThrow(/every level 1–5/);
  });

  it('rejects a range whose lower bound is above the upper bound', () => {
    const rows = (slaData.responseLevels as Array<Record<string, unknown>>).map((row) =>
      row.level === 3 ? { ...row, firstResponseHours: { min: 13, max: 12 } } : row,
    );
    expect(() => parseSlaConfig({ ...slaData, responseLevels: rows })).toThrow(ValidationError);
  });

  it('rejects a calendar name that the calendar file does not define', () => {
    const config = parseSlaConfig({ ...slaData, serviceCalendars: { bot: '7x24', hotline: '7×24', human: 'from-entitlement' } });
    expect(() => createSlaPolicy(config, calendars)).toThrow(/unknown business calendar "7×24"/);
  });
});
