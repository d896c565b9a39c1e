import type { Server } from 'node:http';
import { openKnowledgeBase } from '../cli/open-knowledge-base.js';
import { loadConfig } from '../config/index.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { openRedis } from './redis-connection.js';

/** The composition root: config → Redis → knowledge index → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const redis = await openRedis(config, logger);
  const started = performance.now();
  const { knowledgeBase, rebuilt } = await openKnowledgeBase(config, { progress: false });
  const { manifest } = knowledgeBase.index;
  logger.info(
    { entries: manifest.entryCount, chunks: manifest.chunkCount, embedder: manifest.embedderId, rebuilt, ms: Math.round(performance.now() - started) },
    rebuilt ? 'knowledge index built' : 'knowledge index loaded',
  );
  const app = createApp({ logger, redis: redis.client, knowledgeBase });
  const server: Server = app.listen(config.server.port, config.server.host, () => {
    logger.info({ url: `http://${config.server.host}:${config.server.port}` }, 'kefu is listening');
  });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    await redis.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kefu failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
