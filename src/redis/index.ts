export { createRedisKeys, type RedisKeys } from './keys.js';
export { RedisServerProcess, RedisServerNotInstalledError, freePort, type RedisServerOptions } from './redis-server-process.js';
export { connectRedis, type RedisClient } from './client.js';
export { withRedis } from './with-redis.js';
