import { randomUUID } from 'node:crypto';
import { ErrorReply } from 'redis';
import { withRedis } from '../../redis/with-redis.js';
import type { RedisClient, RedisKeys } from '../../redis/index.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { COVERED_REGIONS, type EntitlementRefusalReason, type HotlineYearBasis } from '../entitlements/index.js';
import {
  CONSUME_HOTLINE_SCRIPT,
  REMAINING_HOTLINE_SCRIPT,
  VOID_HOTLINE_USE_SCRIPT,
  type LuaScript,
} from './hotline-quota-script.js';

/**
 * The emergency hotline (7×24, critical faults only, at most N calls per customer per service
 * year — seeds/003 第62–78行). The decisions happen atomically in Redis (hotline-quota-script.ts);
 * this file validates input, runs the scripts and turns their JSON into typed results.
 */

/** One recorded hotline use. */
export interface HotlineUse {
  useId: string;
  customerId: string;
  /** The person who reported. */
  userId: string;
  channel: string;
  conversationId: string;
  incidentId: string;
  fingerprint: string;
  at: Date;
  /** The quota year the use counts in. */
  serviceYearStart: Date;
  serviceYearEnd: Date;
  /** Present once an agent voided the use; it then no longer counts. */
  voided?: { by: string; reason: string; at: Date };
}

/** Why a hotline call is refused; the caller then takes the fallback path (a level-1 ticket). */
export type HotlineRefusalReason = 'quota-exhausted' | 'not-entitled' | 'not-critical';

/** The quota year a result refers to, with its counts. */
export interface HotlineQuotaYear {
  used: number;
  limit: number;
  remaining: number;
  serviceYearStart: Date;
  serviceYearEnd: Date;
}

/** The result of `consumeHotline`. */
export type HotlineConsumeResult =
  | ({ outcome: 'consumed'; use: HotlineUse; replayed: false } & HotlineQuotaYear)
  /** The same useId was consumed before (a retried call): nothing new was recorded. */
  | { outcome: 'consumed'; use: HotlineUse; replayed: true }
  /** Joined the customer's open incident: no use consumed. */
  | ({ outcome: 'joined'; incidentId: string; useId: string; reportCount: number } & HotlineQuotaYear)
  | ({ outcome: 'refused'; reason: 'quota-exhausted' } & HotlineQuotaYear)
  | { outcome: 'refused'; reason: 'not-entitled'; entitlementReason: EntitlementRefusalReason }
  | { outcome: 'refused'; reason: 'not-critical' };

/** The result of `remainingHotlineUses`. */
export type HotlineRemaining =
  | ({ entitled: true } & HotlineQuotaYear)
  | { entitled: false; entitlementReason: EntitlementRefusalReason; remaining: 0 };

/** The result of `voidHotlineUse`. */
export interface HotlineVoidResult {
  /** False when the use had been voided before; the first void's who/why are kept. */
  voidedNow: boolean;
  use: HotlineUse;
}

/** A report of a possibly critical fault that may use the hotline. */
export interface ConsumeHotlineInput {
  customerId: string;
  userId: string;
  channel: string;
  conversationId: string;
  /** The severity classifier's verdict: level 1 (致命故障). */
  critical: boolean;
  /** From `incidentFingerprint(product)`: reports with the same fingerprint within the window join. */
  fingerprint: string;
  now: Date;
  /** Defaults to a generated id; pass your own to make retries idempotent. */
  useId?: string;
  /** Id of the incident opened if this report does not join one; defaults to a generated id. */
  incidentId?: string;
}

/** Input of `voidHotlineUse`. The customer id is needed to find the use's keys (hash slot). */
export interface VoidHotlineUseInput {
  customerId: string;
  useId: string;
  agentId: string;
  reason: string;
  now: Date;
}

/** Settings of the quota (from `config.escalation`). */
export interface HotlineQuotaOptions {
  client: RedisClient;
  keys: RedisKeys;
  /** KEFU_HOTLINE_YEARLY_LIMIT; an entitlement's hotlineYearlyLimit overrides it. */
  yearlyLimit: number;
  /** KEFU_HOTLINE_YEAR_BASIS */
  yearBasis: HotlineYearBasis;
  /** KEFU_INCIDENT_JOIN_WINDOW_MINUTES; 0 disables joining. */
  joinWindowMinutes: number;
  generateId?: () => string;
}

/** The hotline quota operations, bound to one Redis and one configuration. */
export interface HotlineQuota {
  consumeHotline(input: ConsumeHotlineInput): Promise<HotlineConsumeResult>;
  remainingHotlineUses(customerId: string, now: Date): Promise<HotlineRemaining>;
  voidHotlineUse(input: VoidHotlineUseInput): Promise<HotlineVoidResult>;
  /** Every use of a customer, oldest first; voided ones included unless asked otherwise. */
  listHotlineUses(customerId: string, options?: { includeVoided?: boolean }): Promise<HotlineUse[]>;
}

/**
 * The fingerprint of a report whose product is not known: joins any open incident of the
 * customer. A symbol, because `incidentFingerprint` strips symbols, so no product name maps to it.
 */
export const ANY_INCIDENT = '*';

/**
 * The incident fingerprint of a report: the normalised product name, or `ANY_INCIDENT` ('*') when unknown.
 *
 * Why product-level: a 致命故障 is by definition "the system is broadly unavailable", so two
 * critical reports about the same product within hours are almost always the same outage, even
 * when one person says 登录 and another 凭证. Two different products of one customer can fail
 * independently (an ERP and an OA), so they are different incidents. A report that names no
 * product matches whatever incident is open — one outage must not burn two calls because one
 * reporter was vague.
 */
export function incidentFingerprint(product?: string): string {
  const normalised = (product ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
  return normalised.length > 0 ? normalised.slice(0, 100) : ANY_INCIDENT;
}

const CUSTOMER_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createHotlineQuota(options: HotlineQuotaOptions): HotlineQuota {
  const { client, keys } = options;
  const generateId = options.generateId ?? randomUUID;
  if (!Number.isInteger(options.yearlyLimit) || options.yearlyLimit < 0) throw new ValidationError('yearlyLimit must be an integer ≥ 0');
  if (!(options.joinWindowMinutes >= 0)) throw new ValidationError('joinWindowMinutes must be ≥ 0');
  const regions = COVERED_REGIONS.join(',');

  const consumeHotline = async (input: ConsumeHotlineInput): Promise<HotlineConsumeResult> => {
    checkCustomerId(input.customerId);
    const now = checkedMs(input.now);
    if (!input.fingerprint || input.fingerprint.length > 200) throw new ValidationError('fingerprint must be 1–200 characters');
    const reply = await runScript(
      client,
      CONSUME_HOTLINE_SCRIPT,
      [keys.entitlement(input.customerId), keys.hotlineUses(input.customerId), keys.hotlineUseRecords(input.customerId), keys.openIncidents(input.customerId)],
      [
        String(now),
        input.useId ?? generateId(),
        input.incidentId ?? generateId(),
        input.customerId,
        input.userId,
        input.channel,
        input.conversationId,
        input.critical ? '1' : '0',
        input.fingerprint,
        String(Math.round(options.joinWindowMinutes * 60_000)),
        options.yearBasis,
        String(options.yearlyLimit),
        regions,
      ],
    );
    const result = JSON.parse(reply) as RawConsumeResult;
    switch (result.outcome) {
      case 'consumed':
        if (result.replayed) return { outcome: 'consumed', replayed: true, use: toUse(result.use) };
        return { outcome: 'consumed', replayed: false, use: toUse(result.use), ...toQuotaYear(result) };
      case 'joined':
        return {
          outcome: 'joined',
          incidentId: result.incidentId,
          useId: result.useId,
          reportCount: result.reportCount,
          ...toQuotaYear(result),
        };
      case 'refused':
        if (result.reason === 'quota-exhausted') return { outcome: 'refused', reason: 'quota-exhausted', ...toQuotaYear(result) };
        if (result.reason === 'not-entitled') return { outcome: 'refused', reason: 'not-entitled', entitlementReason: result.entitlementReason };
        return { outcome: 'refused', reason: 'not-critical' };
    }
  };

  const remainingHotlineUses = async (customerId: string, now: Date): Promise<HotlineRemaining> => {
    checkCustomerId(customerId);
    const reply = await runScript(
      client,
      REMAINING_HOTLINE_SCRIPT,
      [keys.entitlement(customerId), keys.hotlineUses(customerId)],
      [String(checkedMs(now)), options.yearBasis, String(options.yearlyLimit), regions],
    );
    const result = JSON.parse(reply) as RawRemaining;
    if (!result.entitled) return { entitled: false, entitlementReason: result.entitlementReason, remaining: 0 };
    return { entitled: true, ...toQuotaYear(result) };
  };

  const voidHotlineUse = async (input: VoidHotlineUseInput): Promise<HotlineVoidResult> => {
    checkCustomerId(input.customerId);
    if (!input.agentId) throw new ValidationError('voiding a hotline use needs the agent id');
    if (!input.reason.trim()) throw new ValidationError('voiding a hotline use needs a reason');
    const reply = await runScript(
      client,
      VOID_HOTLINE_USE_SCRIPT,
      [keys.hotlineUses(input.customerId), keys.hotlineUseRecords(input.customerId), keys.openIncidents(input.customerId)],
      [input.useId, input.agentId, input.reason.trim(), String(checkedMs(input.now))],
    );
    const result = JSON.parse(reply) as RawVoidResult;
    if (result.outcome === 'not-found') {
      throw new NotFoundError(`hotline use ${input.useId} of customer ${input.customerId} does not exist`);
    }
    return { voidedNow: result.outcome === 'voided', use: toUse(result.use) };
  };

  const listHotlineUses = async (customerId: string, listOptions: { includeVoided?: boolean } = {}): Promise<HotlineUse[]> => {
    checkCustomerId(customerId);
    const records = await withRedis(() => client.hVals(keys.hotlineUseRecords(customerId)));
    const uses = records.map((json) => toUse(JSON.parse(json) as RawUse)).sort((a, b) => a.at.getTime() - b.at.getTime());
    return listOptions.includeVoided === false ? uses.filter((use) => !use.voided) : uses;
  };

  return { consumeHotline, remainingHotlineUses, voidHotlineUse, listHotlineUses };
}

// ---- the scripts' JSON, as they write it (times in epoch ms) ----

type RawUse = Omit<HotlineUse, 'at' | 'serviceYearStart' | 'voided'> & {
  at: number;
  serviceYearStart: number;
  serviceYearEnd: number;
  voided?: { by: string; reason: string; at: number };
};

interface RawQuotaYear {
  used: number;
  limit: number;
  remaining: number;
  serviceYearStart: number;
  serviceYearEnd: number;
}

type RawConsumeResult =
  | ({ outcome: 'consumed'; replayed?: false; use: RawUse } & RawQuotaYear)
  | { outcome: 'consumed'; replayed: true; use: RawUse }
  | ({ outcome: 'joined'; incidentId: string; useId: string; reportCount: number } & RawQuotaYear)
  | ({ outcome: 'refused'; reason: 'quota-exhausted' } & RawQuotaYear)
  | { outcome: 'refused'; reason: 'not-entitled'; entitlementReason: EntitlementRefusalReason }
  | { outcome: 'refused'; reason: 'not-critical' };

type RawRemaining = ({ entitled: true } & RawQuotaYear) | { entitled: false; entitlementReason: EntitlementRefusalReason };

type RawVoidResult = { outcome: 'voided' | 'already-voided'; use: RawUse } | { outcome: 'not-found' };

function toUse(raw: RawUse): HotlineUse {
  return {
    useId: raw.useId,
    customerId: raw.customerId,
    userId: raw.userId,
    channel: raw.channel,
    conversationId: raw.conversationId,
    incidentId: raw.incidentId,
    fingerprint: raw.fingerprint,
    at: new Date(raw.at),
    serviceYearStart: new Date(raw.serviceYearStart),
    serviceYearEnd: new Date(raw.serviceYearEnd),
    ...(raw.voided ? { voided: { by: raw.voided.by, reason: raw.voided.reason, at: new Date(raw.voided.at) } } : {}),
  };
}

function toQuotaYear(raw: RawQuotaYear): HotlineQuotaYear {
  return {
    used: raw.used,
    limit: raw.limit,
    remaining: raw.remaining,
    serviceYearStart: new Date(raw.serviceYearStart),
    serviceYearEnd: new Date(raw.serviceYearEnd),
  };
}

function checkCustomerId(customerId: string): void {
  // The id sits inside the `{c:<id>}` hash tag; braces or spaces would break the key layout.
  if (!CUSTOMER_ID.test(customerId)) throw new ValidationError(`invalid customer id "${customerId}"`);
}

function checkedMs(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new ValidationError('`now` is not a valid date');
  return ms;
}

/** EVALSHA first (the script is usually cached); EVAL once when Redis has not seen it yet. */
async function runScript(client: RedisClient, script: LuaScript, keys: string[], args: string[]): Promise<string> {
  return withRedis(async () => {
    try {
      return String(await client.evalSha(script.sha1, { keys, arguments: args }));
    } catch (error) {
      if (error instanceof ErrorReply && error.message.startsWith('NOSCRIPT')) {
        return String(await client.eval(script.source, { keys, arguments: args }));
      }
      throw error;
    }
  });
}

