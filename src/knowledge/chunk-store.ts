import { readFileSync, writeFileSync } from 'node:fs';
import type { Chunk } from './knowledge-entry.js';

/**
 * The chunks of an index, kept as one UTF-8 buffer of JSON records with their offsets and decoded
 * only when a chunk is shown or cited. Loading 100k chunks is then one read instead of parsing tens
 * of megabytes into objects that a query touches a handful of.
 */
export class ChunkStore implements Iterable<Chunk> {
  private readonly decoded: Array<Chunk | undefined>;

  private constructor(private readonly data: Buffer, private readonly offsets: Uint32Array) {
    this.decoded = new Array(offsets.length - 1);
  }

  static fromChunks(chunks: Chunk[]): ChunkStore {
    const parts = chunks.map((chunk) => Buffer.from(JSON.stringify(chunk)));
    const offsets = new Uint32Array(parts.length + 1);
    parts.forEach((part, i) => (offsets[i + 1] = offsets[i]! + part.length));
    const store = new ChunkStore(Buffer.concat(parts), offsets);
    chunks.forEach((chunk, i) => (store.decoded[i] = chunk));
    return store;
  }

  /** File layout: uint32 count, (count + 1) uint32 offsets, then the records. */
  save(file: string): void {
    const header = Buffer.alloc(4 + this.offsets.byteLength);
    header.writeUInt32LE(this.length, 0);
    Buffer.from(this.offsets.buffer, this.offsets.byteOffset, this.offsets.byteLength).copy(header, 4);
    writeFileSync(file, Buffer.concat([header, this.data]));
  }

  static load(file: string): ChunkStore {
    const bytes = readFileSync(file);
    const count = bytes.readUInt32LE(0);
    const offsets = new Uint32Array(count + 1);
    for (let i = 0; i <= count; i++) offsets[i] = bytes.readUInt32LE(4 + i * 4);
    // A file cut short still has its offsets; reject it here rather than fail on the first answer.
    if (bytes.length !== 4 + (count + 1) * 4 + offsets[count]!) throw new Error(`${file} is truncated or damaged`);
    return new ChunkStore(bytes.subarray(4 + (count + 1) * 4), offsets);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  get(index: number): Chunk {
    let chunk = this.decoded[index];
    if (!chunk) {
      if (index < 0 || index >= this.length) throw new RangeError(`no chunk ${index}`);
      chunk = JSON.parse(this.data.toString('utf8', this.offsets[index]!, this.offsets[index + 1]!)) as Chunk;
      this.decoded[index] = chunk;
    }
    return chunk;
  }

  *[Symbol.iterator](): Iterator<Chunk> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  some(predicate: (chunk: Chunk) => boolean): boolean {
    for (const chunk of this) if (predicate(chunk)) return true;
    return false;
  }
}
