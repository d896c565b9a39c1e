import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySeverity, consultLlmSeverity } from '../../src/escalation/severity/index.js';
import { OpenAiChatModel } from '../../src/shared/chat-model.js';

/**
 * A real OpenAI-compatible peer on loopback: the openai SDK speaks HTTP to it, so the request
 * shape (strict json_schema response format) and the timeout path are exercised end to end.
 */
interface Recorded {
  body: { model?: string; response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } }; messages?: unknown[] };
}

let server: Server;
let baseURL: string;
const recorded: Recorded[] = [];
/** What the next request gets: a level to answer with, or a delay longer than the timeout. */
let behaviour: { level: number } | { delayMs: number } | { status: number } = { level: 2 };

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      recorded.push({ body: JSON.parse(raw) as Recorded['body'] });
      const answer = (level: number) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'chatcmpl-test',
            object: 'chat.completion',
            created: 0,
            model: 'test-model',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ level, confidence: 0.8, reason: '测试服务器' }) } }],
          }),
        );
      };
      if ('level' in behaviour) answer(behaviour.level);
      else if ('status' in behaviour) {
        response.writeHead(behaviour.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'overloaded' } }));
      } else {
        const timer = setTimeout(() => answer(3), behaviour.delayMs);
        response.on('close', () => clearTimeout(timer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('consultLlmSeverity against an OpenAI-compatible server on loopback', () => {
  const text = '出库单审核报错，仓库所有人都审不了';

  it('sends a strict json_schema request and uses the answer', async () => {
    behaviour = { level: 2 };
    const chat = new OpenAiChatModel({ apiKey: 'test-key', baseURL, model: 'test-model' });
    const result = await consultLlmSeverity({ text, offline: classifySeverity(text), chat, timeoutMs: 3000 });
    expect(result.level).toBe(2);
    expect(result.decidedBy).toBe('llm');
    const body = recorded.at(-1)?.body;
    expect(body?.model).toBe('test-model');
    expect(body?.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'severity_assessment', strict: true } });
  });

  it('keeps an offline critical when the server says otherwise', async () => {
    behaviour = { level: 4 };
    const outage = '服务器宕机了，全公司都登不上';
    const chat = new OpenAiChatModel({ apiKey: 'test-key', baseURL, model: 'test-model' });
    const result = await consultLlmSeverity({ text: outage, offline: classifySeverity(outage), chat, timeoutMs: 3000 });
    expect(result.critical).toBe(true);
  });

  it('falls back to the offline result when the server is slower than the timeout', async () => {
    behaviour = { delayMs: 5000 };
    const chat = new OpenAiChatModel({ apiKey: 'test-key', baseURL, model: 'test-model' });
    const offline = classifySeverity(text);
    const started = Date.now();
    const result = await consultLlmSeverity({ text, offline, chat, timeoutMs: 300 });
    expect(result).toBe(offline);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('falls back to the offline result when the server fails', async () => {
    behaviour = { status: 503 };
    const chat = new OpenAiChatModel({ apiKey: 'test-key', baseURL, model: 'test-model' });
    const offline = classifySeverity(text);
    expect(await consultLlmSeverity({ text, offline, chat, timeoutMs: 3000 })).toBe(offline);
  });
});
