export {
  entitlementSchema,
  contactSchema,
  beijingDateSchema,
  COVERED_REGIONS,
  PLANS,
  PRODUCT_TYPES,
  VENDORS,
  type Entitlement,
  type EntitlementContact,
  type EntitlementInput,
  type Plan,
  type ProductType,
  type Vendor,
} from './entitlement.js';
export {
  checkEntitlement,
  entitlementRefusalMessage,
  serviceYear,
  servicePeriodBounds,
  VENDOR_SERVICE_CHANNELS,
  type CheckEntitlementOptions,
  type EntitlementDecision,
  type EntitlementRefusalReason,
  type HotlineYearBasis,
  type ServiceYear,
} from './entitlement-policy.js';
export {
  EntitlementStore,
  loadEntitlementsFile,
  parseEntitlementsText,
  readEntitlementsFile,
  type EntitlementsLoadResult,
} from './entitlement-store.js';
