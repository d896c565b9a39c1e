import { z } from 'zod';

/**
 * A customer's entitlement: what the company (not the person) bought, for which period and where.
 * Admins write these in a YAML/JSON file (see `config/entitlements.example.yaml`) or through the
 * admin API; both go through `entitlementSchema`.
 */

/** The vendors kefu answers for; decides which service channels a refusal points to. */
export const VENDORS = ['kingdee', 'landray'] as const;
export type Vendor = (typeof VENDORS)[number];

/** 标准 (standard), 高级 (advanced) and 金蝶 CSP 客户服务包. */
export const PLANS = ['standard', 'advanced', 'csp'] as const;
export type Plan = (typeof PLANS)[number];

/**
 * The product types of the vendor's entitlement terms (seeds/003 第90–100行): for public cloud and
 * subscription private cloud the period follows the subscription; for perpetual private cloud it
 * ends when the version leaves standard support. Either way the file states the end date.
 */
export const PRODUCT_TYPES = ['public-cloud', 'private-cloud', 'subscription'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/**
 * The service applies to use inside China, Hong Kong and Macau included (seeds/003 第80行):
 * ISO 3166-1 codes CN, HK, MO. Any other region gets self-service only.
 */
export const COVERED_REGIONS: readonly string[] = ['CN', 'HK', 'MO'];

/** A Beijing-local calendar date 'YYYY-MM-DD'. YAML may turn an unquoted date into a Date. */
export const beijingDateSchema = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
    .refine((text) => {
      const date = new Date(`${text}T00:00:00Z`);
      return Number.isFinite(date.getTime()) && date.toISOString().startsWith(text);
    }, 'not a real calendar date'),
);

export const contactSchema = z.object({
  name: z.string().min(1),
  phone: z.string().min(1).optional(),
  email: z.email().optional(),
  dingtalkUserId: z.string().min(1).optional(),
});

export const entitlementSchema = z
  .object({
    /** Stable id of the company; part of Redis keys, so no spaces or braces. */
    customerId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only (max 64)'),
    name: z.string().min(1),
    vendor: z.enum(VENDORS),
    plan: z.enum(PLANS),
    products: z.array(z.string().min(1)).min(1),
    productType: z.enum(PRODUCT_TYPES),
    /** Both dates inclusive, Beijing time: service runs from start 00:00 to the end of the end date. */
    servicePeriod: z
      .object({ start: beijingDateSchema, end: beijingDateSchema })
      .refine((period) => period.start <= period.end, { message: 'servicePeriod.end is before servicePeriod.start' }),
    /** ISO 3166-1 alpha-2 code of where the product is used, e.g. CN, HK, MO, SG. */
    region: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'a two-letter region code such as CN, HK, MO')
      .transform((code) => code.toUpperCase()),
    contacts: z.array(contactSchema).default([]),
    dingtalkCorpId: z.string().min(1).optional(),
    /** Human support hours of the plan: 5×8 (standard) or 6×8 (e.g. 金蝶 CSP 本地支持). */
    supportCalendar: z.enum(['5x8', '6x8']).default('5x8'),
    /** Overrides KEFU_HOTLINE_YEARLY_LIMIT for this customer (a contract may grant more calls). */
    hotlineYearlyLimit: z.number().int().min(0).max(100).optional(),
  })
  .strict();

/** A validated entitlement. */
export type Entitlement = z.infer<typeof entitlementSchema>;
/** An entitlement as written in a file, before defaults. */
export type EntitlementInput = z.input<typeof entitlementSchema>;
export type EntitlementContact = z.infer<typeof contactSchema>;
