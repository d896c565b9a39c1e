import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { connectRedis, createRedisKeys, type RedisClient, type RedisKeys } from '../../src/redis/index.js';

/** A client on the run's redis-server and a key prefix no other test uses. */
export async function testRedis(): Promise<{ client: RedisClient; keys: RedisKeys; url: string; close: () => Promise<void> }> {
  const url = inject('redisUrl');
  const client = await connectRedis(url);
  const keys = createRedisKeys(`test:${randomUUID().slice(0, 8)}:`);
  return { client, keys, url, close: async () => void (await client.close()) };
}
