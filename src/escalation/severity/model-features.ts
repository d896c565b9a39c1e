import { createHash } from 'node:crypto';
import { extractCues } from './cue-extractor.js';
import { cueLexicon, functionEntries } from './cue-lexicon.js';
import { summarizeCues, type CueSummary } from './cue-summary.js';
import type { Cue } from './severity-types.js';
import { normalizeText } from './text-normalization.js';

/**
 * The features the statistical model sees: character bigrams and trigrams of the Chinese text
 * (no word segmenter: customers' typos and run-on sentences defeat one, and n-grams need no
 * dictionary), English words and word pairs, and the lexicon cues — so the model learns how much
 * each cue is worth and how cues combine, and generalises past the exact wording of the examples.
 */
export type FeatureVector = Map<string, number>;

/** Bump when the feature code changes, so cached models trained on the old features are dropped. */
const featureCodeVersion = 1;

/**
 * Identifies the features a model was trained on: the lexicon (its patterns are data and change
 * often) and the feature code version. Part of the cache key next to the examples' hash.
 */
export function featureFingerprint(): string {
  const lexicon = [...cueLexicon, ...functionEntries].map((entry) => [
    entry.signal,
    entry.patterns.map((pattern) => pattern.source),
    entry.negated ? [entry.negated.signal, entry.negated.negators?.source ?? ''] : null,
    entry.subjects ?? null,
  ]);
  return createHash('sha256').update(JSON.stringify([featureCodeVersion, lexicon])).digest('hex');
}

/** Features of the whole conversation; `cues` may be passed when the caller already has them. */
export function modelFeatures(text: string, history: readonly string[] = [], cues?: readonly Cue[]): FeatureVector {
  const features: FeatureVector = new Map();
  const ngrams = new Set<string>();
  for (const turn of [...history, text]) for (const gram of textNgrams(normalizeText(turn))) ngrams.add(gram);
  // Long rambling descriptions have many n-grams; scaling by 1/√n keeps them from being more
  // confident than short ones merely for being long.
  const scale = ngrams.size > 0 ? 1 / Math.sqrt(ngrams.size) : 0;
  for (const gram of ngrams) features.set(gram, scale * 3);

  const allCues = cues ?? extractCues(text, { history });
  for (const cue of allCues) features.set(`cue:${cue.signal}`, 1);
  for (const name of summaryFeatures(summarizeCues(allCues))) features.set(name, 1);
  features.set('bias', 1);
  return features;
}

/** Conjunctions of cues the scale turns on: an outage matters by who it hits. */
function summaryFeatures(summary: CueSummary): string[] {
  const names = [`scope:${summary.scope}${summary.breadth ? `-${summary.breadth}` : ''}${summary.scopeIsWeak ? '-weak' : ''}`];
  const outage = summary.systemOutage.length > 0;
  const access = summary.unspecifiedAccessFailure.length > 0;
  const fault = summary.faults.length > 0;
  if (outage) names.push(`outage+${summary.scope}`);
  if (access) names.push(`access+${summary.scope}`);
  if (fault) names.push(`fault+${summary.scope}`);
  if (!fault) names.push('no-fault');
  if (summary.request.length > 0) names.push(fault ? 'request+fault' : 'request-only');
  if (summary.politeAsk.length > 0) names.push(fault ? 'ask+fault' : 'ask-only');
  if (summary.suggestion.length > 0) names.push(fault ? 'suggestion+fault' : 'suggestion-only');
  if (summary.restWorks.length > 0) names.push('rest-works');
  if (summary.againstOutage.length > 0) names.push('against-outage');
  if (summary.workaround.length > 0) names.push('has-workaround');
  if (summary.functions.some((cue) => cue.signal === 'core-function') && fault) names.push(`core-fault+${summary.scope}`);
  return names;
}

const cjkRun = /[\u3400-\u9fff]+/g;
const latinWord = /[a-z][a-z0-9'/-]*|\d+/g;

/** Character 2- and 3-grams of each Chinese run; English words (lightly stemmed) and word pairs. */
export function textNgrams(normalized: string): string[] {
  const grams: string[] = [];
  for (const match of normalized.matchAll(cjkRun)) {
    const run = match[0];
    if (run.length === 1) grams.push(`c:${run}`);
    for (let i = 0; i + 2 <= run.length; i += 1) grams.push(`c:${run.slice(i, i + 2)}`);
    for (let i = 0; i + 3 <= run.length; i += 1) grams.push(`c:${run.slice(i, i + 3)}`);
  }
  const words = [...normalized.replace(cjkRun, ' ').matchAll(latinWord)].map((match) => stem(match[0]));
  for (let i = 0; i < words.length; i += 1) {
    grams.push(`w:${words[i]}`);
    if (i + 1 < words.length) grams.push(`w:${words[i]} ${words[i + 1]}`);
  }
  return grams;
}

/** Enough stemming that "users"/"user" and "failed"/"fail" meet; no dictionary needed. */
function stem(word: string): string {
  if (/^\d+$/.test(word)) return word.length >= 3 ? word : '#';
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
