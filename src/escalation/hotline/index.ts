export {
  createHotlineQuota,
  incidentFingerprint,
  ANY_INCIDENT,
  type ConsumeHotlineInput,
  type HotlineConsumeResult,
  type HotlineQuota,
  type HotlineQuotaOptions,
  type HotlineQuotaYear,
  type HotlineRefusalReason,
  type HotlineRemaining,
  type HotlineUse,
  type HotlineVoidResult,
  type VoidHotlineUseInput,
} from './hotline-quota.js';
export { CONSUME_HOTLINE_SCRIPT, REMAINING_HOTLINE_SCRIPT, VOID_HOTLINE_USE_SCRIPT, type LuaScript } from './hotline-quota-script.js';
