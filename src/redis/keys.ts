/**
 * Every Redis key kefu uses is built here, under one configurable prefix.
 *
 * Keys that a script touches together share a hash tag (`{c:<customerId>}`) so that they live in
 * one Cluster slot: the hotline-quota script reads the entitlement and writes the uses and the
 * incidents of one customer atomically.
 */
export interface RedisKeys {
  readonly prefix: string;
  /**
   * HASH: the customer's entitlement — `json` (the whole record) plus the flat fields the
   * hotline script reads: periodStart, periodEnd, region, hotlineYearlyLimit (see entitlement-store.ts).
   */
  entitlement(customerId: string): string;
  /** SET of every customer id with an entitlement (admin listing). */
  customers(): string;
  /** HASH: corp id (DingTalk) → customer id. */
  customerByCorpId(): string;
  /** ZSET: hotline uses of one customer that count, scored by time (ms); member = use id. Voiding removes the member. */
  hotlineUses(customerId: string): string;
  /** HASH: use id → JSON record (who, when, incident, conversation, voided …); never deleted (audit trail). */
  hotlineUseRecords(customerId: string): string;
  /**
   * HASH: incident fingerprint → JSON {incidentId, useId, fingerprint, openedAt, lastReportAt,
   * reportCount} for joining repeat reports; entries past the join window are dropped by the script.
   */
  openIncidents(customerId: string): string;
  /** STRING: per-run counters for readable ids (e.g. tickets of one day). */
  sequence(name: string): string;
}

export function createRedisKeys(prefix: string): RedisKeys {
  const customerTag = (customerId: string) => `{c:${customerId}}`;
  return {
    prefix,
    entitlement: (customerId) => `${prefix}${customerTag(customerId)}:entitlement`,
    customers: () => `${prefix}customers`,
    customerByCorpId: () => `${prefix}customers:by-corp-id`,
    hotlineUses: (customerId) => `${prefix}${customerTag(customerId)}:hotline:uses`,
    hotlineUseRecords: (customerId) => `${prefix}${customerTag(customerId)}:hotline:records`,
    openIncidents: (customerId) => `${prefix}${customerTag(customerId)}:incidents:open`,
    sequence: (name) => `${prefix}seq:${name}`,
  };
}
