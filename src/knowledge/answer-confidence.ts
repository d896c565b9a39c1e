import type { RetrievalResult } from './hybrid-retriever.js';

/**
 * How sure kefu is that the top result answers the question: a logistic model over a few retrieval
 * signals, fitted at index build time on our own data (see calibration.ts), with the threshold below
 * which kefu says it does not know.
 */
export interface ConfidenceModel {
  weights: number[];
  bias: number;
  /** Confidence at or above which kefu answers. */
  threshold: number;
}

/**
 * When most of a question's informative words never occur in the knowledge base, the question is
 * about something kefu was not told ("明天上海会下雨吗"), however well a common word matches.
 */
export const UNKNOWN_SHARE_LIMIT = 0.6;

/** The confidence of the top result, 0 when the question is mostly about unknown things. */
export function answerConfidence(model: ConfidenceModel, retrieval: RetrievalResult): number {
  if (retrieval.unknownShare >= UNKNOWN_SHARE_LIMIT) return 0;
  return scoreConfidence(model, confidenceFeatures(retrieval));
}

export function confidenceFeatures(retrieval: RetrievalResult): number[] {
  const top = retrieval.results[0];
  if (!top) return [0, 0, 1, 0, 0, 0, 1, 1];
  const agreement = top.keywordRank === 0 && top.vectorRank === 0 ? 1 : 0;
  return [
    retrieval.keywordShare,
    retrieval.topCoverage,
    retrieval.unknownShare,
    retrieval.vectorTopSimilarity,
    retrieval.questionSimilarity,
    agreement,
    retrieval.topMissingWeight,
    retrieval.unknownMaxWeight,
  ];
}

export const FEATURE_NAMES = ['keywordShare', 'topCoverage', 'unknownShare', 'vectorTopSimilarity', 'questionSimilarity', 'agreement', 'topMissingWeight', 'unknownMaxWeight'];

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

export function scoreConfidence(model: ConfidenceModel, features: number[]): number {
  let sum = model.bias;
  features.forEach((value, i) => (sum += value * (model.weights[i] ?? 0)));
  return sigmoid(sum);
}

/** Class-balanced logistic regression by batch gradient descent with a little L2; deterministic. */
export function fitLogistic(samples: Array<{ features: number[]; label: 0 | 1 }>, iterations = 3000, learningRate = 0.5, l2 = 1e-3): { weights: number[]; bias: number } {
  const dimensions = samples[0]?.features.length ?? 0;
  const weights = new Array<number>(dimensions).fill(0);
  let bias = 0;
  const positives = samples.filter((sample) => sample.label === 1).length;
  const negatives = samples.length - positives;
  if (positives === 0 || negatives === 0) return { weights, bias: positives > 0 ? 4 : -4 };
  const classWeight = (label: 0 | 1) => (label === 1 ? samples.length / (2 * positives) : samples.length / (2 * negatives));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(dimensions).fill(0);
    let biasGradient = 0;
    for (const sample of samples) {
      let sum = bias;
      for (let j = 0; j < dimensions; j++) sum += weights[j]! * sample.features[j]!;
      const error = (sigmoid(sum) - sample.label) * classWeight(sample.label);
      for (let j = 0; j < dimensions; j++) gradient[j]! += error * sample.features[j]!;
      biasGradient += error;
    }
    for (let j = 0; j < dimensions; j++) weights[j]! -= learningRate * (gradient[j]! / samples.length + l2 * weights[j]!);
    bias -= (learningRate * biasGradient) / samples.length;
  }
  return { weights, bias };
}
