import type { Embedder } from './embedder.js';
import { normalizeVector } from './embedder.js';
import { truncatedRightSingularVectors, type SparseRows } from './randomized-svd.js';
import { featuresOf, type Tokenizer } from './tokenizer.js';

/**
 * The embedder kefu ships, learned from its own corpus at index time (no weights can be downloaded):
 *
 *  - features: jieba terms (synonyms folded) and character bigrams, hashed into 2^15 buckets and
 *    weighted by TF-IDF;
 *  - half of each vector is an LSA projection (randomized SVD of the chunk × feature matrix). FAQ
 *    chunks are trained as "standard question + similar questions + answer", so the colloquial ways
 *    customers ask and the formal words of the answer land in one latent direction;
 *  - the other half is a signed random projection of the same TF-IDF vector, which keeps the lexical
 *    precision that a low-rank projection smooths away.
 */
export interface LocalLsaModel {
  buckets: number;
  latentDimensions: number;
  hashedDimensions: number;
  idf: Float32Array;
  projection: Float32Array;
}

const BUCKETS = 1 << 15;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mix(value: number): number {
  let x = value ^ (value >>> 16);
  x = Math.imul(x, 0x45d9f3b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** bucket → sparse weight (sublinear tf), before idf. */
function bucketCounts(features: string[], buckets: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const feature of features) {
    const bucket = fnv1a(feature) & (buckets - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  for (const [bucket, count] of counts) counts.set(bucket, 1 + Math.log(count));
  return counts;
}

/** @param trainingTerms one term list per training document (a chunk with all the ways it is asked for). */
export function trainLocalLsa(trainingTerms: string[][], dimension: number, options: { maxTrainingDocuments?: number } = {}): LocalLsaModel {
  const latentDimensions = Math.floor(dimension / 2);
  const hashedDimensions = dimension - latentDimensions;
  // Learning the projection from an even sample bounds build time on very large corpora.
  const limit = options.maxTrainingDocuments ?? 8_000;
  const step = Math.max(1, trainingTerms.length / limit);
  const sample: string[][] = [];
  for (let i = 0; i < trainingTerms.length && sample.length < limit; i += step) sample.push(trainingTerms[Math.floor(i)]!);

  const rows = sample.map((terms) => bucketCounts(featuresOf(terms), BUCKETS));
  const documentFrequency = new Uint32Array(BUCKETS);
  for (const row of rows) for (const bucket of row.keys()) documentFrequency[bucket]! += 1;
  const idf = new Float32Array(BUCKETS);
  for (let b = 0; b < BUCKETS; b++) idf[b] = Math.log((1 + rows.length) / (1 + documentFrequency[b]!)) + 1;

  let nonZeros = 0;
  for (const row of rows) nonZeros += row.size;
  const matrix: SparseRows = {
    rowOffsets: new Uint32Array(rows.length + 1),
    columns: new Uint32Array(nonZeros),
    values: new Float32Array(nonZeros),
    columnCount: BUCKETS,
  };
  let at = 0;
  rows.forEach((row, index) => {
    let norm = 0;
    for (const [bucket, weight] of row) norm += (weight * idf[bucket]!) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const [bucket, weight] of row) {
      matrix.columns[at] = bucket;
      matrix.values[at] = (weight * idf[bucket]!) / norm;
      at++;
    }
    matrix.rowOffsets[index + 1] = at;
  });
  const projection = truncatedRightSingularVectors(matrix, latentDimensions, { seed: 7, powerIterations: 1 });
  return { buckets: BUCKETS, latentDimensions, hashedDimensions, idf, projection };
}

export class LocalLsaEmbedder implements Embedder {
  readonly id: string;
  readonly dimension: number;

  constructor(private readonly tokenizer: Tokenizer, private readonly model: LocalLsaModel) {
    this.dimension = model.latentDimensions + model.hashedDimensions;
    this.id = `kefu-local-lsa-v1:${this.dimension}`;
  }

  embed(text: string): Float32Array {
    return this.embedTerms(this.tokenizer.tokens(text));
  }

  /** The vector of already-tokenised text (the index build tokenises each unit once). */
  embedTerms(terms: string[]): Float32Array {
    const { buckets, latentDimensions: k, hashedDimensions: h, idf, projection } = this.model;
    const latent = new Float32Array(k);
    const hashed = new Float32Array(h);
    const counts = bucketCounts(featuresOf(terms), buckets);
    let norm = 0;
    for (const [bucket, weight] of counts) norm += (weight * idf[bucket]!) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const [bucket, weight] of counts) {
      const value = (weight * idf[bucket]!) / norm;
      const row = bucket * k;
      for (let j = 0; j < k; j++) latent[j]! += value * projection[row + j]!;
      const mixed = mix(bucket + 0x9e3779b9);
      hashed[mixed % h]! += mixed & 0x80000000 ? -value : value;
    }
    normalizeVector(latent);
    normalizeVector(hashed);
    const vector = new Float32Array(k + h);
    const half = Math.SQRT1_2;
    for (let j = 0; j < k; j++) vector[j] = latent[j]! * half;
    for (let j = 0; j < h; j++) vector[k + j] = hashed[j]! * half;
    return normalizeVector(vector);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }
}
