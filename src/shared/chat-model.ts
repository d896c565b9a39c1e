import OpenAI from 'openai';
import { UnavailableError } from './errors.js';

/**
 * The one thing kefu asks of a language model: complete a short chat within a deadline. Callers
 * always have an offline answer to fall back to, so every failure surfaces as UnavailableError.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], options: { timeoutMs: number; json?: { name: string; schema: Record<string, unknown> } }): Promise<string>;
}

export interface OpenAiChatModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
}

export class OpenAiChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiChatModelOptions) {
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
    this.id = `openai:${options.model}`;
  }

  async complete(messages: ChatMessage[], options: { timeoutMs: number; json?: { name: string; schema: Record<string, unknown> } }): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await this.client.chat.completions.create(
        {
          model: this.options.model,
          messages,
          temperature: 0,
          ...(options.json
            ? { response_format: { type: 'json_schema' as const, json_schema: { name: options.json.name, schema: options.json.schema, strict: true } } }
            : {}),
        },
        { signal: controller.signal, timeout: options.timeoutMs },
      );
      const content = response.choices[0]?.message?.content;
      if (typeof content !== 'string' || !content.trim()) throw new Error('empty completion');
      return content;
    } catch (error) {
      throw new UnavailableError('llm', `language model failed: ${(error as Error).message}`, error);
    } finally {
      clearTimeout(timer);
    }
  }
}
