import type { Bm25Index } from './bm25-index.js';
import { generalWordWeight } from './general-word-weight.js';
import type { Embedder } from './embedder.js';
import type { ChunkStore } from './chunk-store.js';
import type { Chunk, MatchUnit } from './knowledge-entry.js';
import type { Tokenizer } from './tokenizer.js';
import type { VectorIndex } from './vector-index.js';

/**
 * BM25 and vector search over match units, each collapsed to chunks (a chunk scores as its best
 * unit, so a FAQ similar-question match counts for its entry), fused by weighted reciprocal rank
 * over chunk ids — never over text.
 */
export interface FusionSettings {
  keywordWeight: number;
  vectorWeight: number;
  rrfK: number;
  /** Weight of the rerank by query-word coverage (0 = plain fusion). */
  coverageWeight?: number;
}

export interface RetrievedChunk {
  chunkIndex: number;
  chunk: Chunk;
  fused: number;
  keywordRank?: number;
  keywordScore?: number;
  vectorRank?: number;
  vectorSimilarity?: number;
  /** Which unit matched best, and whether it was a FAQ question. */
  matchedRole?: MatchUnit['role'];
}

export interface RetrievalResult {
  terms: string[];
  results: RetrievedChunk[];
  /** The share of the query's term weight that the best keyword unit matched (0…1). */
  keywordShare: number;
  /** The share of the query's term weight found anywhere in the top chunk's text. */
  topCoverage: number;
  /** The share of the query's term weight carried by words the knowledge base never uses. */
  unknownShare: number;
  /** The general-language weight (÷ 14) of the most informative query word the top chunk lacks. */
  topMissingWeight: number;
  /** The general-language weight (÷ 14) of the most informative query word the knowledge base lacks. */
  unknownMaxWeight: number;
  vectorTopSimilarity: number;
  /** Best similarity of the query to a FAQ question, when the top result is a FAQ. */
  questionSimilarity: number;
}

export type RetrievalMode = 'hybrid' | 'keyword' | 'vector';

const CANDIDATES = 30;
const RERANK_DEPTH = 12;

export class HybridRetriever {
  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly keywordIndex: Bm25Index,
    private readonly vectorIndex: VectorIndex,
    private readonly embedder: Embedder,
    private readonly chunks: ChunkStore,
    private readonly units: Pick<MatchUnit, 'chunkIndex' | 'role'>[],
    private readonly fusion: FusionSettings,
  ) {
    // Parse the general-language weight table now, at start-up, not on the first customer's question.
    generalWordWeight('');
  }

  /**
   * @param options.exclude leaves match units out, as if they were not in the knowledge base
   *   (calibration asks each FAQ paraphrase with itself left out).
   */
  async retrieve(query: string, options: { k?: number; mode?: RetrievalMode; exclude?: (unit: number) => boolean; queryVector?: Float32Array } = {}): Promise<RetrievalResult> {
    const k = options.k ?? 5;
    const mode = options.mode ?? 'hybrid';
    const terms = this.tokenizer.tokens(query);
    const queryTerms = this.describeTerms(terms);
    const exclude = options.exclude;
    const keywordHits = mode === 'vector' ? [] : this.keywordIndex.search(terms, CANDIDATES, exclude ? { exclude } : {});
    const queryVector = mode === 'keyword' ? undefined : (options.queryVector ?? (await this.embedder.embedQuery(query)));
    const vectorHits = queryVector ? this.vectorIndex.search(queryVector, CANDIDATES * 2, exclude ? { exclude } : {}) : [];

    const byChunk = new Map<number, RetrievedChunk>();
    const entry = (chunkIndex: number) => {
      let item = byChunk.get(chunkIndex);
      if (!item) {
        item = { chunkIndex, chunk: this.chunks.get(chunkIndex), fused: 0 };
        byChunk.set(chunkIndex, item);
      }
      return item;
    };
    keywordHits.forEach((hit, rank) => {
      const item = entry(hit.chunkIndex);
      item.keywordRank = rank;
      item.keywordScore = hit.score;
      item.matchedRole = this.units[hit.unitIndex]!.role;
      item.fused += this.fusion.keywordWeight / (this.fusion.rrfK + rank + 1);
    });
    let vectorRank = 0;
    let questionSimilarity = 0;
    for (const hit of vectorHits) {
      const unit = this.units[hit.label]!;
      const item = byChunk.get(unit.chunkIndex);
      if (item?.vectorRank !== undefined) continue; // the chunk's best unit came first
      const target = item ?? entry(unit.chunkIndex);
      target.vectorRank = vectorRank;
      target.vectorSimilarity = hit.similarity;
      if (target.matchedRole === undefined) target.matchedRole = unit.role;
      target.fused += this.fusion.vectorWeight / (this.fusion.rrfK + vectorRank + 1);
      vectorRank++;
      if (vectorRank >= CANDIDATES) break;
    }
    let results = [...byChunk.values()].sort((a, b) => b.fused - a.fused || a.chunkIndex - b.chunkIndex);
    const coverageWeight = this.fusion.coverageWeight ?? 0;
    if (coverageWeight > 0 && results.length > 1) {
      // Rank fusion forgets how much of the question a chunk actually contains; among the leading
      // candidates, the one that holds the question's informative words should win.
      const head = results.slice(0, RERANK_DEPTH);
      const best = head[0]!.fused;
      for (const item of head) item.fused = item.fused / best + coverageWeight * this.coverage(queryTerms, item.chunkIndex);
      head.sort((a, b) => b.fused - a.fused || a.chunkIndex - b.chunkIndex);
      results = head;
    }
    results = results.slice(0, k);

    const maxScore = this.keywordIndex.maxScore(terms);
    const top = results[0];
    if (top && top.chunk.kind === 'faq' && queryVector) {
      for (const hit of vectorHits) {
        const unit = this.units[hit.label]!;
        if (unit.chunkIndex === top.chunkIndex && unit.role === 'question') {
          questionSimilarity = hit.similarity;
          break;
        }
      }
    }
    return {
      terms,
      results,
      keywordShare: maxScore > 0 && keywordHits[0] ? Math.min(1, keywordHits[0].score / maxScore) : 0,
      topCoverage: top ? this.coverage(queryTerms, top.chunkIndex) : 0,
      topMissingWeight: top ? this.missingWeight(queryTerms, top.chunkIndex) : 1,
      unknownShare: this.unknownShare(queryTerms, exclude),
      unknownMaxWeight: this.unknownMaxWeight(queryTerms, exclude),
      vectorTopSimilarity: vectorHits[0]?.similarity ?? 0,
      questionSimilarity,
    };
  }

  /** Each distinct query term once, with its id in the keyword index and its general weight. */
  private describeTerms(terms: string[]): QueryTerm[] {
    return [...new Set(terms)].map((term) => ({ term, id: this.keywordIndex.termId(term), weight: generalWordWeight(term) }));
  }

  /** The share of the query's general-language word weight that the chunk contains. */
  private coverage(terms: QueryTerm[], chunkIndex: number): number {
    let total = 0;
    let found = 0;
    for (const { id, weight } of terms) {
      total += weight;
      if (this.keywordIndex.chunkHasTerm(chunkIndex, id)) found += weight;
    }
    return total > 0 ? found / total : 0;
  }

  private missingWeight(terms: QueryTerm[], chunkIndex: number): number {
    let missing = 0;
    for (const { id, weight } of terms) if (!this.keywordIndex.chunkHasTerm(chunkIndex, id)) missing = Math.max(missing, weight);
    return Math.min(1, missing / 14);
  }

  private isUnknown({ term, id }: QueryTerm, exclude?: (unit: number) => boolean): boolean {
    return id < 0 || (exclude !== undefined && this.keywordIndex.documentFrequency(term, exclude) === 0);
  }

  private unknownMaxWeight(terms: QueryTerm[], exclude?: (unit: number) => boolean): number {
    let max = 0;
    for (const term of terms) if (this.isUnknown(term, exclude)) max = Math.max(max, term.weight);
    return Math.min(1, max / 14);
  }

  /** The share of the query's general-language word weight that the knowledge base never uses. */
  private unknownShare(terms: QueryTerm[], exclude?: (unit: number) => boolean): number {
    let total = 0;
    let unknown = 0;
    for (const term of terms) {
      total += term.weight;
      if (this.isUnknown(term, exclude)) unknown += term.weight;
    }
    return total > 0 ? unknown / total : 1;
  }
}

interface QueryTerm {
  term: string;
  id: number;
  weight: number;
}
