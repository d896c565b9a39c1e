import { describe, expect, it } from 'vitest';
import { Bm25Index, buildBm25Tables } from '../../src/knowledge/bm25-index.js';
import { seededRandom } from './knowledge-test-support.js';

/**
 * BM25 on tiny hand-made corpora, where the expected order can be argued by hand. Units are what is
 * indexed (a passage chunk, a FAQ question); several units may belong to one chunk.
 */
function indexOf(units: string[][], chunkOfUnit?: number[]): Bm25Index {
  const chunks = chunkOfUnit ?? units.map((_, i) => i);
  const chunkCount = chunks.length ? Math.max(...chunks) + 1 : 0;
  return new Bm25Index(buildBm25Tables(units, Uint32Array.from(chunks), chunkCount));
}

const filler = (n: number, word = 'pad') => Array.from({ length: n }, () => word);
const scoreOf = (index: Bm25Index, terms: string[], chunk: number) => index.search(terms, 100).find((hit) => hit.chunkIndex === chunk)?.score ?? 0;

describe('BM25 ranking', () => {
  it('the rarer query term wins: a unit with it outranks an equally long unit with a common term', () => {
    const index = indexOf([
      ['致命故障', '说明'], // 0: the rare term
      ['热线', '说明'], //     1: the common term
      ['热线', '电话'],
      ['热线', '时间'],
      ['热线', '次数'],
      ['热线', '范围'],
    ]);
    const hits = index.search(['热线', '致命故障'], 10);
    expect(hits[0]?.chunkIndex).toBe(0);
    expect(hits[0]!.score).toBeGreaterThan(scoreOf(index, ['热线', '致命故障'], 1));
    expect(index.termWeight('致命故障')).toBeGreaterThan(index.termWeight('热线'));
    expect(index.termWeight('没见过的词')).toBe(0);
  });

  it('a unit with every query term beats units with only some', () => {
    const index = indexOf([['工单', '关闭'], ['工单', '提交'], ['关闭', '时间'], ['热线', '次数']]);
    expect(index.search(['工单', '关闭'], 3)[0]?.chunkIndex).toBe(0);
  });

  it('term frequency saturates: more occurrences help less and less, and never past the bound', () => {
    const length = 20;
    const withTf = (tf: number) => [...filler(tf, '巡检'), ...filler(length - tf)];
    const tfs = [1, 2, 5, 10, 20];
    const index = indexOf([...tfs.map(withTf), filler(length, 'other'), filler(length, 'more')]);
    const scores = tfs.map((_, chunk) => scoreOf(index, ['巡检'], chunk));
    for (let i = 1; i < scores.length; i++) expect(scores[i]!, `tf ${tfs[i]}`).toBeGreaterThan(scores[i - 1]!);
    const perExtra = (a: number, b: number) => (scores[b]! - scores[a]!) / (tfs[b]! - tfs[a]!);
    expect(perExtra(0, 1)).toBeGreaterThan(perExtra(1, 2));
    expect(perExtra(1, 2)).toBeGreaterThan(perExtra(2, 3));
    expect(perExtra(2, 3)).toBeGreaterThan(perExtra(3, 4));
    expect(scores[4]! / scores[0]!).toBeLessThan(2.2); // k1 + 1 with k1 = 1.2
    expect(scores[4]!).toBeLessThanOrEqual(index.maxScore(['巡检']) + 1e-6);
  });

  it('length normalisation: the same single match counts more in a short unit than in a long one', () => {
    const index = indexOf([
      ['云备份', ...filler(30)], // 0: long
      ['云备份', 'pad'], //        1: short
      filler(10, 'other'),
    ]);
    const hits = index.search(['云备份'], 5);
    expect(hits.map((hit) => hit.chunkIndex)).toEqual([1, 0]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('an unknown or empty query finds nothing; k limits the hits, best first', () => {
    const index = indexOf([['a', 'b'], ['a'], ['a', 'c'], ['b']]);
    expect(index.search([], 5)).toEqual([]);
    expect(index.search(['zzz'], 5)).toEqual([]);
    expect(index.search(['a'], 0)).toEqual([]);
    const two = index.search(['a', 'b'], 2);
    expect(two).toHaveLength(2);
    expect(two[0]!.score).toBeGreaterThanOrEqual(two[1]!.score);
    expect(index.search(['a', 'b'], 10)).toHaveLength(4);
  });
});

describe('FAQ-style units collapse to their chunk', () => {
  // chunk 0 is a FAQ entry matched by three questions; chunk 1 a passage chunk; chunk 2 another FAQ.
  const units = [
    ['热线', '几次'], //                       0 → chunk 0
    ['热线', '一年', '几次', '能', '打'], //    1 → chunk 0
    ['电话', '次数', '限制'], //               2 → chunk 0
    ['热线', '服务', '时间', '7x24', '全天'], // 3 → chunk 1
    ['工单', '关闭'], //                       4 → chunk 2
  ];
  const chunkOfUnit = [0, 0, 0, 1, 2];

  it('a chunk appears once, scored as its best unit (not the sum), naming that unit', () => {
    const collapsed = indexOf(units, chunkOfUnit);
    const perUnit = indexOf(units); // same units, each its own chunk: the units' own scores
    const query = ['热线', '几次'];
    const hits = collapsed.search(query, 10);
    expect(hits.filter((hit) => hit.chunkIndex === 0)).toHaveLength(1);
    const best = hits.find((hit) => hit.chunkIndex === 0)!;
    const unitScores = [0, 1, 2].map((unit) => scoreOf(perUnit, query, unit));
    expect(best.score).toBeCloseTo(Math.max(...unitScores), 5);
    expect(best.unitIndex).toBe(unitScores.indexOf(Math.max(...unitScores)));
    expect(best.score).toBeLessThan(unitScores.reduce((a, b) => a + b, 0));
    expect(hits[0]?.chunkIndex).toBe(0);
  });

  it('exclude leaves units out: the chunk falls back to its next best unit, or disappears', () => {
    const index = indexOf(units, chunkOfUnit);
    const query = ['热线', '几次'];
    const full = index.search(query, 10).find((hit) => hit.chunkIndex === 0)!;
    const withoutBest = index.search(query, 10, { exclude: (unit) => unit === full.unitIndex }).find((hit) => hit.chunkIndex === 0);
    expect(withoutBest).toBeDefined();
    expect(withoutBest!.unitIndex).not.toBe(full.unitIndex);
    expect(withoutBest!.score).toBeLessThanOrEqual(full.score);
    const withoutEntry = index.search(query, 10, { exclude: (unit) => chunkOfUnit[unit] === 0 });
    expect(withoutEntry.map((hit) => hit.chunkIndex)).toEqual([1]);
    expect(index.documentFrequency('热线')).toBe(3);
    expect(index.documentFrequency('热线', (unit) => chunkOfUnit[unit] === 0)).toBe(1);
  });

  it('a search does not leak into the next one (scratch buffers are reset)', () => {
    const index = indexOf(units, chunkOfUnit);
    const fresh = () => indexOf(units, chunkOfUnit);
    index.search(['热线', '几次', '工单'], 10);
    index.search(['热线'], 1, { exclude: (unit) => unit === 1 });
    expect(index.search(['工单'], 10)).toEqual(fresh().search(['工单'], 10));
    expect(index.search(['热线', '时间'], 10)).toEqual(fresh().search(['热线', '时间'], 10));
  });
});

describe('agrees with textbook Okapi BM25 (k1 = 1.2, b = 0.75) on a random corpus', () => {
  it('every hit carries the reference score, and the hits are the reference top k', () => {
    const random = seededRandom(7);
    const vocabulary = Array.from({ length: 60 }, (_, i) => `w${i}`);
    // Zipf-like draw, so some terms are common and some rare.
    const draw = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(vocabulary.length * random() ** 2.5))]!;
    const units = Array.from({ length: 300 }, () => Array.from({ length: 3 + Math.floor(random() * 25) }, draw));
    const index = indexOf(units);
    const averageLength = units.reduce((sum, unit) => sum + unit.length, 0) / units.length;
    const reference = (query: string[]) =>
      units.map((unit) => {
        let score = 0;
        for (const term of new Set(query)) {
          const tf = unit.filter((word) => word === term).length;
          if (!tf) continue;
          const df = units.filter((other) => other.includes(term)).length;
          const idf = Math.log(1 + (units.length - df + 0.5) / (df + 0.5));
          score += (idf * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * unit.length) / averageLength));
        }
        return score;
      });
    for (let q = 0; q < 25; q++) {
      const query = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, draw))];
      const expected = reference(query);
      const hits = index.search(query, 10);
      const best = expected.filter((score) => score > 0).sort((a, b) => b - a).slice(0, 10);
      expect(hits.map((hit) => hit.score)).toEqual(best.map((score) => expect.closeTo(score, 3)));
      for (const hit of hits) expect(hit.score).toBeCloseTo(expected[hit.chunkIndex]!, 3);
    }
  });
});
