import { createHash } from 'node:crypto';

/**
 * The Lua scripts of the emergency-hotline quota. Each runs atomically inside Redis, so 1,000
 * simultaneous reports cannot over-spend the yearly quota, and a report either joins an open
 * incident or records a use — never both, never neither.
 *
 * All keys of one customer carry the hash tag `{c:<customerId>}` (src/redis/keys.ts), so every
 * script touches a single Cluster slot.
 *
 * Stored data (written by EntitlementStore and by these scripts):
 * - entitlement HASH: periodStart, periodEnd ('YYYY-MM-DD', inclusive, Beijing), region,
 *   hotlineYearlyLimit (optional override) …
 * - uses ZSET: member = useId, score = time of the use in epoch ms. Only uses that count are in
 *   it: voiding removes the member, so ZCOUNT over the quota year is the number used.
 * - records HASH: useId → JSON {useId, customerId, userId, channel, conversationId, incidentId,
 *   fingerprint, at, serviceYearStart, serviceYearEnd, voided?: {by, reason, at}} (times in ms).
 *   Records are never deleted: they are the audit trail, voided ones included.
 * - open incidents HASH: fingerprint → JSON {incidentId, useId, fingerprint, openedAt,
 *   lastReportAt, reportCount}. Entries older than the join window are removed when seen.
 *
 * The quota year is computed here from the stored period start, with the same rule as
 * `serviceYear()` in entitlement-policy.ts (anniversaries, 29 Feb → 1 Mar in common years, or
 * calendar years; Beijing days). Doing it inside the script means a concurrent admin edit of the
 * entitlement cannot slip between "which year is it" and "record the use". The integration tests
 * check the two implementations agree.
 */

/** A script and its SHA1, for EVALSHA with an EVAL fallback. */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

function luaScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** Date arithmetic and the entitlement check shared by the scripts. */
const PRELUDE = `
local DAY_MS = 86400000
local BEIJING_OFFSET_MS = 28800000

-- days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- the year of a day number (inverse of days_from_civil, year only)
local function year_of_day(z)
  z = z + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local y = yoe + era * 400
  if mp >= 10 then y = y + 1 end
  return y
end

local function is_leap(y)
  return (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
end

-- epoch ms of Beijing midnight starting y-m-d
local function midnight_ms(y, m, d)
  return days_from_civil(y, m, d) * DAY_MS - BEIJING_OFFSET_MS
end

local function parse_date(text)
  local y, m, d = string.match(text, '^(%d%d%d%d)%-(%d%d)%-(%d%d)$')
  if not y then error('hotline quota: stored date is not YYYY-MM-DD: ' .. tostring(text)) end
  return tonumber(y), tonumber(m), tonumber(d)
end

local function anniversary_ms(y, start_month, start_day)
  if start_month == 2 and start_day == 29 and not is_leap(y) then return midnight_ms(y, 3, 1) end
  return midnight_ms(y, start_month, start_day)
end

-- [start, end) of the quota year containing now
local function quota_year(now, basis, start_text)
  local sy, sm, sd = parse_date(start_text)
  local year = year_of_day(math.floor((now + BEIJING_OFFSET_MS) / DAY_MS))
  if basis == 'calendar-year' then
    return midnight_ms(year, 1, 1), midnight_ms(year + 1, 1, 1)
  end
  if now < anniversary_ms(year, sm, sd) then year = year - 1 end
  return anniversary_ms(year, sm, sd), anniversary_ms(year + 1, sm, sd)
end

-- nil when the customer is entitled at now, else the reason; plus the fields read
local function entitlement_problem(entitlement_key, now, covered_regions)
  local fields = redis.call('HMGET', entitlement_key, 'periodStart', 'periodEnd', 'region', 'hotlineYearlyLimit')
  local period_start, period_end, region, limit = fields[1], fields[2], fields[3], fields[4]
  if not period_start or not period_end then return 'no-entitlement' end
  local covered = false
  for code in string.gmatch(covered_regions, '[^,]+') do
    if code == region then covered = true end
  end
  if not covered then return 'region-not-covered' end
  local sy, sm, sd = parse_date(period_start)
  local ey, em, ed = parse_date(period_end)
  if now < midnight_ms(sy, sm, sd) then return 'not-started' end
  if now >= midnight_ms(ey, em, ed) + DAY_MS then return 'expired' end
  return nil, period_start, limit
end

local function ms(value)
  return string.format('%.0f', value)
end
`;

/**
 * Consume one hotline use, or join the open incident, or refuse — in one step.
 *
 * KEYS[1] entitlement HASH      keys.entitlement(customerId)
 * KEYS[2] uses ZSET             keys.hotlineUses(customerId)
 * KEYS[3] use records HASH      keys.hotlineUseRecords(customerId)
 * KEYS[4] open incidents HASH   keys.openIncidents(customerId)
 *
 * ARGV[1]  now, epoch ms
 * ARGV[2]  useId        (recorded if a use is consumed; a retry with the same id is a replay)
 * ARGV[3]  incidentId   (for a new incident)
 * ARGV[4]  customerId
 * ARGV[5]  userId       (the person reporting)
 * ARGV[6]  channel      ('dingtalk', 'web' …)
 * ARGV[7]  conversationId
 * ARGV[8]  critical     '1' | '0' (the severity classifier's verdict)
 * ARGV[9]  fingerprint  of the outage ('*' when the product is unknown)
 * ARGV[10] join window, ms (0 disables joining)
 * ARGV[11] year basis   'service-year' | 'calendar-year'
 * ARGV[12] default yearly limit (used when the entitlement has no override)
 * ARGV[13] covered regions, comma-separated ('CN,HK,MO')
 *
 * Returns a JSON string:
 *   {outcome:'consumed', use, used, limit, remaining, serviceYearStart, serviceYearEnd}
 *   {outcome:'consumed', replayed:true, use}                 same useId seen before
 *   {outcome:'joined', incidentId, useId, reportCount, used, limit, remaining, serviceYearStart, serviceYearEnd}
 *   {outcome:'refused', reason:'not-entitled', entitlementReason}
 *   {outcome:'refused', reason:'not-critical'}
 *   {outcome:'refused', reason:'quota-exhausted', used, limit, remaining:0, serviceYearStart, serviceYearEnd}
 *
 * Checks run in this order: replay, entitlement, criticality, join, quota. Joining comes before
 * the quota so colleagues reporting the same outage are answered even when the year is used up.
 */
export const CONSUME_HOTLINE_SCRIPT = luaScript(
  'consume-hotline',
  PRELUDE +
    `
local now = tonumber(ARGV[1])
local use_id, incident_id, customer_id = ARGV[2], ARGV[3], ARGV[4]
local user_id, channel, conversation_id = ARGV[5], ARGV[6], ARGV[7]
local critical, fingerprint = ARGV[8], ARGV[9]
local join_window, basis, default_limit = tonumber(ARGV[10]), ARGV[11], tonumber(ARGV[12])

local existing = redis.call('HGET', KEYS[3], use_id)
if existing then
  return cjson.encode({outcome = 'consumed', replayed = true, use = cjson.decode(existing)})
end

local problem, period_start, limit_override = entitlement_problem(KEYS[1], now, ARGV[13])
if problem then
  return cjson.encode({outcome = 'refused', reason = 'not-entitled', entitlementReason = problem})
end

if critical ~= '1' then
  return cjson.encode({outcome = 'refused', reason = 'not-critical'})
end

local limit = tonumber(limit_override) or default_limit
local year_start, year_end = quota_year(now, basis, period_start)
local used = redis.call('ZCOUNT', KEYS[2], ms(year_start), '(' .. ms(year_end))
local remaining = math.max(limit - used, 0)

-- Join: the same outage ('*' matches every fingerprint) reported within the window of the
-- incident's last report. Stale incidents are dropped while we look.
if join_window > 0 then
  local best_field, best
  local entries = redis.call('HGETALL', KEYS[4])
  for i = 1, #entries, 2 do
    local field, incident = entries[i], cjson.decode(entries[i + 1])
    if now - incident.lastReportAt > join_window then
      redis.call('HDEL', KEYS[4], field)
    elseif field == fingerprint or field == '*' or fingerprint == '*' then
      if not best or incident.lastReportAt > best.lastReportAt then best_field, best = field, incident end
    end
  end
  if best then
    best.lastReportAt = math.max(best.lastReportAt, now)
    best.reportCount = best.reportCount + 1
    redis.call('HSET', KEYS[4], best_field, cjson.encode(best))
    return cjson.encode({
      outcome = 'joined', incidentId = best.incidentId, useId = best.useId, reportCount = best.reportCount,
      used = used, limit = limit, remaining = remaining, serviceYearStart = year_start, serviceYearEnd = year_end,
    })
  end
end

if used >= limit then
  return cjson.encode({
    outcome = 'refused', reason = 'quota-exhausted',
    used = used, limit = limit, remaining = 0, serviceYearStart = year_start, serviceYearEnd = year_end,
  })
end

local record = {
  useId = use_id, customerId = customer_id, userId = user_id, channel = channel,
  conversationId = conversation_id, incidentId = incident_id, fingerprint = fingerprint,
  at = now, serviceYearStart = year_start, serviceYearEnd = year_end,
}
redis.call('HSET', KEYS[3], use_id, cjson.encode(record))
redis.call('ZADD', KEYS[2], ARGV[1], use_id)
redis.call('HSET', KEYS[4], fingerprint, cjson.encode({
  incidentId = incident_id, useId = use_id, fingerprint = fingerprint,
  openedAt = now, lastReportAt = now, reportCount = 1,
}))
return cjson.encode({
  outcome = 'consumed', use = record, used = used + 1, limit = limit, remaining = limit - used - 1,
  serviceYearStart = year_start, serviceYearEnd = year_end,
})
`,
);

/**
 * How many uses remain in the quota year containing `now`. Read-only.
 *
 * KEYS[1] entitlement HASH   KEYS[2] uses ZSET
 * ARGV[1] now, epoch ms      ARGV[2] year basis   ARGV[3] default yearly limit   ARGV[4] covered regions
 *
 * Returns JSON {entitled:true, used, limit, remaining, serviceYearStart, serviceYearEnd}
 *           or {entitled:false, entitlementReason}.
 */
export const REMAINING_HOTLINE_SCRIPT = luaScript(
  'remaining-hotline',
  PRELUDE +
    `
local now = tonumber(ARGV[1])
local problem, period_start, limit_override = entitlement_problem(KEYS[1], now, ARGV[4])
if problem then return cjson.encode({entitled = false, entitlementReason = problem}) end
local limit = tonumber(limit_override) or tonumber(ARGV[3])
local year_start, year_end = quota_year(now, ARGV[2], period_start)
local used = redis.call('ZCOUNT', KEYS[2], ms(year_start), '(' .. ms(year_end))
return cjson.encode({
  entitled = true, used = used, limit = limit, remaining = math.max(limit - used, 0),
  serviceYearStart = year_start, serviceYearEnd = year_end,
})
`,
);

/**
 * Void a use an agent judged not to be a real critical fault: it stops counting (restoring one
 * use), the record keeps who voided it, when and why, and the incident it opened is closed so the
 * next report is judged afresh. Voiding twice changes nothing (idempotent).
 *
 * KEYS[1] uses ZSET   KEYS[2] use records HASH   KEYS[3] open incidents HASH
 * ARGV[1] useId       ARGV[2] agentId            ARGV[3] reason   ARGV[4] now, epoch ms
 *
 * Returns JSON {outcome:'voided'|'already-voided', use} or {outcome:'not-found'}.
 */
export const VOID_HOTLINE_USE_SCRIPT = luaScript(
  'void-hotline-use',
  `
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return cjson.encode({outcome = 'not-found'}) end
local record = cjson.decode(raw)
if type(record.voided) == 'table' then return cjson.encode({outcome = 'already-voided', use = record}) end
record.voided = {by = ARGV[2], reason = ARGV[3], at = tonumber(ARGV[4])}
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(record))
redis.call('ZREM', KEYS[1], ARGV[1])
local open = redis.call('HGET', KEYS[3], record.fingerprint)
if open and cjson.decode(open).useId == ARGV[1] then redis.call('HDEL', KEYS[3], record.fingerprint) end
return cjson.encode({outcome = 'voided', use = record})
`,
);
