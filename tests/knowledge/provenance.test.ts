import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeEntry, type LoadedKnowledge, type Provenance } from '../../src/knowledge/index.js';
import { kbDir, seedsDir } from './knowledge-test-support.js';

/**
 * Every fact kefu cites must be checkable by a support engineer: each entry names a seed document
 * and a tight 1-based line span inside it (kb-data/README.md).
 */
const MAX_SPAN = 80;

let knowledge: LoadedKnowledge;
const seedLines = new Map<string, string[]>();

function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop(); // a final newline does not start another line (as `cat -n` counts)
  return lines;
}

/** Every cited span, with a label saying where in kb-data it comes from. */
function citedSpans(entries: KnowledgeEntry[]): Array<{ label: string; source: Provenance | null }> {
  const spans: Array<{ label: string; source: Provenance | null }> = [];
  for (const entry of entries) {
    if (entry.kind === 'faq') {
      spans.push({ label: `${entry.path} ${entry.docId}`, source: entry.source });
      continue;
    }
    spans.push({ label: `${entry.path} (front matter)`, source: entry.source });
    entry.sections.forEach((section, index) => spans.push({ label: `${entry.path} §${index} ${section.heading ?? '(intro)'}`, source: section.source }));
  }
  return spans;
}

beforeAll(async () => {
  knowledge = await loadKnowledge(kbDir);
  for (const file of readdirSync(seedsDir)) seedLines.set(file, linesOf(readFileSync(path.join(seedsDir, file), 'utf8')));
});

describe('kb-data provenance', () => {
  it('has passages and curated FAQ entries to check', () => {
    expect(knowledge.entries.filter((entry) => entry.kind === 'passage').length).toBeGreaterThan(20);
    expect(knowledge.entries.filter((entry) => entry.kind === 'faq').length).toBeGreaterThan(50);
    expect(seedLines.size).toBe(5);
  });

  it('every passage section and FAQ entry cites a seed file that exists', () => {
    const problems = citedSpans(knowledge.entries)
      .filter(({ source }) => !source || !existsSync(path.join(seedsDir, source.file)))
      .map(({ label, source }) => `${label}: ${source ? `${source.file} not in seeds` : 'no source'}`);
    expect(problems).toEqual([]);
  });

  it('every span is 1-based, ascending, inside its file and at most 80 lines', () => {
    const problems: string[] = [];
    for (const { label, source } of citedSpans(knowledge.entries)) {
      if (!source) continue;
      const lines = seedLines.get(source.file);
      if (!lines) continue;
      const [from, to] = source.lines;
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || from > to) problems.push(`${label}: bad span ${from}-${to}`);
      else if (to > lines.length) problems.push(`${label}: ${from}-${to} ends past line ${lines.length} of ${source.file}`);
      else if (to - from + 1 > MAX_SPAN) problems.push(`${label}: ${from}-${to} covers ${to - from + 1} lines`);
    }
    expect(problems).toEqual([]);
  });

  it('no span cites only blank lines', () => {
    const problems = citedSpans(knowledge.entries)
      .filter(({ source }) => source && seedLines.has(source.file))
      .filter(({ source }) => seedLines.get(source!.file)!.slice(source!.lines[0] - 1, source!.lines[1]).join('').trim() === '')
      .map(({ label, source }) => `${label}: ${source!.file} ${source!.lines.join('-')}`);
    expect(problems).toEqual([]);
  });

  it('a section that narrows its span stays inside the passage span', () => {
    const problems: string[] = [];
    for (const entry of knowledge.entries) {
      if (entry.kind !== 'passage' || !entry.source) continue;
      for (const section of entry.sections) {
        const span = section.source;
        if (!span) continue;
        if (span.file !== entry.source.file || span.lines[0] < entry.source.lines[0] || span.lines[1] > entry.source.lines[1]) {
          problems.push(`${entry.path} "${section.heading ?? ''}": ${span.lines.join('-')} outside ${entry.source.lines.join('-')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('phone numbers and URLs an entry states appear in the seed lines it cites', () => {
    const problems: string[] = [];
    let checked = 0;
    const facts = /\d{3,4}-\d{3,4}-?\d{3,}|https?:\/\/[A-Za-z0-9./_-]+[A-Za-z0-9/]/g;
    const check = (label: string, text: string, source: Provenance | null) => {
      if (!source || !seedLines.has(source.file)) return;
      const span = seedLines.get(source.file)!.slice(source.lines[0] - 1, source.lines[1]).join('\n');
      for (const [fact] of text.matchAll(facts)) if (++checked && !span.includes(fact)) problems.push(`${label}: "${fact}" not in ${source.file} ${source.lines.join('-')}`);
    };
    for (const entry of knowledge.entries) {
      if (entry.kind === 'faq') check(`${entry.path} ${entry.docId}`, entry.answer, entry.source);
      else for (const section of entry.sections) check(`${entry.path} "${section.heading ?? ''}"`, section.text, section.source);
    }
    expect(problems).toEqual([]);
    expect(checked, 'phone numbers and URLs found in kb-data').toBeGreaterThan(5);
  });

  it('passage and FAQ ids are unique across kb-data', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const entry of knowledge.entries) {
      const previous = seen.get(entry.docId);
      if (previous) duplicates.push(`${entry.docId}: ${previous} and ${entry.path}`);
      seen.set(entry.docId, entry.path);
    }
    expect(duplicates).toEqual([]);
  });

  it('sources.yaml lists every seed file with a vendor and a title, and nothing else', () => {
    const sources = parseYaml(readFileSync(path.join(kbDir, 'sources.yaml'), 'utf8')) as Record<string, { vendor?: string; title?: string }>;
    expect(Object.keys(sources).sort()).toEqual([...seedLines.keys()].sort());
    for (const [file, info] of Object.entries(sources)) {
      expect(info.vendor, `${file} vendor`).toMatch(/^(金蝶|蓝凌)$/);
      expect(info.title?.trim(), `${file} title`).toBeTruthy();
    }
  });

  it('every seed file is restated by at least one entry', () => {
    const cited = new Set(citedSpans(knowledge.entries).flatMap(({ source }) => (source ? [source.file] : [])));
    expect([...seedLines.keys()].filter((file) => !cited.has(file))).toEqual([]);
  });

  it('curated FAQ entries list the ways customers ask, each different from the standard question', () => {
    const curated = knowledge.entries.filter((entry) => entry.kind === 'faq' && /\.ya?ml$/.test(entry.path));
    expect(curated.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const entry of curated) {
      if (entry.kind !== 'faq') continue;
      if (entry.similar.length === 0) problems.push(`${entry.docId}: no similar questions`);
      if (entry.similar.some((question) => question.trim() === entry.question.trim())) problems.push(`${entry.docId}: a similar question repeats the standard one`);
    }
    expect(problems).toEqual([]);
  });
});
