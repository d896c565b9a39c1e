import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledExamplesFile, readSeverityExamples } from './severity-examples.js';
import { deserializeSeverityModel, hashExamples, serializeSeverityModel, trainSeverityModel, type SeverityModel } from './severity-model.js';

/**
 * Where trained models are cached: training takes most of a second, loading a cached model a few
 * milliseconds. The file name carries the hash of the examples and of the lexicon the features
 * come from, so editing examples.jsonl or the lexicons retrains on the next start with nothing to
 * invalidate by hand. `.kefu/` is gitignored.
 */
export const defaultModelCacheDir = fileURLToPath(new URL('../../../.kefu/severity/', import.meta.url));

export interface LoadModelOptions {
  examplesFile?: string;
  /** `null` disables the cache (always train, write nothing). */
  cacheDir?: string | null;
}

const loaded = new Map<string, SeverityModel>();

/** Trains (or loads from the cache) the model for an examples file; memoised per file. */
export function loadSeverityModel(options: LoadModelOptions = {}): SeverityModel {
  const examplesFile = path.resolve(options.examplesFile ?? bundledExamplesFile);
  const cacheDir = options.cacheDir === undefined ? defaultModelCacheDir : options.cacheDir;
  const memoKey = `${examplesFile}\u0000${cacheDir ?? ''}`;
  const memo = loaded.get(memoKey);
  if (memo) return memo;

  const examples = readSeverityExamples(examplesFile);
  const hash = hashExamples(examples);
  const cacheFile = cacheDir ? path.join(cacheDir, `severity-model-${hash.slice(0, 16)}.json`) : null;
  let model = cacheFile ? readCached(cacheFile, hash) : null;
  if (!model) {
    model = trainSeverityModel(examples);
    if (cacheFile) writeCached(cacheFile, model);
  }
  loaded.set(memoKey, model);
  return model;
}

/** The model trained from the bundled kb-data/severity/examples.jsonl. */
export function defaultSeverityModel(): SeverityModel {
  return loadSeverityModel();
}

function readCached(file: string, hash: string): SeverityModel | null {
  try {
    const model = deserializeSeverityModel(readFileSync(file, 'utf8'));
    return model.examplesHash === hash ? model : null;
  } catch {
    // Missing or corrupt cache: training again is always correct, just slower.
    return null;
  }
}

function writeCached(file: string, model: SeverityModel): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Models of earlier examples or features are never read again.
    for (const name of readdirSync(path.dirname(file))) {
      if (/^severity-model-[0-9a-f]{16}\.json$/.test(name) && name !== path.basename(file)) rmSync(path.join(path.dirname(file), name), { force: true });
    }
    // Write then rename, so a concurrent reader never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, serializeSeverityModel(model));
    renameSync(temporary, file);
  } catch {
    // A read-only checkout still classifies; it only trains at every start.
  }
}
