import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHotlineQuota,
  EntitlementStore,
  entitlementSchema,
  incidentFingerprint,
  loadEntitlementsFile,
  serviceYear,
  type ConsumeHotlineInput,
  type EntitlementInput,
  type HotlineQuota,
  type HotlineYearBasis,
} from '../../src/escalation/index.js';
import { connectRedis, RedisServerProcess, type RedisClient, type RedisKeys } from '../../src/redis/index.js';
import { ConflictError, NotFoundError } from '../../src/shared/errors.js';
import { testRedis } from '../support/redis.js';

/** Beijing 'YYYY-MM-DD' (midnight) or 'YYYY-MM-DD HH:MM' → instant. */
const bj = (text: string): Date => new Date(text.length === 10 ? `${text}T00:00:00+08:00` : `${text.replace(' ', 'T')}:00+08:00`);
const HOUR = 3600_000;

function customer(overrides: Partial<EntitlementInput> = {}): EntitlementInput {
  return {
    customerId: 'acme',
    name: '艾克米制造',
    vendor: 'kingdee',
    plan: 'csp',
    products: ['金蝶云·星空'],
    productType: 'subscription',
    servicePeriod: { start: '2026-01-01', end: '2027-12-31' },
    region: 'CN',
    ...overrides,
  };
}

let redis: Awaited<ReturnType<typeof testRedis>>;
let store: EntitlementStore;
let sequence = 0;

function quotaOn(client: RedisClient, keys: RedisKeys, overrides: { yearBasis?: HotlineYearBasis; joinWindowMinutes?: number } = {}): HotlineQuota {
  return createHotlineQuota({
    client,
    keys,
    yearlyLimit: 4,
    yearBasis: overrides.yearBasis ?? 'service-year',
    joinWindowMinutes: overrides.joinWindowMinutes ?? 240,
  });
}

/** A critical report of a distinct outage unless told otherwise. */
function report(now: Date, overrides: Partial<ConsumeHotlineInput> = {}): ConsumeHotlineInput {
  sequence += 1;
  return {
    customerId: 'acme',
    userId: `user-${sequence}`,
    channel: 'dingtalk',
    conversationId: `conv-${sequence}`,
    critical: true,
    fingerprint: `outage-${sequence}`,
    now,
    ...overrides,
  };
}

beforeEach(async () => {
  redis = await testRedis();
  store = new EntitlementStore(redis.client, redis.keys);
});

afterEach(async () => {
  await redis.close();
});

describe('hotline quota: concurrency', () => {
  it('1,000 concurrent critical reports of distinct incidents consume exactly 4 uses', async () => {
    await store.save(customer());
    const clients = await Promise.all(Array.from({ length: 6 }, () => connectRedis(redis.url)));
    try {
      const quotas = clients.map((client) => quotaOn(client, redis.keys));
      const now = bj('2026-05-20 03:00');
      const results = await Promise.all(
        Array.from({ length: 1000 }, (_, index) =>
          quotas[index % quotas.length]!.consumeHotline(report(new Date(now.getTime() + index), { fingerprint: `incident-${index}` })),
        ),
      );
      const consumed = results.filter((result) => result.outcome === 'consumed');
      const exhausted = results.filter((result) => result.outcome === 'refused' && result.reason === 'quota-exhausted');
      expect(consumed).toHaveLength(4);
      expect(exhausted).toHaveLength(996);
      expect(results.filter((result) => result.outcome === 'joined')).toHaveLength(0);
      // The four uses are recorded, with who, when, the incident and the conversation.
      const uses = await quotas[0]!.listHotlineUses('acme');
      expect(uses).toHaveLength(4);
      for (const use of uses) {
        expect(use).toMatchObject({ customerId: 'acme', channel: 'dingtalk', serviceYearStart: bj('2026-01-01') });
        expect(use.userId).toMatch(/^user-/);
        expect(use.conversationId).toMatch(/^conv-/);
        expect(use.incidentId).toBeTruthy();
      }
      expect(new Set(consumed.map((result) => (result.outcome === 'consumed' && !result.replayed ? result.remaining : -1)))).toEqual(new Set([0, 1, 2, 3]));
      expect(await redis.client.zCard(redis.keys.hotlineUses('acme'))).toBe(4);
      expect(await quotas[1]!.remainingHotlineUses('acme', now)).toMatchObject({ entitled: true, used: 4, remaining: 0, limit: 4 });
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });
});

describe('hotline quota: incidents', () => {
  it('reports of the same outage within the window join the open incident without consuming', async () => {
    await store.save(customer());
    const quota = quotaOn(redis.client, redis.keys);
    const t0 = bj('2026-03-02 08:00');
    const first = await quota.consumeHotline(report(t0, { fingerprint: incidentFingerprint('金蝶云·星空'), incidentId: 'inc-1' }));
    expect(first).toMatchObject({ outcome: 'consumed', remaining: 3 });

    // A colleague 3 h later writes the product differently: same fingerprint.
    const second = await quota.consumeHotline(report(new Date(t0.getTime() + 3 * HOUR), { fingerprint: incidentFingerprint(' 金蝶云 星空 ') }));
    expect(second).toMatchObject({ outcome: 'joined', incidentId: 'inc-1', reportCount: 2, remaining: 3 });

    // A vague report ("系统打不开", no product) joins too.
    const vague = await quota.consumeHotline(report(new Date(t0.getTime() + 4 * HOUR), { fingerprint: incidentFingerprint(undefined) }));
    expect(vague).toMatchObject({ outcome: 'joined', incidentId: 'inc-1', reportCount: 3 });

    // The window slides from the last report: 4 h after 12:00 is still the same outage …
    const late = await quota.consumeHotline(report(new Date(t0.getTime() + 8 * HOUR), { fingerprint: incidentFingerprint('金蝶云·星空') }));
    expect(late).toMatchObject({ outcome: 'joined', incidentId: 'inc-1', reportCount: 4 });

    // … but a report more than 4 h after the last one is a new incident.
    const next = await quota.consumeHotline(report(new Date(t0.getTime() + 12 * HOUR + 1), { fingerprint: incidentFingerprint('金蝶云·星空') }));
    expect(next).toMatchObject({ outcome: 'consumed', remaining: 2 });

    // A different product at the same time is a different incident.
    const other = await quota.consumeHotline(report(new Date(t0.getTime() + 12 * HOUR + 2), { fingerprint: incidentFingerprint('蓝凌EKP') }));
    expect(other).toMatchObject({ outcome: 'consumed', remaining: 1 });
    expect(await quota.listHotlineUses('acme')).toHaveLength(3);
  });

  it('joining still works when the year is used up, and a window of 0 disables joining', async () => {
    await store.save(customer());
    const quota = quotaOn(redis.client, redis.keys);
    const now = bj('2026-03-02 08:00');
    for (let index = 0; index < 4; index += 1) await quota.consumeHotline(report(now, { fingerprint: `p${index}` }));
    expect(await quota.consumeHotline(report(now, { fingerprint: 'p0' }))).toMatchObject({ outcome: 'joined', remaining: 0 });
    expect(await quota.consumeHotline(report(now, { fingerprint: 'p9' }))).toMatchObject({ outcome: 'refused', reason: 'quota-exhausted' });

    const noJoin = quotaOn(redis.client, redis.keys, { joinWindowMinutes: 0 });
    expect(await noJoin.consumeHotline(report(now, { fingerprint: 'p0' }))).toMatchObject({ outcome: 'refused', reason: 'quota-exhausted' });
  });

  it('a retried call with the same useId does not consume twice', async () => {
    await store.save(customer());
    const quota = quotaOn(redis.client, redis.keys);
    const input = report(bj('2026-03-02 08:00'), { useId: 'use-fixed' });
    expect(await quota.consumeHotline(input)).toMatchObject({ outcome: 'consumed', replayed: false, remaining: 3 });
    expect(await quota.consumeHotline({ ...input, fingerprint: 'something-else' })).toMatchObject({
      outcome: 'consumed',
      replayed: true,
      use: { useId: 'use-fixed' },
    });
    expect(await quota.remainingHotlineUses('acme', bj('2026-03-02 09:00'))).toMatchObject({ used: 1, remaining: 3 });
  });
});

describe('hotline quota: voiding', () => {
  it('restores one use, records who and why, and closes the incident', async () => {
    await store.save(customer());
    const quota = quotaOn(redis.client, redis.keys);
    const now = bj('2026-04-10 22:00');
    for (let index = 0; index < 4; index += 1) {
      await quota.consumeHotline(report(new Date(now.getTime() + index), { useId: `use-${index}`, fingerprint: `f${index}` }));
    }
    expect(await quota.remainingHotlineUses('acme', now)).toMatchObject({ remaining: 0 });

    const voidAt = new Date(now.getTime() + HOUR);
    const voided = await quota.voidHotlineUse({ customerId: 'acme', useId: 'use-2', agentId: 'agent-zhang', reason: '仅个别用户无法登录，不属于致命故障', now: voidAt });
    expect(voided.voidedNow).toBe(true);
    expect(voided.use.voided).toEqual({ by: 'agent-zhang', reason: '仅个别用户无法登录，不属于致命故障', at: voidAt });
    expect(await quota.remainingHotlineUses('acme', voidAt)).toMatchObject({ used: 3, remaining: 1 });

    // Voiding again changes nothing and keeps the first who/why.
    const again = await quota.voidHotlineUse({ customerId: 'acme', useId: 'use-2', agentId: 'agent-li', reason: '重复操作', now: voidAt });
    expect(again.voidedNow).toBe(false);
    expect(again.use.voided?.by).toBe('agent-zhang');
    expect(await quota.remainingHotlineUses('acme', voidAt)).toMatchObject({ remaining: 1 });

    // The voided use stays in the audit trail; the count ignores it.
    const all = await quota.listHotlineUses('acme');
    expect(all.map((use) => [use.useId, Boolean(use.voided)])).toEqual([
      ['use-0', false],
      ['use-1', false],
      ['use-2', true],
      ['use-3', false],
    ]);
    expect(await quota.listHotlineUses('acme', { includeVoided: false })).toHaveLength(3);

    // Its incident is closed: the same outage reported again is judged afresh and may use the restored call.
    const again2 = await quota.consumeHotline(report(new Date(voidAt.getTime() + 1), { fingerprint: 'f2' }));
    expect(again2).toMatchObject({ outcome: 'consumed', remaining: 0 });

    await expect(quota.voidHotlineUse({ customerId: 'acme', useId: 'nope', agentId: 'a', reason: 'r', now: voidAt })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('hotline quota: refusals', () => {
  it.each([
    { name: 'a non-critical fault', setup: customer(), critical: false, expected: { reason: 'not-critical' } },
    { name: 'a customer without entitlement', setup: undefined, critical: true, expected: { reason: 'not-entitled', entitlementReason: 'no-entitlement' } },
    {
      name: 'an expired customer',
      setup: customer({ servicePeriod: { start: '2024-01-01', end: '2026-03-01' } }),
      critical: true,
      expected: { reason: 'not-entitled', entitlementReason: 'expired' },
    },
    {
      name: 'a customer whose service has not started',
      setup: customer({ servicePeriod: { start: '2026-04-01', end: '2027-03-31' } }),
      critical: true,
      expected: { reason: 'not-entitled', entitlementReason: 'not-started' },
    },
    { name: 'a customer outside the region', setup: customer({ region: 'SG' }), critical: true, expected: { reason: 'not-entitled', entitlementReason: 'region-not-covered' } },
  ])('refuses $name and records nothing', async ({ setup, critical, expected }) => {
    if (setup) await store.save(setup);
    const quota = quotaOn(redis.client, redis.keys);
    const result = await quota.consumeHotline(report(bj('2026-03-02 08:00'), { critical }));
    expect(result).toEqual({ outcome: 'refused', ...expected });
    expect(await quota.listHotlineUses('acme')).toEqual([]);
  });

  it('checks the period inside the script to the millisecond (end date inclusive, Beijing)', async () => {
    await store.save(customer({ servicePeriod: { start: '2026-01-01', end: '2026-06-30' } }));
    const quota = quotaOn(redis.client, redis.keys);
    const lastMoment = new Date(bj('2026-07-01').getTime() - 1);
    expect(await quota.consumeHotline(report(lastMoment))).toMatchObject({ outcome: 'consumed' });
    expect(await quota.consumeHotline(report(bj('2026-07-01')))).toMatchObject({ outcome: 'refused', entitlementReason: 'expired' });
    expect(await quota.remainingHotlineUses('acme', bj('2026-07-01'))).toEqual({ entitled: false, entitlementReason: 'expired', remaining: 0 });
  });

  it('an entitlement override of the yearly limit wins over the default', async () => {
    await store.save(customer({ hotlineYearlyLimit: 6 }));
    const quota = quotaOn(redis.client, redis.keys);
    const results = await Promise.all(Array.from({ length: 20 }, () => quota.consumeHotline(report(bj('2026-03-02 08:00')))));
    expect(results.filter((result) => result.outcome === 'consumed')).toHaveLength(6);
  });
});

describe('hotline quota: service years', () => {
  /** Consumes all 4 uses at the given times and returns the outcome of one more report at `probe`. */
  async function exhaustThenProbe(quota: HotlineQuota, useTimes: string[], probe: string) {
    for (const at of useTimes) expect(await quota.consumeHotline(report(bj(at)))).toMatchObject({ outcome: 'consumed' });
    return quota.consumeHotline(report(bj(probe)));
  }

  it('service year from 2026-01-01: a use on 30 Dec counts in that year; 1 Jan starts again at 4', async () => {
    await store.save(customer({ servicePeriod: { start: '2026-01-01', end: '2027-12-31' } }));
    const quota = quotaOn(redis.client, redis.keys);
    const first = await quota.consumeHotline(report(bj('2026-12-30 23:00')));
    expect(first).toMatchObject({ outcome: 'consumed', remaining: 3, serviceYearStart: bj('2026-01-01'), serviceYearEnd: bj('2027-01-01') });
    expect(first.outcome === 'consumed' && first.use.serviceYearStart).toEqual(bj('2026-01-01'));
    const probe = await exhaustThenProbe(quota, ['2026-12-31 08:00', '2026-12-31 12:00', '2026-12-31 23:59'], '2026-12-31 23:59');
    expect(probe).toMatchObject({ outcome: 'refused', reason: 'quota-exhausted' });
    // Beijing midnight (still 31 Dec 16:00 UTC) is the anniversary.
    const fresh = await quota.consumeHotline(report(bj('2027-01-01 00:00')));
    expect(fresh).toMatchObject({ outcome: 'consumed', remaining: 3, serviceYearStart: bj('2027-01-01') });
    expect(await quota.remainingHotlineUses('acme', bj('2026-12-31 12:00'))).toMatchObject({ used: 4, remaining: 0 });
  });

  it('service year from mid-year: 30 Dec and the following spring share a year; the anniversary resets', async () => {
    await store.save(customer({ servicePeriod: { start: '2026-07-01', end: '2028-06-30' } }));
    const quota = quotaOn(redis.client, redis.keys);
    const dec30 = await quota.consumeHotline(report(bj('2026-12-30 10:00')));
    expect(dec30).toMatchObject({ outcome: 'consumed', remaining: 3, serviceYearStart: bj('2026-07-01'), serviceYearEnd: bj('2027-07-01') });
    const probe = await exhaustThenProbe(quota, ['2027-01-02 10:00', '2027-03-01 10:00', '2027-06-30 23:59'], '2027-06-30 23:59');
    expect(probe).toMatchObject({ outcome: 'refused', reason: 'quota-exhausted', used: 4 });
    expect(await quota.consumeHotline(report(bj('2027-07-01 00:00')))).toMatchObject({ outcome: 'consumed', remaining: 3, serviceYearStart: bj('2027-07-01') });
  });

  it('calendar-year basis: the same mid-year customer resets on 1 January', async () => {
    await store.save(customer({ servicePeriod: { start: '2026-07-01', end: '2028-06-30' } }));
    const quota = quotaOn(redis.client, redis.keys, { yearBasis: 'calendar-year' });
    const probe = await exhaustThenProbe(quota, ['2026-12-28 10:00', '2026-12-29 10:00', '2026-12-30 10:00', '2026-12-31 10:00'], '2026-12-31 20:00');
    expect(probe).toMatchObject({ outcome: 'refused', reason: 'quota-exhausted', serviceYearStart: bj('2026-01-01') });
    expect(await quota.consumeHotline(report(bj('2027-01-01 00:00')))).toMatchObject({ outcome: 'consumed', remaining: 3, serviceYearStart: bj('2027-01-01') });
  });

  it('the script and serviceYear() agree on the year for every start and time (29 Feb included)', async () => {
    const starts = ['2024-02-29', '2026-01-01', '2026-07-01', '2025-12-31', '2026-03-01', '2026-02-28'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [index, start] of starts.entries()) {
      const customerId = `years-${index}`;
      const saved = await store.save(customer({ customerId, servicePeriod: { start, end: '2032-12-31' } }));
      for (const basis of ['service-year', 'calendar-year'] as const) {
        const quota = quotaOn(redis.client, redis.keys, { yearBasis: basis });
        const from = bj(start).getTime();
        const probes = Array.from({ length: 40 }, () => new Date(from + Math.floor(random() * 6 * 366 * 24) * HOUR + (random() < 0.2 ? 0 : 1)));
        // and the instants around each anniversary / New Year
        for (let year = 2025; year <= 2031; year += 1) {
          for (const day of [`${year}-01-01`, `${year}-02-28`, `${year}-02-29`, `${year}-03-01`, `${year}-07-01`, `${year}-12-31`]) {
            const midnight = bj(day);
            if (!Number.isNaN(midnight.getTime()) && midnight.getTime() >= from) probes.push(midnight, new Date(midnight.getTime() - 1));
          }
        }
        for (const at of probes.filter((probe) => probe.getTime() >= from)) {
          const remaining = await quota.remainingHotlineUses(customerId, at);
          const expected = serviceYear(entitlementSchema.parse(saved), at, basis);
          expect(remaining.entitled, `${start} ${basis} ${at.toISOString()}`).toBe(true);
          if (!remaining.entitled) continue;
          expect([remaining.serviceYearStart.toISOString(), remaining.serviceYearEnd.toISOString()], `${start} ${basis} ${at.toISOString()}`).toEqual([
            expected.start.toISOString(),
            expected.end.toISOString(),
          ]);
        }
      }
    }
  });
});

describe('hotline quota: durability', () => {
  it('every recorded use (and its void) survives a redis-server restart with the append-only file on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-hotline-aof-'));
    const server = await new RedisServerProcess({ dir, port: 0, appendOnly: true }).start();
    let client = await connectRedis(server.url);
    try {
      const keys = redis.keys;
      await new EntitlementStore(client, keys).save(customer());
      let quota = quotaOn(client, keys);
      const now = bj('2026-08-08 02:00');
      for (let index = 0; index < 4; index += 1) {
        await quota.consumeHotline(report(new Date(now.getTime() + index * 1000), { useId: `durable-${index}`, fingerprint: `d${index}` }));
      }
      await quota.voidHotlineUse({ customerId: 'acme', useId: 'durable-1', agentId: 'agent-wang', reason: '误报', now: new Date(now.getTime() + HOUR) });
      const before = await quota.listHotlineUses('acme');
      const remainingBefore = await quota.remainingHotlineUses('acme', now);
      expect(before).toHaveLength(4);

      await client.close();
      await server.restart();
      client = await connectRedis(server.url);
      quota = quotaOn(client, keys);

      expect(await quota.listHotlineUses('acme')).toEqual(before);
      expect(await quota.remainingHotlineUses('acme', now)).toEqual(remainingBefore);
      expect(remainingBefore).toMatchObject({ used: 3, remaining: 1 });
      expect(await new EntitlementStore(client, keys).load('acme')).toMatchObject({ customerId: 'acme' });
    } finally {
      await client.close().catch(() => undefined);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('entitlement store', () => {
  it('saves, loads, lists, finds by DingTalk corp id and deletes', async () => {
    const saved = await store.save(customer({ dingtalkCorpId: 'ding-acme', contacts: [{ name: '王磊', phone: '13800138000' }] }));
    await store.save(customer({ customerId: 'beta', name: '贝塔', region: 'hk' }));
    expect(await store.load('acme')).toEqual(saved);
    expect((await store.load('beta'))?.region).toBe('HK');
    expect((await store.list()).map((e) => e.customerId)).toEqual(['acme', 'beta']);
    expect((await store.findByDingTalkCorpId('ding-acme'))?.customerId).toBe('acme');
    expect(await store.findByDingTalkCorpId('ding-unknown')).toBeUndefined();
    expect(await store.load('nobody')).toBeUndefined();

    expect(await store.delete('acme')).toBe(true);
    expect(await store.delete('acme')).toBe(false);
    expect(await store.findByDingTalkCorpId('ding-acme')).toBeUndefined();
    expect((await store.list()).map((e) => e.customerId)).toEqual(['beta']);
  });

  it('moves the corp-id mapping when it changes, refuses a corp id of another customer, and validates input', async () => {
    await store.save(customer({ dingtalkCorpId: 'ding-old' }));
    await store.save(customer({ dingtalkCorpId: 'ding-new' }));
    expect(await store.findByDingTalkCorpId('ding-old')).toBeUndefined();
    expect((await store.findByDingTalkCorpId('ding-new'))?.customerId).toBe('acme');
    await expect(store.save(customer({ customerId: 'other', dingtalkCorpId: 'ding-new' }))).rejects.toBeInstanceOf(ConflictError);
    await expect(store.save({ ...customer(), region: 'China' })).rejects.toThrow(/region/);
    // Removing the override removes the field the script reads.
    await store.save(customer({ hotlineYearlyLimit: 9 }));
    await store.save(customer());
    expect(await redis.client.hGet(redis.keys.entitlement('acme'), 'hotlineYearlyLimit')).toBeNull();
  });

  it('loads the example file, and --replace removes customers no longer in it', async () => {
    await store.save(customer({ customerId: 'stale' }));
    const file = new URL('../../config/entitlements.example.yaml', import.meta.url).pathname;
    const result = await loadEntitlementsFile(store, file, { replace: true });
    expect(result.saved).toEqual(['huaxin-manufacturing', 'jinghe-logistics', 'lionbay-trading']);
    expect(result.removed).toEqual(['stale']);
    expect((await store.findByDingTalkCorpId('ding8f2a6c1e0b5d4a37'))?.name).toBe('华信精密制造有限公司');

    // The example's customers behave as labelled at the hotline.
    const quota = quotaOn(redis.client, redis.keys);
    const now = bj('2026-06-01 10:00');
    expect(await quota.consumeHotline(report(now, { customerId: 'huaxin-manufacturing' }))).toMatchObject({ outcome: 'consumed' });
    expect(await quota.consumeHotline(report(now, { customerId: 'jinghe-logistics' }))).toMatchObject({ entitlementReason: 'expired' });
    expect(await quota.consumeHotline(report(now, { customerId: 'lionbay-trading' }))).toMatchObject({ entitlementReason: 'region-not-covered' });
  });
});
