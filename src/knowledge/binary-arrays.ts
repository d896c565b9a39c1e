import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Saves named typed arrays in one file (a JSON header, then 8-byte-aligned raw data) and loads them
 * back as views over one buffer: loading 100k chunks' tables is a single read, no parsing.
 */
type Typed = Float32Array | Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;
const constructors = { Float32Array, Float64Array, Uint32Array, Uint16Array, Uint8Array, Int32Array } as const;
type TypeName = keyof typeof constructors;

export function saveTypedArrays(file: string, arrays: Record<string, Typed>): void {
  const entries = Object.entries(arrays);
  let offset = 0;
  const layout = entries.map(([name, array]) => {
    const item = { name, type: array.constructor.name as TypeName, offset, length: array.length };
    offset += Math.ceil(array.byteLength / 8) * 8;
    return item;
  });
  const header = Buffer.from(JSON.stringify(layout));
  const headerPadded = Math.ceil((header.length + 4) / 8) * 8;
  const out = Buffer.alloc(headerPadded + offset);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  entries.forEach(([, array], index) => {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, headerPadded + layout[index]!.offset);
  });
  writeFileSync(file, out);
}

export function loadTypedArrays(file: string): Record<string, Typed> {
  const data = readFileSync(file);
  // Copy into a fresh, aligned ArrayBuffer so every view is aligned regardless of Buffer pooling.
  const buffer = new ArrayBuffer(data.length);
  new Uint8Array(buffer).set(data);
  const headerLength = data.readUInt32LE(0);
  const layout = JSON.parse(data.subarray(4, 4 + headerLength).toString()) as Array<{ name: string; type: TypeName; offset: number; length: number }>;
  const base = Math.ceil((headerLength + 4) / 8) * 8;
  const result: Record<string, Typed> = {};
  for (const item of layout) {
    const Constructor = constructors[item.type];
    result[item.name] = new Constructor(buffer, base + item.offset, item.length);
  }
  return result;
}
