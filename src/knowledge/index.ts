export type { Answer, Citation } from './answer.js';
export type { Chunk, FaqEntry, KnowledgeEntry, PassageEntry, Provenance } from './knowledge-entry.js';
export type { Embedder } from './embedder.js';
export type { VectorIndex } from './vector-index.js';
export type { KeywordIndex } from './bm25-index.js';
export type { ConversationTopic } from './follow-up.js';
export type { RetrievalMode } from './hybrid-retriever.js';
export { KnowledgeBase, type AnswerContext } from './knowledge-base.js';
export { loadKnowledge, parseFaqCsv, parseFaqJsonl, type LoadedKnowledge } from './knowledge-loader.js';
export {
  buildKnowledgeIndex,
  loadKnowledgeIndex,
  openKnowledgeIndex,
  readManifest,
  saveKnowledgeIndex,
  type BuildProgress,
  type BuildStage,
  type IndexManifest,
  type IndexSettings,
  type KnowledgeIndex,
} from './knowledge-index.js';
export { OpenAiEmbedder } from './openai-embedder.js';
export { Tokenizer, normalizeText } from './tokenizer.js';
export { resolveFollowUp, isFollowUp } from './follow-up.js';
export { spansOverlap } from './calibration.js';
