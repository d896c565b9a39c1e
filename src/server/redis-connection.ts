import path from 'node:path';
import type { KefuConfig } from '../config/index.js';
import { connectRedis, RedisServerProcess, type RedisClient } from '../redis/index.js';
import type { Logger } from './logger.js';

/**
 * The service's Redis: REDIS_URL when given, otherwise a local redis-server that kefu starts and
 * supervises itself, with its data under KEFU_DATA_DIR/redis and the append-only file on.
 */
export async function openRedis(config: KefuConfig, logger: Logger): Promise<{ client: RedisClient; url: string; close: () => Promise<void> }> {
  let local: RedisServerProcess | undefined;
  let url = config.redis.url;
  if (!url) {
    local = new RedisServerProcess({
      dir: path.join(config.redis.dataDir, 'redis'),
      port: config.redis.localPort,
      bin: config.redis.serverBin,
      appendOnly: true,
      supervise: true,
      // redis-server's start-up banner is noise; its errors are not.
      onLog: (line) => (/error|fail|exited|restart/i.test(line) ? logger.warn({ component: 'redis-server' }, line) : logger.debug({ component: 'redis-server' }, line)),
    });
    await local.start();
    url = local.url;
    logger.info({ url, dir: path.resolve(config.redis.dataDir, 'redis') }, 'started a local redis-server (no REDIS_URL given)');
  }
  let lastError = '';
  const client = await connectRedis(url, (error) => {
    if (error.message !== lastError) logger.warn({ err: error.message }, 'redis connection problem');
    lastError = error.message;
  });
  return {
    client,
    url,
    close: async () => {
      await client.close().catch(() => undefined);
      await local?.stop();
    },
  };
}
