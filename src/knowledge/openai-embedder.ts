import OpenAI from 'openai';
import { UnavailableError } from '../shared/errors.js';
import { normalizeVector, type Embedder } from './embedder.js';

/** Embeddings from any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, a local vLLM/Ollama). */
export interface OpenAiEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** Known dimension of the model; discovered from the first call otherwise. */
  dimension?: number;
}

export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  dimension: number;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: 1 });
    this.id = `openai:${options.baseURL ?? 'default'}:${options.model}`;
    this.dimension = options.dimension ?? 0;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 64) {
      vectors.push(...(await this.call(texts.slice(i, i + 64))));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return (await this.call([text]))[0]!;
  }

  private async call(input: string[]): Promise<Float32Array[]> {
    try {
      const response = await this.client.embeddings.create({ model: this.options.model, input });
      const vectors = response.data
        .slice()
        .sort((a, b) => a.index - b.index)
        .map((item) => normalizeVector(Float32Array.from(item.embedding)));
      if (vectors.length !== input.length) throw new Error(`expected ${input.length} embeddings, got ${vectors.length}`);
      if (!this.dimension) this.dimension = vectors[0]!.length;
      return vectors;
    } catch (error) {
      throw new UnavailableError('embeddings', `embedding endpoint failed: ${(error as Error).message}`, error);
    }
  }
}
