import { confidenceFeatures, fitLogistic, scoreConfidence, UNKNOWN_SHARE_LIMIT, type ConfidenceModel } from './answer-confidence.js';
import type { HybridRetriever } from './hybrid-retriever.js';
import type { Chunk, KnowledgeEntry, MatchUnit, Provenance } from './knowledge-entry.js';

/**
 * Calibrates "do I know this?" at index build time, on our own data only:
 *  - answerable: each FAQ similar question, asked with its own match unit left out of the index
 *    (as if a customer phrased it a new way); a hit is a top result whose source overlaps the
 *    entry's source span (the same rule the evaluation uses);
 *  - not answerable: the questions in kb-data/out-of-scope.txt.
 * A logistic model over retrieval signals is fitted on both, and the refusal threshold is set so
 * that at most ~2 % of correctly answered questions would be refused.
 */
export interface CalibrationReport {
  answerableSamples: number;
  /** Leave-one-out hit@1 on the answerable samples (a development figure on our own data). */
  leaveOneOutHitAt1: number;
  outOfScopeSamples: number;
  /** Of the correctly answered samples, how many the threshold would refuse. */
  falseRefusalRate: number;
  /** Of the out-of-scope questions, how many the threshold refuses. */
  outOfScopeRefusalRate: number;
  /** The trade-off: for other false-refusal rates, the threshold and the share of out-of-scope refused. */
  tradeOff: Array<{ falseRefusalRate: number; threshold: number; outOfScopeRefusalRate: number }>;
}

const MAX_ANSWERABLE_SAMPLES = 3000;
const TARGET_FALSE_REFUSALS = 0.02;

export function spansOverlap(a: Provenance | null, b: Provenance | null): boolean {
  if (!a || !b || a.file !== b.file) return false;
  return a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];
}

export async function calibrateConfidence(input: {
  retriever: HybridRetriever;
  entries: KnowledgeEntry[];
  units: MatchUnit[];
  chunks: Chunk[];
  outOfScope: string[];
  onProgress?: (done: number, total: number) => void;
}): Promise<{ model: ConfidenceModel; report: CalibrationReport }> {
  const entryById = new Map(input.entries.map((entry) => [entry.docId, entry]));
  const candidates: number[] = [];
  input.units.forEach((unit, index) => {
    if (unit.role === 'question' && input.chunks[unit.chunkIndex]!.kind === 'faq') candidates.push(index);
  });
  const stride = Math.max(1, candidates.length / MAX_ANSWERABLE_SAMPLES);
  const chosen: number[] = [];
  for (let i = 0; i < candidates.length && chosen.length < MAX_ANSWERABLE_SAMPLES; i += stride) chosen.push(candidates[Math.floor(i)]!);

  const samples: Array<{ features: number[]; label: 0 | 1 }> = [];
  // Questions the unknown-words guard refuses anyway are left out of the fit but counted below.
  let guardedPositives = 0;
  let guardedNegatives = 0;
  const total = chosen.length + input.outOfScope.length;
  let hits = 0;
  let attempts = 0;
  for (const [n, unitIndex] of chosen.entries()) {
    const unit = input.units[unitIndex]!;
    const expected = input.chunks[unit.chunkIndex]!;
    const entrySource = entryById.get(expected.docId)?.source ?? null;
    // Twice: with only this paraphrase left out (its siblings still match), and with the whole FAQ
    // entry left out (the answer must come from the passages), as a new question would.
    const leaveOut = [(u: number) => u === unitIndex, (u: number) => input.units[u]!.chunkIndex === unit.chunkIndex];
    for (const [mode, exclude] of leaveOut.entries()) {
      const retrieval = await input.retriever.retrieve(unit.text, { k: 1, exclude });
      const top = retrieval.results[0]?.chunk;
      const correct = !!top && (top.docId === expected.docId || spansOverlap(top.source, entrySource));
      if (mode === 0) attempts++;
      if (correct && mode === 0) hits++;
      if (!correct) continue;
      if (retrieval.unknownShare >= UNKNOWN_SHARE_LIMIT) guardedPositives++;
      else samples.push({ features: confidenceFeatures(retrieval), label: 1 });
    }
    if (n % 100 === 99) input.onProgress?.(n + 1, total);
  }
  for (const question of input.outOfScope) {
    const retrieval = await input.retriever.retrieve(question, { k: 1 });
    if (retrieval.unknownShare >= UNKNOWN_SHARE_LIMIT) guardedNegatives++;
    else samples.push({ features: confidenceFeatures(retrieval), label: 0 });
  }
  input.onProgress?.(total, total);

  const { weights, bias } = fitLogistic(samples);
  const score = (features: number[]) => scoreConfidence({ weights, bias, threshold: 0 }, features);
  const positives = samples.filter((sample) => sample.label === 1).map((sample) => score(sample.features)).sort((a, b) => a - b);
  const negatives = samples.filter((sample) => sample.label === 0).map((sample) => score(sample.features));
  const allPositives = positives.length + guardedPositives;
  const allNegatives = negatives.length + guardedNegatives;
  // The guard's refusals spend part of the false-refusal budget; the threshold gets the rest.
  const thresholdFor = (rate: number) => {
    const allowed = Math.floor(allPositives * rate) - guardedPositives;
    if (positives.length === 0) return 0.5;
    return Math.min(0.9, Math.max(0.05, positives[Math.max(0, Math.min(positives.length - 1, allowed))]! - 1e-6));
  };
  const refusedNegatives = (threshold: number) => (guardedNegatives + negatives.filter((value) => value < threshold).length) / Math.max(1, allNegatives);
  const threshold = thresholdFor(TARGET_FALSE_REFUSALS);
  const model: ConfidenceModel = { weights, bias, threshold };
  const tradeOff = [0.01, 0.02, 0.03, 0.05, 0.08, 0.1].map((rate) => {
    const at = thresholdFor(rate);
    return { falseRefusalRate: rate, threshold: Number(at.toFixed(4)), outOfScopeRefusalRate: Number(refusedNegatives(at).toFixed(3)) };
  });
  const report: CalibrationReport = {
    answerableSamples: chosen.length,
    leaveOneOutHitAt1: attempts ? hits / attempts : 0,
    outOfScopeSamples: allNegatives,
    falseRefusalRate: allPositives ? (guardedPositives + positives.filter((value) => value < threshold).length) / allPositives : 0,
    outOfScopeRefusalRate: refusedNegatives(threshold),
    tradeOff,
  };
  return { model, report };
}
