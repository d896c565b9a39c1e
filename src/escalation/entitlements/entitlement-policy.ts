import { ValidationError } from '../../shared/errors.js';
import { beijingDayNumber, beijingMidnight } from '../sla/index.js';
import { COVERED_REGIONS, type Entitlement, type Vendor } from './entitlement.js';

/**
 * What a customer may use right now, and the service year the hotline quota counts in.
 * Pure: `now` / `at` are passed in.
 */

/** Why a customer gets self-service answers only. */
export type EntitlementRefusalReason = 'no-entitlement' | 'expired' | 'not-started' | 'region-not-covered';

/** The outcome of `checkEntitlement`. */
export type EntitlementDecision =
  | {
      /** Tickets, human agents and (for critical faults) the emergency hotline. */
      allowed: 'full';
      entitlement: Entitlement;
    }
  | {
      /** The bot still answers questions, but opens no ticket and offers no hotline. */
      allowed: 'self-service';
      reason: EntitlementRefusalReason;
      /** Natural Chinese for the customer: why, and whom to contact. */
      message: string;
      entitlement?: Entitlement;
    };

/** How the hotline's yearly quota is counted: from the entitlement's start (anniversaries) or per calendar year. */
export type HotlineYearBasis = 'service-year' | 'calendar-year';

/** One quota year: [start, end) as instants at Beijing midnight. */
export interface ServiceYear {
  basis: HotlineYearBasis;
  start: Date;
  /** Exclusive: the first instant of the next year. */
  end: Date;
  /** 1 for the year the entitlement starts in, 2 for the next … (0 or less before the start). */
  index: number;
}

/** Options of `checkEntitlement`. */
export interface CheckEntitlementOptions {
  /** The vendor this deployment serves, to name the right contact when no entitlement is found. */
  vendor?: Vendor;
}

/** Where a customer turns when the bot cannot open a ticket (seeds/004 第25行, seeds/001 第11行). */
export const VENDOR_SERVICE_CHANNELS: Readonly<Record<Vendor, string>> = {
  kingdee: '请联系为贵公司服务的金蝶客户经理，或在金蝶云社区提交在线工单咨询',
  landray: '请拨打蓝凌400服务热线 4006-222-312 咨询',
};
const ANY_VENDOR_CHANNELS = '金蝶客户请联系金蝶客户经理或在金蝶云社区提交在线工单；蓝凌客户请拨打蓝凌400服务热线 4006-222-312';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The service period as instants: from Beijing 00:00 of `start` to the end of the `end` date (exclusive). */
export function servicePeriodBounds(entitlement: Entitlement): { start: Date; end: Date } {
  return {
    start: beijingMidnight(dayNumberOf(entitlement.servicePeriod.start)),
    end: beijingMidnight(dayNumberOf(entitlement.servicePeriod.end) + 1),
  };
}

/**
 * Full service or self-service only, and why. The region is checked before the dates because
 * renewing would not help a customer outside the covered region.
 */
export function checkEntitlement(
  entitlement: Entitlement | undefined,
  now: Date,
  options: CheckEntitlementOptions = {},
): EntitlementDecision {
  if (!entitlement) {
    return { allowed: 'self-service', reason: 'no-entitlement', message: entitlementRefusalMessage('no-entitlement', undefined, options.vendor) };
  }
  const refuse = (reason: EntitlementRefusalReason): EntitlementDecision => ({
    allowed: 'self-service',
    reason,
    message: entitlementRefusalMessage(reason, entitlement, options.vendor),
    entitlement,
  });
  if (!COVERED_REGIONS.includes(entitlement.region)) return refuse('region-not-covered');
  const period = servicePeriodBounds(entitlement);
  if (now.getTime() < period.start.getTime()) return refuse('not-started');
  if (now.getTime() >= period.end.getTime()) return refuse('expired');
  return { allowed: 'full', entitlement };
}

/** The customer-facing explanation of a refusal, naming the vendor's service channel. */
export function entitlementRefusalMessage(reason: EntitlementRefusalReason, entitlement?: Entitlement, vendor?: Vendor): string {
  const who = entitlement?.vendor ?? vendor;
  const contact = who ? VENDOR_SERVICE_CHANNELS[who] : ANY_VENDOR_CHANNELS;
  const stillAvailable = '产品使用方面的问题仍然可以随时问我';
  switch (reason) {
    case 'no-entitlement':
      return `暂时没有查到贵公司的服务权益记录，所以我这边还不能为您提交工单或安排紧急热线，${stillAvailable}。如需开通或核对服务，${contact}。`;
    case 'expired':
      return `贵公司的服务权益已于${chineseDate(entitlement?.servicePeriod.end)}到期，目前无法为您提交工单或安排紧急热线，${stillAvailable}。续约或核对服务期限，${contact}。`;
    case 'not-started':
      return `贵公司的服务权益将从${chineseDate(entitlement?.servicePeriod.start)}起生效，在此之前暂时无法提交工单或安排紧急热线，${stillAvailable}。如有疑问，${contact}。`;
    case 'region-not-covered':
      return `按照服务条款，本服务适用于在中国境内（包含香港、澳门）使用产品的场景，贵公司登记的使用地区不在覆盖范围内，因此无法为您提交工单或安排紧急热线，${stillAvailable}。如需当地支持，${contact}。`;
  }
}

/**
 * The quota year that contains `at`.
 *
 * - 'service-year': years run from the entitlement's start date to its anniversaries. A start on
 *   29 February has its anniversary on 1 March in common years — the year that began on 29 Feb
 *   2024 includes 28 Feb 2025 and ends at 1 Mar 2025 00:00, so no day is lost or counted twice.
 * - 'calendar-year': 1 January to 1 January, Beijing time.
 *
 * Days are Beijing days: a use at 2027-01-01 00:30 +08:00 counts in the new calendar year even
 * though it is still 31 December in UTC.
 */
export function serviceYear(entitlement: Entitlement, at: Date, basis: HotlineYearBasis): ServiceYear {
  if (!Number.isFinite(at.getTime())) throw new ValidationError('serviceYear: `at` is not a valid date');
  const [startYear, startMonth, startDay] = entitlement.servicePeriod.start.split('-').map(Number) as [number, number, number];
  const today = beijingDayNumber(at);
  const year = new Date(today * DAY_MS).getUTCFullYear();

  if (basis === 'calendar-year') {
    return {
      basis,
      start: beijingMidnight(Date.UTC(year, 0, 1) / DAY_MS),
      end: beijingMidnight(Date.UTC(year + 1, 0, 1) / DAY_MS),
      index: year - startYear + 1,
    };
  }
  const anniversary = (y: number): number =>
    startMonth === 2 && startDay === 29 && !isLeapYear(y) ? Date.UTC(y, 2, 1) / DAY_MS : Date.UTC(y, startMonth - 1, startDay) / DAY_MS;
  const first = today >= anniversary(year) ? year : year - 1;
  return {
    basis,
    start: beijingMidnight(anniversary(first)),
    end: beijingMidnight(anniversary(first + 1)),
    index: first - startYear + 1,
  };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function dayNumberOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** '2026-12-31' → '2026年12月31日' */
function chineseDate(date: string | undefined): string {
  if (!date) return '';
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}
