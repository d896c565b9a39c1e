import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import type { IndexSettings, Provenance } from '../../src/knowledge/index.js';

/** Paths and helpers shared by the knowledge tests (not a test file itself). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const kbDir = path.join(repoRoot, 'kb-data');
export const seedsDir = path.resolve(repoRoot, '../shared/seeds');
export const fixturesDir = path.join(repoRoot, 'tests/fixtures/knowledge');
export const miniKbDir = path.join(fixturesDir, 'mini-kb');
export const kefuBin = path.join(repoRoot, 'bin/kefu');

/** The index settings the service uses on its embedded defaults (no environment read). */
export function defaultIndexSettings(): IndexSettings {
  const { knowledge } = loadConfig({});
  return { embedder: knowledge.embedder, dimension: knowledge.embeddingDimension, fusion: knowledge.fusion };
}

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kefu-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** A private copy of the mini-kb fixture, for tests that edit knowledge files. */
export function copyMiniKb(into: string): string {
  const target = path.join(into, 'kb');
  cpSync(miniKbDir, target, { recursive: true });
  return target;
}

export function overlaps(source: Provenance | null | undefined, file: string, lines: [number, number]): boolean {
  return !!source && source.file === file && source.lines[0] <= lines[1] && lines[0] <= source.lines[1];
}

/** Answers are compared without the spaces Chinese text puts around numbers ("4 次" = "4次"). */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

export { seededRandom } from '../../src/shared/seeded-random.js';
