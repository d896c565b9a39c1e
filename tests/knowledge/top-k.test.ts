import { describe, expect, it } from 'vitest';
import { TopK } from '../../src/knowledge/top-k.js';
import { seededRandom } from './knowledge-test-support.js';

/** The heap must return exactly what sorting everything would: the k best, best first. */
function topByTopK(scores: number[], k: number): Array<{ id: number; score: number }> {
  const top = new TopK(k);
  scores.forEach((score, id) => top.push(id, score));
  return top.result();
}

function topBySort(scores: number[], k: number): Array<{ id: number; score: number }> {
  return scores
    .map((score, id) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, Math.max(0, k));
}

describe('TopK against a full sort', () => {
  const random = seededRandom(2024);

  it.each([0, 1, 2, 7, 100, 1000, 5000])('distinct random scores, n = %i, for several k', (n) => {
    const scores = Array.from({ length: n }, () => random() * 200 - 100);
    for (const k of [0, 1, 3, 10, 64, n, n + 5]) {
      expect(topByTopK(scores, k), `k = ${k}`).toEqual(topBySort(scores, k));
    }
  });

  it('many tied scores: the right scores, each id once and with its own score', () => {
    for (let round = 0; round < 20; round++) {
      const scores = Array.from({ length: 500 }, () => Math.floor(random() * 8)); // only 8 distinct values
      const k = 1 + Math.floor(random() * 60);
      const result = topByTopK(scores, k);
      expect(result.map((item) => item.score)).toEqual(topBySort(scores, k).map((item) => item.score));
      expect(new Set(result.map((item) => item.id)).size).toBe(result.length);
      for (const item of result) expect(item.score).toBe(scores[item.id]);
      // equal scores come out in id order
      for (let i = 1; i < result.length; i++) if (result[i]!.score === result[i - 1]!.score) expect(result[i]!.id).toBeGreaterThan(result[i - 1]!.id);
    }
  });

  it('ascending, descending and constant streams', () => {
    const ascending = Array.from({ length: 300 }, (_, i) => i);
    const descending = ascending.slice().reverse();
    const constant = ascending.map(() => 1.5);
    for (const scores of [ascending, descending]) expect(topByTopK(scores, 10)).toEqual(topBySort(scores, 10));
    expect(topByTopK(constant, 5).map((item) => item.score)).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
  });

  it('keeps full double precision and large ids', () => {
    const top = new TopK(2);
    top.push(4_000_000_000, 0.1 + 0.2);
    top.push(1, 0.3);
    top.push(2, 0.30000000000000004);
    expect(top.result()).toEqual([
      { id: 2, score: 0.30000000000000004 },
      { id: 4_000_000_000, score: 0.30000000000000004 },
    ]);
  });

  it('result() can be read twice and pushing more afterwards still works', () => {
    const top = new TopK(3);
    [5, 1, 9, 3].forEach((score, id) => top.push(id, score));
    expect(top.result()).toEqual(top.result());
    top.push(10, 7);
    expect(top.result().map((item) => item.score)).toEqual([9, 7, 5]);
  });
});
