/**
 * The k best (id, score) pairs of a stream, with a fixed-size min-heap in typed arrays: O(n log k)
 * and no allocation per candidate, which matters when a common term touches most of 100k chunks.
 */
export class TopK {
  private readonly ids: Uint32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.ids = new Uint32Array(Math.max(1, k));
    this.scores = new Float64Array(Math.max(1, k));
  }

  push(id: number, score: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.ids[i] = this.ids[parent]!;
        this.scores[i] = this.scores[parent]!;
        i = parent;
      }
      this.ids[i] = id;
      this.scores[i] = score;
      return;
    }
    if (score <= this.scores[0]!) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const smaller = right < this.size && this.scores[right]! < this.scores[left]! ? right : left;
      if (this.scores[smaller]! >= score) break;
      this.ids[i] = this.ids[smaller]!;
      this.scores[i] = this.scores[smaller]!;
      i = smaller;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  /** Best first. */
  result(): Array<{ id: number; score: number }> {
    const out: Array<{ id: number; score: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}
