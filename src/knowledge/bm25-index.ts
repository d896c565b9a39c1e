import { TopK } from './top-k.js';

/**
 * Okapi BM25 over match units (passage chunks and FAQ questions), scored per chunk as the best of
 * its units. Postings are compressed-sparse-row typed arrays; scoring accumulates into a reused
 * Float32Array and touches only the units that contain a query term.
 */
export interface KeywordIndex {
  search(terms: string[], k: number, options?: { exclude?: (unit: number) => boolean }): KeywordHit[];
}

export interface KeywordHit {
  chunkIndex: number;
  score: number;
  /** The unit that gave the chunk its score. */
  unitIndex: number;
}

export interface Bm25Tables {
  vocabulary: string[];
  termOffsets: Uint32Array;
  postingUnits: Uint32Array;
  postingFrequencies: Uint16Array;
  unitLengths: Uint16Array;
  unitChunks: Uint32Array;
  chunkCount: number;
  averageUnitLength: number;
  /** Forward index: per chunk, the sorted ids of every term in any of its units (CSR). */
  chunkTermOffsets: Uint32Array;
  chunkTermIds: Uint32Array;
}

const K1 = 1.2;
/** A term in more than this share of units (and at least COMMON_TERM_MIN_POSTINGS) is common. */
const COMMON_TERM_SHARE = 0.01;
const COMMON_TERM_MIN_POSTINGS = 1000;
const B = 0.75;

/**
 * @param forwardUnits which units feed the per-chunk forward index (the chunk's own text, not the
 *   many ways of asking for it: a FAQ's similar questions would make it "contain" everything).
 */
export function buildBm25Tables(unitTerms: string[][], unitChunks: Uint32Array, chunkCount: number, forwardUnits: (unit: number) => boolean = () => true): Bm25Tables {
  const vocabularyIndex = new Map<string, number>();
  const vocabulary: string[] = [];
  const counts: number[] = [];
  const unitLengths = new Uint16Array(unitTerms.length);
  // First pass: per-unit term frequencies and document frequencies.
  const perUnit: Array<Map<number, number>> = unitTerms.map((terms, unit) => {
    const frequencies = new Map<number, number>();
    for (const term of terms) {
      let id = vocabularyIndex.get(term);
      if (id === undefined) {
        id = vocabulary.length;
        vocabularyIndex.set(term, id);
        vocabulary.push(term);
        counts.push(0);
      }
      frequencies.set(id, (frequencies.get(id) ?? 0) + 1);
    }
    for (const id of frequencies.keys()) counts[id]! += 1;
    unitLengths[unit] = Math.min(terms.length, 65535);
    return frequencies;
  });
  const termOffsets = new Uint32Array(vocabulary.length + 1);
  for (let id = 0; id < vocabulary.length; id++) termOffsets[id + 1] = termOffsets[id]! + counts[id]!;
  const total = termOffsets[vocabulary.length]!;
  const postingUnits = new Uint32Array(total);
  const postingFrequencies = new Uint16Array(total);
  const cursor = termOffsets.slice(0, vocabulary.length);
  perUnit.forEach((frequencies, unit) => {
    for (const [id, frequency] of frequencies) {
      const at = cursor[id]!++;
      postingUnits[at] = unit;
      postingFrequencies[at] = Math.min(frequency, 65535);
    }
  });
  let lengthSum = 0;
  for (const length of unitLengths) lengthSum += length;
  const termsOfChunk: Array<Set<number>> = Array.from({ length: chunkCount }, () => new Set<number>());
  perUnit.forEach((frequencies, unit) => {
    if (!forwardUnits(unit)) return;
    const set = termsOfChunk[unitChunks[unit]!]!;
    for (const id of frequencies.keys()) set.add(id);
  });
  const chunkTermOffsets = new Uint32Array(chunkCount + 1);
  termsOfChunk.forEach((set, chunk) => (chunkTermOffsets[chunk + 1] = chunkTermOffsets[chunk]! + set.size));
  const chunkTermIds = new Uint32Array(chunkTermOffsets[chunkCount]!);
  termsOfChunk.forEach((set, chunk) => chunkTermIds.set(Uint32Array.from(set).sort(), chunkTermOffsets[chunk]!));
  return {
    chunkTermOffsets,
    chunkTermIds,
    vocabulary,
    termOffsets,
    postingUnits,
    postingFrequencies,
    unitLengths,
    unitChunks,
    chunkCount,
    averageUnitLength: unitTerms.length ? lengthSum / unitTerms.length : 0,
  };
}

export class Bm25Index implements KeywordIndex {
  private readonly termIds = new Map<string, number>();
  private readonly idf: Float32Array;
  private readonly unitScores: Float32Array;
  private readonly chunkScores: Float32Array;
  private readonly chunkBestUnit: Uint32Array;
  private readonly touchedUnits: Uint32Array;
  private readonly touchedChunks: Uint32Array;
  readonly unitCount: number;

  constructor(readonly tables: Bm25Tables) {
    tables.vocabulary.forEach((term, id) => this.termIds.set(term, id));
    this.unitCount = tables.unitLengths.length;
    this.idf = new Float32Array(tables.vocabulary.length);
    for (let id = 0; id < tables.vocabulary.length; id++) {
      const documentFrequency = tables.termOffsets[id + 1]! - tables.termOffsets[id]!;
      this.idf[id] = Math.log(1 + (this.unitCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }
    this.unitScores = new Float32Array(this.unitCount);
    this.chunkScores = new Float32Array(tables.chunkCount);
    this.chunkBestUnit = new Uint32Array(tables.chunkCount);
    this.touchedUnits = new Uint32Array(this.unitCount);
    this.touchedChunks = new Uint32Array(tables.chunkCount);
  }

  /** The term's id, or -1 when no unit contains it. */
  termId(term: string): number {
    return this.termIds.get(term) ?? -1;
  }

  /** Whether any unit of the chunk contains the term (binary search in the forward index). */
  chunkHasTerm(chunk: number, termId: number): boolean {
    if (termId < 0) return false;
    const { chunkTermOffsets, chunkTermIds } = this.tables;
    let low = chunkTermOffsets[chunk]!;
    let high = chunkTermOffsets[chunk + 1]! - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const value = chunkTermIds[middle]!;
      if (value === termId) return true;
      if (value < termId) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** The inverse document frequency of a term (0 when unknown): how much a match on it tells. */
  termWeight(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.idf[id]!;
  }

  /** The highest score a unit could get for these terms, used to express a score as a share. */
  maxScore(terms: string[]): number {
    let sum = 0;
    for (const term of new Set(terms)) sum += this.termWeight(term) * (K1 + 1);
    return sum;
  }

  /** In how many units a term occurs, not counting excluded ones (calibration leaves units out). */
  documentFrequency(term: string, exclude?: (unit: number) => boolean): number {
    const id = this.termIds.get(term);
    if (id === undefined) return 0;
    const { termOffsets, postingUnits } = this.tables;
    if (!exclude) return termOffsets[id + 1]! - termOffsets[id]!;
    let count = 0;
    for (let p = termOffsets[id]!; p < termOffsets[id + 1]!; p++) if (!exclude(postingUnits[p]!)) count++;
    return count;
  }

  search(terms: string[], k: number, options: { exclude?: (unit: number) => boolean } = {}): KeywordHit[] {
    const { termOffsets, postingUnits, postingFrequencies, unitLengths, unitChunks, averageUnitLength } = this.tables;
    let touchedUnitCount = 0;
    const queryTerms = new Map<number, number>();
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id !== undefined) queryTerms.set(id, (queryTerms.get(id) ?? 0) + 1);
    }
    // Very common terms ("服务", "多少") have postings lists as long as the corpus but decide little:
    // when the query has rarer terms, common ones only add to units the rare ones found (looked up
    // by binary search in their unit-ordered postings), as Lucene's common-terms query does.
    const cutoff = Math.max(COMMON_TERM_MIN_POSTINGS, this.unitCount * COMMON_TERM_SHARE);
    const rare: Array<[number, number]> = [];
    const common: Array<[number, number]> = [];
    const postingsOf = (id: number) => termOffsets[id + 1]! - termOffsets[id]!;
    for (const entry of queryTerms) (postingsOf(entry[0]) > cutoff ? common : rare).push(entry);
    // All terms common: the least common one finds the candidates.
    if (rare.length === 0 && common.length > 0) {
      common.sort((a, b) => postingsOf(a[0]) - postingsOf(b[0]));
      rare.push(common.shift()!);
    }
    const scoreFully = rare;
    for (const [id, queryFrequency] of scoreFully) {
      const weight = this.idf[id]! * (queryFrequency > 1 ? 1 + Math.log(queryFrequency) : 1);
      for (let p = termOffsets[id]!, end = termOffsets[id + 1]!; p < end; p++) {
        const unit = postingUnits[p]!;
        const frequency = postingFrequencies[p]!;
        const norm = K1 * (1 - B + (B * unitLengths[unit]!) / averageUnitLength);
        if (this.unitScores[unit] === 0) this.touchedUnits[touchedUnitCount++] = unit;
        this.unitScores[unit]! += (weight * frequency * (K1 + 1)) / (frequency + norm);
      }
    }
    {
      for (const [id, queryFrequency] of common) {
        const weight = this.idf[id]! * (queryFrequency > 1 ? 1 + Math.log(queryFrequency) : 1);
        const start = termOffsets[id]!;
        const end = termOffsets[id + 1]!;
        for (let i = 0; i < touchedUnitCount; i++) {
          const unit = this.touchedUnits[i]!;
          let low = start;
          let high = end - 1;
          while (low <= high) {
            const middle = (low + high) >> 1;
            const value = postingUnits[middle]!;
            if (value < unit) low = middle + 1;
            else if (value > unit) high = middle - 1;
            else {
              const frequency = postingFrequencies[middle]!;
              const norm = K1 * (1 - B + (B * unitLengths[unit]!) / averageUnitLength);
              this.unitScores[unit]! += (weight * frequency * (K1 + 1)) / (frequency + norm);
              break;
            }
          }
        }
      }
    }
    let touchedChunkCount = 0;
    for (let i = 0; i < touchedUnitCount; i++) {
      const unit = this.touchedUnits[i]!;
      const score = this.unitScores[unit]!;
      this.unitScores[unit] = 0;
      if (options.exclude?.(unit)) continue;
      const chunk = unitChunks[unit]!;
      if (this.chunkScores[chunk] === 0) this.touchedChunks[touchedChunkCount++] = chunk;
      if (score > this.chunkScores[chunk]!) {
        this.chunkScores[chunk] = score;
        this.chunkBestUnit[chunk] = unit;
      }
    }
    const top = new TopK(k);
    for (let i = 0; i < touchedChunkCount; i++) {
      const chunk = this.touchedChunks[i]!;
      top.push(chunk, this.chunkScores[chunk]!);
      this.chunkScores[chunk] = 0;
    }
    return top.result().map(({ id, score }) => ({ chunkIndex: id, score, unitIndex: this.chunkBestUnit[id]! }));
  }
}
