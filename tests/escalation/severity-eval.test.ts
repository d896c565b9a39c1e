import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../eval/severity-eval.js';

describe('severity evaluation metrics', () => {
  const items = [
    { id: 'a', level: 1 },
    { id: 'b', level: 1 },
    { id: 'c', level: 2 },
    { id: 'd', level: 3 },
    { id: 'e', level: 4 },
    { id: 'f', level: 5 },
  ];

  it('scores a perfect run as perfect', () => {
    const predictions = new Map(items.map((item) => [item.id, item.level]));
    const metrics = computeMetrics(items, predictions);
    expect(metrics.accuracy).toBe(1);
    expect(metrics.macroF1).toBe(1);
    expect(metrics.critical).toMatchObject({ recall: 1, precision: 1 });
  });

  it('counts a missed outage against critical recall and puts it in the right cell', () => {
    const predictions = new Map<string, number | null>([
      ['a', 1],
      ['b', 3], // missed outage
      ['c', 1], // false alarm
      ['d', 3],
      ['e', 4],
      ['f', null], // the classifier failed on this line
    ]);
    const metrics = computeMetrics(items, predictions);
    expect(metrics.failures).toBe(1);
    expect(metrics.accuracy).toBeCloseTo(3 / 6);
    expect(metrics.critical).toMatchObject({ recall: 0.5, precision: 0.5, falseNegatives: 1, falsePositives: 1 });
    expect(metrics.confusion[0]).toEqual([1, 0, 1, 0, 0]); // actual 1: predicted 1 once, 3 once
    expect(metrics.confusion[1]).toEqual([1, 0, 0, 0, 0]);
    expect(metrics.perLevel[1]).toMatchObject({ precision: 0.5, recall: 0.5, support: 2 });
    expect(metrics.perLevel[5]).toMatchObject({ recall: 0, support: 1 });
  });
});
