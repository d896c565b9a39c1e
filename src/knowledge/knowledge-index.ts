import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadTypedArrays, saveTypedArrays } from './binary-arrays.js';
import { Bm25Index, buildBm25Tables, type Bm25Tables } from './bm25-index.js';
import { calibrateConfidence, type CalibrationReport } from './calibration.js';
import { ChunkStore } from './chunk-store.js';
import { chunkEntries } from './chunker.js';
import type { Embedder } from './embedder.js';
import { HybridRetriever, type FusionSettings } from './hybrid-retriever.js';
import type { MatchUnit } from './knowledge-entry.js';
import { loadKnowledge, type LoadedKnowledge } from './knowledge-loader.js';
import { LocalLsaEmbedder, trainLocalLsa, type LocalLsaModel } from './local-lsa-embedder.js';
import type { ConfidenceModel } from './answer-confidence.js';
import { Tokenizer, type TokenizerSettings } from './tokenizer.js';
import { HnswVectorIndex } from './vector-index.js';

/**
 * Builds, saves and loads everything retrieval needs. The manifest records the embedder id, the
 * dimension and a hash of the knowledge files and settings; at start the index is loaded as saved
 * and rebuilt only when that hash no longer matches.
 */
export const INDEX_FORMAT_VERSION = 16;

export interface IndexSettings {
  embedder: 'local' | 'openai';
  dimension: number;
  fusion: FusionSettings;
  /** Used when embedder = openai. */
  remoteEmbedder?: Embedder;
}

export interface IndexManifest {
  formatVersion: number;
  contentHash: string;
  embedderId: string;
  dimension: number;
  chunkCount: number;
  unitCount: number;
  entryCount: number;
  builtAt: string;
  buildMilliseconds: number;
  confidence: ConfidenceModel;
  calibration: CalibrationReport;
}

export interface KnowledgeIndex {
  manifest: IndexManifest;
  tokenizer: Tokenizer;
  chunks: ChunkStore;
  units: Pick<MatchUnit, 'chunkIndex' | 'role'>[];
  keywordIndex: Bm25Index;
  vectorIndex: HnswVectorIndex;
  embedder: Embedder;
  retriever: HybridRetriever;
}

export type BuildStage = 'load' | 'chunk' | 'tokenize' | 'embed' | 'vectors' | 'calibrate' | 'save';
export type BuildProgress = (stage: BuildStage, done: number, total: number) => void;

export function contentHash(knowledge: Pick<LoadedKnowledge, 'files'>, settings: IndexSettings): string {
  const hash = createHash('sha256');
  hash.update(`v${INDEX_FORMAT_VERSION}\n${settings.embedder}\n${settings.dimension}\n${JSON.stringify(settings.fusion)}\n${settings.remoteEmbedder?.id ?? ''}\n`);
  for (const [file, text] of [...knowledge.files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${file}\n${text.length}\n${text}\n`);
  }
  return hash.digest('hex');
}

export async function buildKnowledgeIndex(knowledge: LoadedKnowledge, settings: IndexSettings, onProgress: BuildProgress = () => undefined): Promise<{ index: KnowledgeIndex; lsa?: LocalLsaModel; bm25: Bm25Tables; tokenizerSettings: TokenizerSettings }> {
  const started = performance.now();
  const tokenizerSettings: TokenizerSettings = { dictionary: knowledge.dictionary, synonyms: knowledge.synonyms, stopwords: knowledge.stopwords };
  const tokenizer = new Tokenizer(tokenizerSettings);
  onProgress('chunk', 0, knowledge.entries.length);
  const { chunks, units } = await chunkEntries(knowledge.entries);
  onProgress('chunk', knowledge.entries.length, knowledge.entries.length);

  const unitTerms: string[][] = [];
  units.forEach((unit, i) => {
    unitTerms.push(tokenizer.tokens(unit.text));
    if (i % 5000 === 4999) onProgress('tokenize', i + 1, units.length);
  });
  onProgress('tokenize', units.length, units.length);
  const unitChunks = Uint32Array.from(units, (unit) => unit.chunkIndex);
  const bm25 = buildBm25Tables(unitTerms, unitChunks, chunks.length, (unit) => units[unit]!.role === 'content');
  const keywordIndex = new Bm25Index(bm25);

  let embedder: Embedder;
  let lsa: LocalLsaModel | undefined;
  const vectors: Float32Array[] = [];
  const batch = 2000;
  onProgress('embed', 0, units.length);
  if (settings.embedder === 'openai') {
    if (!settings.remoteEmbedder) throw new Error('embedder "openai" needs a configured endpoint');
    embedder = settings.remoteEmbedder;
    for (let i = 0; i < units.length; i += batch) {
      vectors.push(...(await embedder.embedDocuments(units.slice(i, i + batch).map((unit) => unit.text))));
      onProgress('embed', Math.min(units.length, i + batch), units.length);
    }
  } else {
    // A chunk trains the latent space with every way it is asked for: a FAQ's similar questions
    // and its answer share one document, so colloquial and formal words meet.
    const trainingTerms: string[][] = Array.from({ length: chunks.length }, () => []);
    units.forEach((unit, i) => trainingTerms[unit.chunkIndex]!.push(...unitTerms[i]!));
    lsa = trainLocalLsa(trainingTerms, settings.dimension);
    const local = new LocalLsaEmbedder(tokenizer, lsa);
    embedder = local;
    unitTerms.forEach((terms, i) => {
      vectors.push(local.embedTerms(terms));
      if (i % batch === batch - 1) onProgress('embed', i + 1, units.length);
    });
  }
  const vectorIndex = HnswVectorIndex.build(vectors, embedder.dimension, { onProgress: (done) => onProgress('vectors', done, units.length) });
  onProgress('vectors', units.length, units.length);

  const unitRefs = units.map(({ chunkIndex, role }) => ({ chunkIndex, role }));
  const chunkStore = ChunkStore.fromChunks(chunks);
  const retriever = new HybridRetriever(tokenizer, keywordIndex, vectorIndex, embedder, chunkStore, unitRefs, settings.fusion);
  const { model, report } = await calibrateConfidence({ retriever, entries: knowledge.entries, units, chunks, outOfScope: knowledge.outOfScope, onProgress: (done, total) => onProgress('calibrate', done, total) });

  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    contentHash: contentHash(knowledge, settings),
    embedderId: embedder.id,
    dimension: embedder.dimension,
    chunkCount: chunks.length,
    unitCount: units.length,
    entryCount: knowledge.entries.length,
    builtAt: new Date().toISOString(),
    buildMilliseconds: Math.round(performance.now() - started),
    confidence: model,
    calibration: report,
  };
  return {
    index: { manifest, tokenizer, chunks: chunkStore, units: unitRefs, keywordIndex, vectorIndex, embedder, retriever },
    ...(lsa ? { lsa } : {}),
    bm25,
    tokenizerSettings,
  };
}

/** Writes into a fresh directory and renames it into place, so a crash never leaves half an index. */
export function saveKnowledgeIndex(directory: string, built: Awaited<ReturnType<typeof buildKnowledgeIndex>>): void {
  const staging = `${directory}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const { index, bm25, lsa, tokenizerSettings } = built;
  const buildStamp = stampOf(index.manifest);
  index.chunks.save(path.join(staging, 'chunks.bin'));
  writeFileSync(path.join(staging, 'tokenizer.json'), JSON.stringify(tokenizerSettings));
  writeFileSync(path.join(staging, 'vocabulary.json'), JSON.stringify(bm25.vocabulary));
  saveTypedArrays(path.join(staging, 'keyword.bin'), {
    termOffsets: bm25.termOffsets,
    postingUnits: bm25.postingUnits,
    postingFrequencies: bm25.postingFrequencies,
    unitLengths: bm25.unitLengths,
    unitChunks: bm25.unitChunks,
    unitRoles: Uint8Array.from(index.units, (unit) => (unit.role === 'question' ? 1 : 0)),
    chunkTermOffsets: bm25.chunkTermOffsets,
    chunkTermIds: bm25.chunkTermIds,
    averageUnitLength: Float64Array.of(bm25.averageUnitLength),
    buildStamp,
  });
  if (lsa) {
    saveTypedArrays(path.join(staging, 'embedder.bin'), {
      idf: lsa.idf,
      projection: lsa.projection,
      shape: Uint32Array.of(lsa.buckets, lsa.latentDimensions, lsa.hashedDimensions),
      buildStamp,
    });
  }
  index.vectorIndex.save(path.join(staging, 'vectors.hnsw'));
  writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(index.manifest, null, 2));
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(path.dirname(path.resolve(directory)), { recursive: true });
  renameSync(staging, directory);
}

/** Written into every binary file of a build, so files of different builds are never mixed. */
function stampOf(manifest: IndexManifest): Uint8Array {
  return new Uint8Array(Buffer.from(`${manifest.contentHash}:${manifest.builtAt}`));
}

function sameStamp(stored: unknown, manifest: IndexManifest): boolean {
  const expected = stampOf(manifest);
  return stored instanceof Uint8Array && stored.length === expected.length && stored.every((byte, i) => byte === expected[i]);
}

export function readManifest(directory: string): IndexManifest | undefined {
  const file = path.join(directory, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as IndexManifest;
  } catch {
    return undefined;
  }
}

export function loadKnowledgeIndex(directory: string, settings: IndexSettings): KnowledgeIndex {
  const manifest = readManifest(directory);
  if (!manifest) throw new Error(`no index in ${directory}`);
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(directory, 'tokenizer.json'), 'utf8')) as TokenizerSettings);
  const chunks = ChunkStore.load(path.join(directory, 'chunks.bin'));
  const arrays = loadTypedArrays(path.join(directory, 'keyword.bin'));
  const vocabulary = JSON.parse(readFileSync(path.join(directory, 'vocabulary.json'), 'utf8')) as string[];
  const bm25: Bm25Tables = {
    vocabulary,
    termOffsets: arrays.termOffsets as Uint32Array,
    postingUnits: arrays.postingUnits as Uint32Array,
    postingFrequencies: arrays.postingFrequencies as Uint16Array,
    unitLengths: arrays.unitLengths as Uint16Array,
    unitChunks: arrays.unitChunks as Uint32Array,
    chunkCount: chunks.length,
    averageUnitLength: (arrays.averageUnitLength as Float64Array)[0]!,
    chunkTermOffsets: arrays.chunkTermOffsets as Uint32Array,
    chunkTermIds: arrays.chunkTermIds as Uint32Array,
  };
  if (!sameStamp(arrays.buildStamp, manifest)) throw new Error(`keyword.bin in ${directory} belongs to another build`);
  const roles = arrays.unitRoles as Uint8Array;
  const units = Array.from(bm25.unitChunks, (chunkIndex, i) => ({ chunkIndex, role: roles[i] === 1 ? ('question' as const) : ('content' as const) }));
  const keywordIndex = new Bm25Index(bm25);
  let embedder: Embedder;
  if (settings.embedder === 'openai') {
    if (!settings.remoteEmbedder) throw new Error('embedder "openai" needs a configured endpoint');
    embedder = settings.remoteEmbedder;
  } else {
    const stored = loadTypedArrays(path.join(directory, 'embedder.bin'));
    if (!sameStamp(stored.buildStamp, manifest)) throw new Error(`embedder.bin in ${directory} belongs to another build`);
    const shape = stored.shape as Uint32Array;
    embedder = new LocalLsaEmbedder(tokenizer, {
      idf: stored.idf as Float32Array,
      projection: stored.projection as Float32Array,
      buckets: shape[0]!,
      latentDimensions: shape[1]!,
      hashedDimensions: shape[2]!,
    });
  }
  const vectorIndex = HnswVectorIndex.load(path.join(directory, 'vectors.hnsw'), manifest.dimension);
  // Files from different builds (a partial copy, a restored backup) load without error but make
  // every later query fail; refuse them here so that openKnowledgeIndex rebuilds instead.
  if (chunks.length !== manifest.chunkCount || units.length !== manifest.unitCount || vectorIndex.size !== manifest.unitCount || vocabulary.length + 1 !== bm25.termOffsets.length) {
    throw new Error(`the index in ${directory} is inconsistent with its manifest`);
  }
  const retriever = new HybridRetriever(tokenizer, keywordIndex, vectorIndex, embedder, chunks, units, settings.fusion);
  return { manifest, tokenizer, chunks, units, keywordIndex, vectorIndex, embedder, retriever };
}

/**
 * The index for a knowledge directory: loaded from `indexDirectory` when its manifest matches the
 * current files and settings, otherwise built and saved.
 */
export async function openKnowledgeIndex(knowledgeDirectory: string, indexDirectory: string, settings: IndexSettings, options: { force?: boolean; onProgress?: BuildProgress } = {}): Promise<{ index: KnowledgeIndex; rebuilt: boolean }> {
  const knowledge = await loadKnowledge(knowledgeDirectory);
  const hash = contentHash(knowledge, settings);
  const manifest = readManifest(indexDirectory);
  if (!options.force && manifest && manifest.contentHash === hash) {
    try {
      return { index: loadKnowledgeIndex(indexDirectory, settings), rebuilt: false };
    } catch {
      // A damaged index is rebuilt below rather than failing the start.
    }
  }
  const built = await buildKnowledgeIndex(knowledge, settings, options.onProgress);
  options.onProgress?.('save', 0, 1);
  saveKnowledgeIndex(indexDirectory, built);
  options.onProgress?.('save', 1, 1);
  return { index: built.index, rebuilt: true };
}
