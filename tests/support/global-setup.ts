import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { RedisServerProcess } from '../../src/redis/index.js';

/** One real redis-server per test run, on a random port; tests isolate themselves by key prefix. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-test-redis-'));
  const server = await new RedisServerProcess({ dir, port: 0 }).start();
  project.provide('redisUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
