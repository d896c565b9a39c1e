import { loadConfig } from '../config/index.js';
import {
  checkEntitlement,
  EntitlementStore,
  loadEntitlementsFile,
  readEntitlementsFile,
  type Entitlement,
  type EntitlementRefusalReason,
} from '../escalation/index.js';
import { connectRedis, createRedisKeys } from '../redis/index.js';
import { systemClock } from '../shared/clock.js';
import { ConfigError } from '../shared/errors.js';

const usage = `usage: kefu entitlements <subcommand>

  load [FILE] [--replace]   validate FILE (default: KEFU_ENTITLEMENTS_FILE) and save it to Redis;
                            --replace also removes customers that are not in FILE
  check FILE                validate FILE only, without Redis
  list [--jsonl]            the customers in Redis and whether they are entitled today

Needs REDIS_URL (except for check).
`;

const statusText: Record<EntitlementRefusalReason | 'full', string> = {
  full: '有效',
  expired: '已到期',
  'not-started': '未生效',
  'region-not-covered': '地区不在服务范围',
  'no-entitlement': '无权益',
};

/** `kefu entitlements load|check|list`. Results go to stdout; problems to stderr. */
export async function entitlementsCommand(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  const flags = new Set(rest.filter((arg) => arg.startsWith('--')));
  const positional = rest.filter((arg) => !arg.startsWith('--'));

  if (!subcommand || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    process.stderr.write(usage);
    return subcommand ? 0 : 2;
  }
  const config = loadConfig();

  if (subcommand === 'check') {
    const file = positional[0] ?? config.escalation.entitlementsFile;
    if (!file) return fail('kefu entitlements check: give FILE or set KEFU_ENTITLEMENTS_FILE');
    const entitlements = await readEntitlementsFile(file);
    process.stdout.write(`${file}: ${entitlements.length} customers, all valid\n`);
    return 0;
  }
  if (subcommand !== 'load' && subcommand !== 'list') return fail(`kefu entitlements: unknown subcommand "${subcommand}"\n\n${usage}`);

  if (!config.redis.url) throw new ConfigError('REDIS_URL is required for `kefu entitlements load|list`');
  const client = await connectRedis(config.redis.url);
  try {
    const store = new EntitlementStore(client, createRedisKeys(config.redis.prefix));
    if (subcommand === 'load') {
      const file = positional[0] ?? config.escalation.entitlementsFile;
      if (!file) return fail('kefu entitlements load: give FILE or set KEFU_ENTITLEMENTS_FILE');
      const result = await loadEntitlementsFile(store, file, { replace: flags.has('--replace') });
      process.stdout.write(`loaded ${result.saved.length} customers from ${file}\n`);
      if (result.removed.length > 0) process.stdout.write(`removed ${result.removed.length}: ${result.removed.join(', ')}\n`);
      return 0;
    }
    const now = systemClock.now();
    const entitlements = await store.list();
    if (flags.has('--jsonl')) {
      for (const entitlement of entitlements) {
        const decision = checkEntitlement(entitlement, now);
        const status = decision.allowed === 'full' ? 'full' : decision.reason;
        process.stdout.write(`${JSON.stringify({ ...entitlement, status })}\n`);
      }
      return 0;
    }
    process.stdout.write(['customerId', 'name', 'vendor', 'plan', 'period', 'region', 'status'].join('\t') + '\n');
    for (const entitlement of entitlements) process.stdout.write(`${row(entitlement, now)}\n`);
    return 0;
  } finally {
    await client.close();
  }
}

function row(entitlement: Entitlement, now: Date): string {
  const decision = checkEntitlement(entitlement, now);
  return [
    entitlement.customerId,
    entitlement.name,
    entitlement.vendor,
    entitlement.plan,
    `${entitlement.servicePeriod.start}..${entitlement.servicePeriod.end}`,
    entitlement.region,
    statusText[decision.allowed === 'full' ? 'full' : decision.reason],
  ].join('\t');
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
