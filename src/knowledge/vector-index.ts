import hnswlib from 'hnswlib-node';

/** Nearest neighbours by cosine over unit vectors; labels are match-unit indexes. */
export interface VectorIndex {
  readonly dimension: number;
  search(query: Float32Array, k: number, options?: { exclude?: (label: number) => boolean }): VectorHit[];
  save(file: string): void;
}

export interface VectorHit {
  label: number;
  /** Cosine similarity, 1 = same direction. */
  similarity: number;
}

const { HierarchicalNSW } = hnswlib;

export class HnswVectorIndex implements VectorIndex {
  private constructor(private readonly index: InstanceType<typeof HierarchicalNSW>, readonly dimension: number) {}

  static build(vectors: Float32Array[], dimension: number, options: { m?: number; efConstruction?: number; efSearch?: number; onProgress?: (done: number) => void } = {}): HnswVectorIndex {
    const index = new HierarchicalNSW('ip', dimension);
    index.initIndex({ maxElements: Math.max(1, vectors.length), m: options.m ?? 16, efConstruction: options.efConstruction ?? 48, randomSeed: 100 });
    vectors.forEach((vector, label) => {
      index.addPoint(Array.from(vector), label);
      if (options.onProgress && label % 1000 === 999) options.onProgress(label + 1);
    });
    index.setEf(options.efSearch ?? 64);
    return new HnswVectorIndex(index, dimension);
  }

  static load(file: string, dimension: number, efSearch = 64): HnswVectorIndex {
    const index = new HierarchicalNSW('ip', dimension);
    index.readIndexSync(file);
    index.setEf(efSearch);
    return new HnswVectorIndex(index, dimension);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  search(query: Float32Array, k: number, options: { exclude?: (label: number) => boolean } = {}): VectorHit[] {
    const count = Math.min(k, this.size);
    if (count === 0) return [];
    const exclude = options.exclude;
    const point = Array.from(query);
    let result: { neighbors: number[]; distances: number[] } | undefined;
    // hnswlib throws when a filter leaves fewer than k points; ask for fewer then.
    for (let wanted = count; !result && wanted >= 1; wanted = Math.floor(wanted / 2)) {
      try {
        result = exclude === undefined ? this.index.searchKnn(point, wanted) : this.index.searchKnn(point, wanted, (label: number) => !exclude(label));
      } catch {
        if (wanted === 1) return [];
      }
    }
    if (!result) return [];
    // 'ip' space reports 1 - dot product as the distance.
    return result.neighbors.map((label, i) => ({ label, similarity: 1 - result.distances[i]! }));
  }

  save(file: string): void {
    this.index.writeIndexSync(file);
  }
}
