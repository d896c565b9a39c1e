import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { RedisClient, RedisKeys } from '../../redis/index.js';
import { ConflictError, KefuError, ValidationError } from '../../shared/errors.js';
import { entitlementSchema, type Entitlement, type EntitlementInput } from './entitlement.js';
import { withRedis } from '../../redis/with-redis.js';

/**
 * Entitlements in Redis, one HASH per customer (`keys.entitlement(id)`):
 *
 * | field              | value                                                         |
 * | ------------------ | ------------------------------------------------------------- |
 * | json               | the whole validated entitlement (what `load` returns)          |
 * | periodStart        | servicePeriod.start 'YYYY-MM-DD' — read by the hotline script  |
 * | periodEnd          | servicePeriod.end 'YYYY-MM-DD' (inclusive) — read by the script |
 * | region             | upper-case region code — read by the script                    |
 * | hotlineYearlyLimit | the customer's override, absent when none — read by the script |
 * | dingtalkCorpId     | absent when none; lets `save` drop a stale corp-id mapping     |
 *
 * The flat fields exist so the hotline-quota Lua script can re-check the entitlement inside the
 * same atomic step that records a use, without a JSON decoder on the hot path.
 */
export class EntitlementStore {
  constructor(
    private readonly client: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Creates or replaces one customer's entitlement. Validates first (the admin API hands us raw
   * input). A DingTalk corp id already bound to another customer is a conflict, not a takeover.
   */
  async save(input: EntitlementInput): Promise<Entitlement> {
    const parsed = entitlementSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(`invalid entitlement — ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const entitlement = parsed.data;
    const key = this.keys.entitlement(entitlement.customerId);
    await withRedis(async () => {
      const previousCorpId = await this.client.hGet(key, 'dingtalkCorpId');
      if (entitlement.dingtalkCorpId) {
        const owner = await this.client.hGet(this.keys.customerByCorpId(), entitlement.dingtalkCorpId);
        if (owner && owner !== entitlement.customerId) {
          throw new ConflictError(
            'corp_id_taken',
            `DingTalk corp id ${entitlement.dingtalkCorpId} already belongs to customer ${owner}, not ${entitlement.customerId}`,
          );
        }
      }
      // One MULTI so a reader never sees the hash without its index entries (or the reverse).
      const transaction = this.client.multi().del(key).hSet(key, toHashFields(entitlement)).sAdd(this.keys.customers(), entitlement.customerId);
      if (previousCorpId && previousCorpId !== entitlement.dingtalkCorpId) transaction.hDel(this.keys.customerByCorpId(), previousCorpId);
      if (entitlement.dingtalkCorpId) transaction.hSet(this.keys.customerByCorpId(), entitlement.dingtalkCorpId, entitlement.customerId);
      await transaction.exec();
    });
    return entitlement;
  }

  /** The entitlement of a customer, or undefined when there is none. */
  async load(customerId: string): Promise<Entitlement | undefined> {
    const json = await withRedis(() => this.client.hGet(this.keys.entitlement(customerId), 'json'));
    return json ? fromJson(json, customerId) : undefined;
  }

  /** The customer a DingTalk organisation (corp id) belongs to. */
  async findByDingTalkCorpId(corpId: string): Promise<Entitlement | undefined> {
    const customerId = await withRedis(() => this.client.hGet(this.keys.customerByCorpId(), corpId));
    return customerId ? this.load(customerId) : undefined;
  }

  /** Every entitlement, sorted by customer id. */
  async list(): Promise<Entitlement[]> {
    const ids = (await withRedis(() => this.client.sMembers(this.keys.customers()))).sort();
    const entitlements = await Promise.all(ids.map((id) => this.load(id)));
    return entitlements.filter((entitlement): entitlement is Entitlement => entitlement !== undefined);
  }

  /**
   * Removes a customer's entitlement and index entries. Hotline uses stay: they are the audit
   * trail of calls already made. Returns false when there was nothing to delete.
   */
  async delete(customerId: string): Promise<boolean> {
    const key = this.keys.entitlement(customerId);
    return withRedis(async () => {
      const corpId = await this.client.hGet(key, 'dingtalkCorpId');
      const transaction = this.client.multi().del(key).sRem(this.keys.customers(), customerId);
      if (corpId) transaction.hDel(this.keys.customerByCorpId(), corpId);
      const [deleted] = await transaction.exec();
      return Number(deleted) > 0;
    });
  }
}

const entitlementsFileSchema = z.object({ customers: z.array(z.unknown()) });

/**
 * Parses an entitlements file (YAML or JSON — JSON is YAML) of the form `customers: [...]`.
 * Every entry is validated; errors name the file, the entry and the field. Customer ids and
 * DingTalk corp ids must be unique within the file.
 */
export function parseEntitlementsText(text: string, source = 'entitlements'): Entitlement[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ValidationError(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const file = entitlementsFileSchema.safeParse(data);
  if (!file.success) throw new ValidationError(`${source}: expected a top-level "customers:" list`);

  const problems: string[] = [];
  const entitlements: Entitlement[] = [];
  file.data.customers.forEach((entry, index) => {
    const parsed = entitlementSchema.safeParse(entry);
    const label = `customers[${index}]${isRecord(entry) && typeof entry.customerId === 'string' ? ` (${entry.customerId})` : ''}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${label}.${issue.path.join('.')}: ${issue.message}`);
    } else {
      entitlements.push(parsed.data);
    }
  });
  const seenIds = new Set<string>();
  const seenCorpIds = new Map<string, string>();
  for (const entitlement of entitlements) {
    if (seenIds.has(entitlement.customerId)) problems.push(`customer ${entitlement.customerId} appears twice`);
    seenIds.add(entitlement.customerId);
    if (entitlement.dingtalkCorpId) {
      const other = seenCorpIds.get(entitlement.dingtalkCorpId);
      if (other) problems.push(`DingTalk corp id ${entitlement.dingtalkCorpId} is used by both ${other} and ${entitlement.customerId}`);
      seenCorpIds.set(entitlement.dingtalkCorpId, entitlement.customerId);
    }
  }
  if (problems.length > 0) throw new ValidationError(`${source}: ${problems.join('; ')}`, problems);
  return entitlements;
}

/** Reads and validates an entitlements file. */
export async function readEntitlementsFile(file: string): Promise<Entitlement[]> {
  return parseEntitlementsText(await readFile(file, 'utf8'), file);
}

/** The result of `loadEntitlementsFile`. */
export interface EntitlementsLoadResult {
  saved: string[];
  /** Customers removed because they are not in the file (only with `replace`). */
  removed: string[];
}

/**
 * Validates the whole file before writing anything, then saves every entitlement. With
 * `replace`, customers that are no longer in the file are deleted.
 */
export async function loadEntitlementsFile(
  store: EntitlementStore,
  file: string,
  options: { replace?: boolean } = {},
): Promise<EntitlementsLoadResult> {
  const entitlements = await readEntitlementsFile(file);
  const saved: string[] = [];
  for (const entitlement of entitlements) saved.push((await store.save(entitlement)).customerId);
  const removed: string[] = [];
  if (options.replace) {
    const keep = new Set(saved);
    for (const existing of await store.list()) {
      if (!keep.has(existing.customerId) && (await store.delete(existing.customerId))) removed.push(existing.customerId);
    }
  }
  return { saved, removed };
}

function toHashFields(entitlement: Entitlement): Record<string, string> {
  return {
    json: JSON.stringify(entitlement),
    periodStart: entitlement.servicePeriod.start,
    periodEnd: entitlement.servicePeriod.end,
    region: entitlement.region,
    ...(entitlement.hotlineYearlyLimit !== undefined ? { hotlineYearlyLimit: String(entitlement.hotlineYearlyLimit) } : {}),
    ...(entitlement.dingtalkCorpId ? { dingtalkCorpId: entitlement.dingtalkCorpId } : {}),
  };
}

function fromJson(json: string, customerId: string): Entitlement {
  const parsed = entitlementSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new KefuError('entitlement_corrupt', `stored entitlement of ${customerId} no longer validates`);
  return parsed.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

