import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects with a bounded reconnect back-off. Commands issued while the connection is down fail
 * fast instead of queueing without bound, so callers can answer "please retry".
 */
export async function connectRedis(url: string, onError?: (error: Error) => void): Promise<RedisClient> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** Math.min(retries, 6), 2000), connectTimeout: 5000 },
  });
  client.on('error', (error: Error) => onError?.(error));
  await client.connect();
  return client;
}
