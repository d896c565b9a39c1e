import express, { type Express } from 'express';
import { z } from 'zod';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { RedisClient } from '../redis/index.js';
import { ValidationError } from '../shared/errors.js';
import { errorHandler } from './error-handler.js';
import type { Logger } from './logger.js';

/** The HTTP surface. Routes translate and delegate; rules live in the modules they call. */
export interface AppDependencies {
  logger: Logger;
  redis: RedisClient;
  knowledgeBase: KnowledgeBase;
}

const askBody = z.object({ question: z.string().max(10_000) });

export function createApp({ logger, redis, knowledgeBase }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '32kb' }));

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  app.get('/readyz', async (_request, response) => {
    const checks = { redis: false, index: knowledgeBase.index.chunks.length > 0 };
    try {
      checks.redis = (await redis.ping()) === 'PONG';
    } catch {
      checks.redis = false;
    }
    const ready = checks.redis && checks.index;
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.post('/api/ask', async (request, response) => {
    const parsed = askBody.safeParse(request.body);
    if (!parsed.success) throw new ValidationError('请求需要 {"question": "…"}（字符串，最长 10000 字）');
    const answer = await knowledgeBase.answer(parsed.data.question);
    response.json(answer);
  });

  app.get('/', (_request, response) => {
    const { manifest } = knowledgeBase.index;
    response.json({
      service: 'kefu',
      knowledge: { entries: manifest.entryCount, chunks: manifest.chunkCount, embedder: manifest.embedderId },
      endpoints: ['POST /api/ask', 'GET /healthz', 'GET /readyz'],
    });
  });

  app.use((_request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: '没有这个地址' } });
  });
  app.use(errorHandler(logger));
  return app;
}
