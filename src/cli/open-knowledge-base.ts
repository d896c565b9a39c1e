import { createHash } from 'node:crypto';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { KefuConfig } from '../config/index.js';
import { KnowledgeBase, OpenAiEmbedder, openKnowledgeIndex, type BuildProgress, type IndexSettings } from '../knowledge/index.js';
import { OpenAiChatModel } from '../shared/chat-model.js';

/** Index settings from config: the one place that decides which embedder retrieval uses. */
export function indexSettingsFrom(config: KefuConfig): IndexSettings {
  const { knowledge, llm } = config;
  return {
    embedder: knowledge.embedder,
    dimension: knowledge.embeddingDimension,
    fusion: knowledge.fusion,
    ...(knowledge.embedder === 'openai' && llm
      ? { remoteEmbedder: new OpenAiEmbedder({ apiKey: llm.apiKey, ...(llm.baseURL ? { baseURL: llm.baseURL } : {}), model: llm.embeddingModel, timeoutMs: llm.timeoutMs }) }
      : {}),
  };
}

/** Another knowledge directory (`--kb-dir`) gets an index directory of its own. */
export function indexDirectoryFor(config: KefuConfig, kbDir: string): string {
  if (path.resolve(kbDir) === path.resolve(config.knowledge.kbDir)) return config.knowledge.indexDir;
  const key = createHash('sha256').update(path.resolve(kbDir)).digest('hex').slice(0, 12);
  return path.join(path.dirname(config.knowledge.indexDir), `index-${key}`);
}

/** A progress bar on stderr when it is a terminal; quiet lines otherwise. */
export function stderrProgress(): { onProgress: BuildProgress; stop: () => void } {
  if (!process.stderr.isTTY) {
    let lastStage = '';
    return {
      onProgress: (stage) => {
        if (stage !== lastStage) process.stderr.write(`kefu index: ${stage}…\n`);
        lastStage = stage;
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar({ format: 'kefu index {stage} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    onProgress: (stage, done, total) => {
      if (!started) {
        bar.start(total, done, { stage: stage.padEnd(9) });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { stage: stage.padEnd(9) });
    },
    stop: () => started && bar.stop(),
  };
}

export async function openKnowledgeBase(config: KefuConfig, options: { kbDir?: string; force?: boolean; progress?: boolean } = {}): Promise<{ knowledgeBase: KnowledgeBase; rebuilt: boolean }> {
  const kbDir = options.kbDir ?? config.knowledge.kbDir;
  const progress = options.progress === false ? undefined : stderrProgress();
  try {
    const { index, rebuilt } = await openKnowledgeIndex(kbDir, indexDirectoryFor(config, kbDir), indexSettingsFrom(config), {
      ...(options.force ? { force: true } : {}),
      ...(progress ? { onProgress: progress.onProgress } : {}),
    });
    const chatModel = config.llm ? new OpenAiChatModel({ apiKey: config.llm.apiKey, ...(config.llm.baseURL ? { baseURL: config.llm.baseURL } : {}), model: config.llm.model }) : undefined;
    const knowledgeBase = new KnowledgeBase(index, {
      ...(config.knowledge.minConfidence !== undefined ? { minConfidence: config.knowledge.minConfidence } : {}),
      ...(chatModel ? { chatModel } : {}),
      llmTimeoutMs: config.llmTimeoutMs,
    });
    return { knowledgeBase, rebuilt };
  } finally {
    progress?.stop();
  }
}
