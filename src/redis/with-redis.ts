import { ErrorReply } from 'redis';
import { KefuError, UnavailableError } from '../shared/errors.js';

/** Connection trouble becomes a retryable UnavailableError; our own errors and Redis replies pass through. */
export async function withRedis<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof KefuError || error instanceof ErrorReply) throw error;
    throw new UnavailableError('redis', 'Redis is not reachable; please retry', error);
  }
}
