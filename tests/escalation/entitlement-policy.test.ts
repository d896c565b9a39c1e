import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkEntitlement,
  entitlementSchema,
  parseEntitlementsText,
  serviceYear,
  servicePeriodBounds,
  type Entitlement,
  type EntitlementInput,
  type HotlineYearBasis,
} from '../../src/escalation/index.js';
import { ValidationError } from '../../src/shared/errors.js';

/** Beijing 'YYYY-MM-DD' (midnight) or 'YYYY-MM-DD HH:MM' → instant. */
const bj = (text: string): Date => new Date(text.length === 10 ? `${text}T00:00:00+08:00` : `${text.replace(' ', 'T')}:00+08:00`);

function entitlement(overrides: Partial<EntitlementInput> = {}): Entitlement {
  return entitlementSchema.parse({
    customerId: 'acme',
    name: '艾克米软件有限公司',
    vendor: 'kingdee',
    plan: 'standard',
    products: ['金蝶云·星空'],
    productType: 'public-cloud',
    servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
    region: 'CN',
    ...overrides,
  });
}

describe('checkEntitlement', () => {
  it('grants full service inside the period in mainland China, Hong Kong and Macau', () => {
    for (const region of ['CN', 'HK', 'MO', 'hk']) {
      const decision = checkEntitlement(entitlement({ region }), bj('2026-06-01 10:00'));
      expect(decision.allowed).toBe('full');
    }
  });

  it('counts the period in Beijing days, both ends inclusive', () => {
    const e = entitlement();
    expect(servicePeriodBounds(e).start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(servicePeriodBounds(e).end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(checkEntitlement(e, bj('2026-01-01 00:00')).allowed).toBe('full');
    expect(checkEntitlement(e, new Date(bj('2026-01-01 00:00').getTime() - 1))).toMatchObject({ reason: 'not-started' });
    expect(checkEntitlement(e, new Date(bj('2027-01-01 00:00').getTime() - 1)).allowed).toBe('full');
    expect(checkEntitlement(e, bj('2027-01-01 00:00'))).toMatchObject({ reason: 'expired' });
  });

  it.each([
    {
      name: 'no entitlement, vendor known',
      input: undefined,
      vendor: 'landray' as const,
      reason: 'no-entitlement',
      says: [/没有查到贵公司的服务权益/, /4006-222-312/, /产品使用方面的问题仍然可以随时问我/],
    },
    {
      name: 'no entitlement, vendor unknown: both channels',
      input: undefined,
      vendor: undefined,
      reason: 'no-entitlement',
      says: [/金蝶云社区/, /4006-222-312/],
    },
    {
      name: 'expired Landray customer',
      input: entitlement({ vendor: 'landray', servicePeriod: { start: '2023-06-01', end: '2025-05-31' } }),
      vendor: undefined,
      reason: 'expired',
      says: [/已于2025年5月31日到期/, /续约/, /蓝凌400服务热线 4006-222-312/],
    },
    {
      name: 'not yet started Kingdee customer',
      input: entitlement({ servicePeriod: { start: '2026-07-01', end: '2027-06-30' } }),
      vendor: undefined,
      reason: 'not-started',
      says: [/将从2026年7月1日起生效/, /金蝶客户经理/, /金蝶云社区提交在线工单/],
    },
    {
      name: 'outside the covered region (checked before the dates)',
      input: entitlement({ region: 'SG', servicePeriod: { start: '2020-01-01', end: '2021-01-01' } }),
      vendor: undefined,
      reason: 'region-not-covered',
      says: [/中国境内（包含香港、澳门）/, /不在覆盖范围内/, /金蝶/],
    },
  ])('$name → self-service only ($reason)', ({ input, vendor, reason, says }) => {
    const decision = checkEntitlement(input, bj('2026-06-01 10:00'), vendor ? { vendor } : {});
    expect(decision.allowed).toBe('self-service');
    if (decision.allowed !== 'self-service') return;
    expect(decision.reason).toBe(reason);
    for (const pattern of says) expect(decision.message).toMatch(pattern);
    expect(decision.message).not.toMatch(/undefined|NaN/);
  });
});

describe('serviceYear', () => {
  const cases: Array<{ name: string; start: string; at: string; basis: HotlineYearBasis; year: [string, string]; index: number }> = [
    { name: 'first year, 30 Dec', start: '2026-01-01', at: '2026-12-30 15:00', basis: 'service-year', year: ['2026-01-01', '2027-01-01'], index: 1 },
    { name: 'last minute of the year', start: '2026-01-01', at: '2026-12-31 23:59', basis: 'service-year', year: ['2026-01-01', '2027-01-01'], index: 1 },
    { name: 'Beijing midnight starts the next year (still 31 Dec in UTC)', start: '2026-01-01', at: '2027-01-01 00:00', basis: 'service-year', year: ['2027-01-01', '2028-01-01'], index: 2 },
    { name: 'mid-year start: 30 Dec is in the first year', start: '2026-07-01', at: '2026-12-30 10:00', basis: 'service-year', year: ['2026-07-01', '2027-07-01'], index: 1 },
    { name: 'mid-year start: new calendar year, same service year', start: '2026-07-01', at: '2027-06-30 23:59', basis: 'service-year', year: ['2026-07-01', '2027-07-01'], index: 1 },
    { name: 'mid-year start: anniversary', start: '2026-07-01', at: '2027-07-01 00:00', basis: 'service-year', year: ['2027-07-01', '2028-07-01'], index: 2 },
    { name: 'calendar basis, mid-year start, 30 Dec', start: '2026-07-01', at: '2026-12-30 10:00', basis: 'calendar-year', year: ['2026-01-01', '2027-01-01'], index: 1 },
    { name: 'calendar basis resets on 1 Jan', start: '2026-07-01', at: '2027-01-01 00:00', basis: 'calendar-year', year: ['2027-01-01', '2028-01-01'], index: 2 },
    { name: '29 Feb start: 28 Feb of a common year is still year 1', start: '2024-02-29', at: '2025-02-28 12:00', basis: 'service-year', year: ['2024-02-29', '2025-03-01'], index: 1 },
    { name: '29 Feb start: year 2 starts 1 Mar', start: '2024-02-29', at: '2025-03-01 00:00', basis: 'service-year', year: ['2025-03-01', '2026-03-01'], index: 2 },
    { name: '29 Feb start: back on 29 Feb in a leap year', start: '2024-02-29', at: '2028-02-29 08:00', basis: 'service-year', year: ['2028-02-29', '2029-03-01'], index: 5 },
    { name: '29 Feb start: the year before a leap anniversary ends on 29 Feb', start: '2024-02-29', at: '2028-02-28 08:00', basis: 'service-year', year: ['2027-03-01', '2028-02-29'], index: 4 },
  ];

  it.each(cases)('$name', ({ start, at, basis, year, index }) => {
    const result = serviceYear(entitlement({ servicePeriod: { start, end: '2030-12-31' } }), bj(at), basis);
    expect(result.start.toISOString()).toBe(bj(year[0]).toISOString());
    expect(result.end.toISOString()).toBe(bj(year[1]).toISOString());
    expect(result.index).toBe(index);
    expect(result.basis).toBe(basis);
  });

  it('every instant falls in exactly one year, and years are contiguous', () => {
    const e = entitlement({ servicePeriod: { start: '2024-02-29', end: '2032-12-31' } });
    let previous = serviceYear(e, bj('2024-02-29 00:00'), 'service-year');
    for (let t = bj('2024-02-29 00:00').getTime(); t < bj('2032-12-31 00:00').getTime(); t += 7 * 3600_000) {
      const year = serviceYear(e, new Date(t), 'service-year');
      expect(t).toBeGreaterThanOrEqual(year.start.getTime());
      expect(t).toBeLessThan(year.end.getTime());
      if (year.index !== previous.index) {
        expect(year.index).toBe(previous.index + 1);
        expect(year.start.getTime()).toBe(previous.end.getTime());
      }
      previous = year;
    }
  });
});

describe('entitlement files', () => {
  it('parses the example file: one active, one expired, one outside the region', () => {
    const text = readFileSync(new URL('../../config/entitlements.example.yaml', import.meta.url), 'utf8');
    const customers = parseEntitlementsText(text, 'config/entitlements.example.yaml');
    expect(customers).toHaveLength(3);
    const decisions = customers.map((customer) => {
      const decision = checkEntitlement(customer, bj('2026-06-01 10:00'));
      return [customer.customerId, decision.allowed === 'full' ? 'full' : decision.reason];
    });
    expect(decisions).toEqual([
      ['huaxin-manufacturing', 'full'],
      ['jinghe-logistics', 'expired'],
      ['lionbay-trading', 'region-not-covered'],
    ]);
    expect(customers[0]?.supportCalendar).toBe('6x8');
    expect(customers[1]?.supportCalendar).toBe('5x8');
  });

  it('names the entry and the field of every problem', () => {
    const text = `
customers:
  - customerId: a
    name: A
    vendor: kingdee
    plan: gold
    products: [x]
    productType: public-cloud
    servicePeriod: { start: 2026-01-01, end: 2025-01-01 }
    region: CN
  - customerId: b
    name: B
    vendor: landray
    plan: standard
    products: [x]
    productType: saas
    servicePeriod: { start: 2026-01-01, end: 2026-02-30 }
    region: China
`;
    try {
      parseEntitlementsText(text, 'bad.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const message = (error as Error).message;
      expect(message).toMatch(/^bad\.yaml: /);
      expect(message).toMatch(/customers\[0\] \(a\)\.plan/);
      expect(message).toMatch(/customers\[0\] \(a\)\.servicePeriod: servicePeriod\.end is before servicePeriod\.start/);
      expect(message).toMatch(/customers\[1\] \(b\)\.productType/);
      expect(message).toMatch(/customers\[1\] \(b\)\.servicePeriod\.end: not a real calendar date/);
      expect(message).toMatch(/customers\[1\] \(b\)\.region/);
    }
  });

  it('rejects duplicate customer ids and DingTalk corp ids, unknown fields and a missing list', () => {
    const one = (id: string, corp: string) =>
      `  - { customerId: ${id}, name: N, vendor: kingdee, plan: csp, products: [p], productType: subscription, servicePeriod: { start: 2026-01-01, end: 2026-12-31 }, region: CN, dingtalkCorpId: ${corp} }\n`;
    expect(() => parseEntitlementsText(`customers:\n${one('a', 'x')}${one('a', 'y')}`)).toThrow(/customer a appears twice/);
    expect(() => parseEntitlementsText(`customers:\n${one('a', 'x')}${one('b', 'x')}`)).toThrow(/corp id x is used by both a and b/);
    expect(() => parseEntitlementsText(`customers:\n${one('a', 'x').replace('region: CN', 'region: CN, regoin: HK')}`)).toThrow(/regoin/);
    expect(() => parseEntitlementsText('- a\n- b\n', 'list.yaml')).toThrow(/list\.yaml: expected a top-level "customers:" list/);
  });
});
