// The public API of src/escalation. Each line re-exports one part; names are unique across parts.
export * from './sla/index.js';
export * from './entitlements/index.js';
export * from './hotline/index.js';
export * from './severity/index.js';
