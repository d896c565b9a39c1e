import { seededRandom } from '../shared/seeded-random.js';

/**
 * Truncated SVD of a sparse matrix by the randomized range finder of Halko, Martinsson and Tropp
 * (2011): a few sparse-times-dense products and a small dense eigenproblem, so the LSA projection of
 * tens of thousands of chunks is learned in seconds in plain TypeScript.
 */
export interface SparseRows {
  rowOffsets: Uint32Array;
  columns: Uint32Array;
  values: Float32Array;
  columnCount: number;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** out (rows×l) = A (rows×cols, sparse) · M (cols×l). */
function multiply(a: SparseRows, m: Float64Array, l: number): Float64Array {
  const rows = a.rowOffsets.length - 1;
  const out = new Float64Array(rows * l);
  for (let r = 0; r < rows; r++) {
    const base = r * l;
    for (let p = a.rowOffsets[r]!; p < a.rowOffsets[r + 1]!; p++) {
      const value = a.values[p]!;
      const from = a.columns[p]! * l;
      for (let j = 0; j < l; j++) out[base + j]! += value * m[from + j]!;
    }
  }
  return out;
}

/** out (cols×l) = Aᵀ · M (rows×l). */
function multiplyTransposed(a: SparseRows, m: Float64Array, l: number): Float64Array {
  const rows = a.rowOffsets.length - 1;
  const out = new Float64Array(a.columnCount * l);
  for (let r = 0; r < rows; r++) {
    const base = r * l;
    for (let p = a.rowOffsets[r]!; p < a.rowOffsets[r + 1]!; p++) {
      const value = a.values[p]!;
      const to = a.columns[p]! * l;
      for (let j = 0; j < l; j++) out[to + j]! += value * m[base + j]!;
    }
  }
  return out;
}

/**
 * Orthonormalises the l columns of a row-major n×l matrix in place (modified Gram-Schmidt). The
 * columns are copied out to contiguous arrays first: walking a column of a row-major matrix strides
 * through memory and was most of the index build time.
 */
function orthonormalize(m: Float64Array, n: number, l: number): void {
  const columns = Array.from({ length: l }, (_, j) => {
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) column[r] = m[r * l + j]!;
    return column;
  });
  for (let j = 0; j < l; j++) {
    const current = columns[j]!;
    for (let i = 0; i < j; i++) {
      const previous = columns[i]!;
      let dot = 0;
      for (let r = 0; r < n; r++) dot += previous[r]! * current[r]!;
      if (dot !== 0) for (let r = 0; r < n; r++) current[r]! -= dot * previous[r]!;
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += current[r]! * current[r]!;
    norm = Math.sqrt(norm);
    const scale = norm > 1e-10 ? 1 / norm : 0;
    for (let r = 0; r < n; r++) current[r]! *= scale;
  }
  for (let j = 0; j < l; j++) {
    const column = columns[j]!;
    for (let r = 0; r < n; r++) m[r * l + j] = column[r]!;
  }
}

/** Eigen-decomposition of a symmetric l×l matrix by cyclic Jacobi rotations. */
function symmetricEigen(matrix: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-14) continue;
        const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i]!;
  return { values, vectors: v };
}

/**
 * The top-k right singular vectors of A, as a column-major-by-feature matrix (cols×k, row-major):
 * row c holds feature c's coordinates in the latent space. Fewer than k when A's rank is lower;
 * the missing dimensions are zero.
 */
export function truncatedRightSingularVectors(a: SparseRows, k: number, options: { oversample?: number; powerIterations?: number; seed?: number } = {}): Float32Array {
  const rows = a.rowOffsets.length - 1;
  const cols = a.columnCount;
  const l = Math.max(1, Math.min(k + (options.oversample ?? 10), rows, cols));
  const random = seededRandom(options.seed ?? 42);
  const omega = new Float64Array(cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = gaussian(random);
  let y = multiply(a, omega, l);
  orthonormalize(y, rows, l);
  for (let iteration = 0; iteration < (options.powerIterations ?? 2); iteration++) {
    const z = multiplyTransposed(a, y, l);
    orthonormalize(z, cols, l);
    y = multiply(a, z, l);
    orthonormalize(y, rows, l);
  }
  // Bᵀ = Aᵀ Q (cols×l); B Bᵀ = (Bᵀ)ᵀ Bᵀ is l×l.
  const bt = multiplyTransposed(a, y, l);
  const gram = new Float64Array(l * l);
  for (let c = 0; c < cols; c++) {
    const base = c * l;
    for (let i = 0; i < l; i++) {
      const bi = bt[base + i]!;
      if (bi === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j]! += bi * bt[base + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = symmetricEigen(gram, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y2) => values[y2]! - values[x]!);
  const kept = order.slice(0, Math.min(k, l)).filter((index) => values[index]! > 1e-9);
  // V = Bᵀ U Σ⁻¹, one column per kept eigenpair.
  const projection = new Float32Array(cols * k);
  kept.forEach((eigenIndex, column) => {
    const sigma = Math.sqrt(values[eigenIndex]!);
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      const base = c * l;
      for (let i = 0; i < l; i++) sum += bt[base + i]! * vectors[i * l + eigenIndex]!;
      projection[c * k + column] = sum / sigma;
    }
  });
  return projection;
}
