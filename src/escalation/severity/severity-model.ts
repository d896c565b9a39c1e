import { createHash } from 'node:crypto';
import { ValidationError } from '../../shared/errors.js';
import { featureFingerprint, modelFeatures, type FeatureVector } from './model-features.js';
import { severityLevels, type SeverityLevel } from './severity-types.js';
import { seededRandom } from '../../shared/seeded-random.js';

/**
 * A multinomial logistic regression over n-grams and cue features, trained on the examples we
 * write in kb-data/severity. Chosen over naive Bayes because its probabilities are usable as a
 * confidence, and because it weighs overlapping features (an n-gram and the cue it spells) without
 * counting the same evidence twice. Small, dependency-free and deterministic: the same examples
 * always give the same weights.
 */
export interface SeverityModel {
  readonly format: 'kefu-severity-logreg/1';
  /** sha256 of the training examples and the feature fingerprint: a cached model is checked against both. */
  readonly examplesHash: string;
  readonly exampleCount: number;
  /** feature → one weight per level (index 0 is level 1). */
  readonly weights: ReadonlyMap<string, Float64Array>;
}

/** One labelled description. `history` is the earlier turns, when the example is a dialogue. */
export interface SeverityExample {
  text: string;
  level: SeverityLevel;
  history?: string[];
}

export interface TrainingOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per step: keeps rare n-grams from memorising their one example. */
  l2?: number;
  /** An n-gram must occur in this many examples to become a feature. */
  minDocumentFrequency?: number;
  seed?: number;
}

const levelCount = severityLevels.length;

export function trainSeverityModel(examples: readonly SeverityExample[], options: TrainingOptions = {}): SeverityModel {
  if (examples.length === 0) throw new ValidationError('cannot train the severity model on no examples');
  const epochs = options.epochs ?? 60;
  const learningRate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const minDocumentFrequency = options.minDocumentFrequency ?? 2;

  const vectors = examples.map((example) => modelFeatures(example.text, example.history ?? []));
  const documentFrequency = new Map<string, number>();
  for (const vector of vectors) for (const name of vector.keys()) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  const vocabulary = [...documentFrequency.entries()]
    .filter(([name, count]) => !name.startsWith('c:') && !name.startsWith('w:') ? true : count >= minDocumentFrequency)
    .map(([name]) => name)
    .sort();
  const index = new Map(vocabulary.map((name, i) => [name, i]));

  const rows = vectors.map((vector) => {
    const indices: number[] = [];
    const values: number[] = [];
    for (const [name, value] of vector) {
      const i = index.get(name);
      if (i !== undefined) {
        indices.push(i);
        values.push(value);
      }
    }
    return { indices, values };
  });
  const targets = examples.map((example) => example.level - 1);
  const weights = new Float64Array(vocabulary.length * levelCount);

  // Plain SGD over a seeded shuffle, with a decaying step: deterministic and fast enough to train
  // at start-up (a few hundred examples take tens of milliseconds).
  const random = seededRandom(options.seed ?? 20240601);
  const order = rows.map((_, i) => i);
  const scores = new Float64Array(levelCount);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffle(order, random);
    const step = learningRate / (1 + epoch * 0.1);
    for (const r of order) {
      const row = rows[r]!;
      score(weights, row.indices, row.values, scores);
      softmaxInPlace(scores);
      const target = targets[r]!;
      for (let k = 0; k < levelCount; k += 1) {
        const gradient = (scores[k] ?? 0) - (k === target ? 1 : 0);
        for (let j = 0; j < row.indices.length; j += 1) {
          const w = row.indices[j]! * levelCount + k;
          weights[w] = (weights[w] ?? 0) * (1 - step * l2) - step * gradient * row.values[j]!;
        }
      }
    }
  }

  const byFeature = new Map<string, Float64Array>();
  vocabulary.forEach((name, i) => {
    const slice = weights.slice(i * levelCount, (i + 1) * levelCount);
    if (slice.some((w) => Math.abs(w) > 1e-6)) byFeature.set(name, slice);
  });
  return { format: 'kefu-severity-logreg/1', examplesHash: hashExamples(examples), exampleCount: examples.length, weights: byFeature };
}

/** What the model thinks of one description. */
export interface ModelPrediction {
  /** Probability per level, index 0 is level 1. */
  probabilities: number[];
  level: SeverityLevel;
  /** The n-grams that pushed hardest towards `level`, for the agent's "why". */
  topFeatures: Array<{ feature: string; weight: number }>;
}

export function predictWithModel(model: SeverityModel, features: FeatureVector): ModelPrediction {
  const scores = new Float64Array(levelCount);
  for (const [name, value] of features) {
    const w = model.weights.get(name);
    if (!w) continue;
    for (let k = 0; k < levelCount; k += 1) scores[k] = (scores[k] ?? 0) + (w[k] ?? 0) * value;
  }
  softmaxInPlace(scores);
  const probabilities = [...scores];
  let best = 0;
  for (let k = 1; k < levelCount; k += 1) if ((probabilities[k] ?? 0) > (probabilities[best] ?? 0)) best = k;

  const topFeatures = [...features]
    .filter(([name]) => name.startsWith('c:') || name.startsWith('w:'))
    .map(([name, value]) => {
      const w = model.weights.get(name);
      if (!w) return { feature: name, weight: 0 };
      const mean = w.reduce((sum, x) => sum + x, 0) / levelCount;
      return { feature: name, weight: ((w[best] ?? 0) - mean) * value };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature))
    .slice(0, 3);
  return { probabilities, level: (best + 1) as SeverityLevel, topFeatures };
}

/** The model as JSON, for the cache under .kefu/. */
export function serializeSeverityModel(model: SeverityModel): string {
  const weights: Record<string, number[]> = {};
  for (const [name, w] of model.weights) weights[name] = [...w].map((x) => Math.round(x * 1e6) / 1e6);
  return JSON.stringify({ format: model.format, examplesHash: model.examplesHash, exampleCount: model.exampleCount, weights });
}

export function deserializeSeverityModel(json: string): SeverityModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ValidationError('severity model file is not JSON', error instanceof Error ? error.message : error);
  }
  const candidate = parsed as { format?: unknown; examplesHash?: unknown; exampleCount?: unknown; weights?: unknown };
  if (candidate.format !== 'kefu-severity-logreg/1' || typeof candidate.examplesHash !== 'string' || typeof candidate.weights !== 'object' || candidate.weights === null) {
    throw new ValidationError('severity model file has an unknown format');
  }
  const weights = new Map<string, Float64Array>();
  for (const [name, w] of Object.entries(candidate.weights as Record<string, unknown>)) {
    if (!Array.isArray(w) || w.length !== levelCount || w.some((x) => typeof x !== 'number')) {
      throw new ValidationError(`severity model weight "${name}" is malformed`);
    }
    weights.set(name, Float64Array.from(w as number[]));
  }
  return {
    format: 'kefu-severity-logreg/1',
    examplesHash: candidate.examplesHash,
    exampleCount: typeof candidate.exampleCount === 'number' ? candidate.exampleCount : 0,
    weights,
  };
}

/** The cache key of a model: its examples and the features it was trained on. */
export function hashExamples(examples: readonly SeverityExample[]): string {
  const hash = createHash('sha256').update(featureFingerprint()).update('\n');
  for (const example of examples) hash.update(JSON.stringify([example.text, example.level, example.history ?? []])).update('\n');
  return hash.digest('hex');
}

function score(weights: Float64Array, indices: number[], values: number[], out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < indices.length; j += 1) {
    const base = indices[j]! * levelCount;
    const value = values[j]!;
    for (let k = 0; k < levelCount; k += 1) out[k] = (out[k] ?? 0) + (weights[base + k] ?? 0) * value;
  }
}

function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k += 1) {
    scores[k] = Math.exp((scores[k] ?? 0) - max);
    sum += scores[k] ?? 0;
  }
  for (let k = 0; k < scores.length; k += 1) scores[k] = (scores[k] ?? 0) / sum;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = order[i]!;
    order[i] = order[j]!;
    order[j] = a;
  }
}
