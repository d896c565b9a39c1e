import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { LineCounter, parseDocument, isSeq, isMap, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { KnowledgeFileError } from '../shared/errors.js';
import type { FaqEntry, KnowledgeEntry, PassageEntry, PassageSection, Provenance } from './knowledge-entry.js';

/**
 * Reads a knowledge directory in the formats of kb-data/README.md. Every problem is reported as a
 * KnowledgeFileError naming the file (relative to the directory), the 1-based line and the reason,
 * so an admin can fix a hand-edited file without reading code.
 */
export interface LoadedKnowledge {
  entries: KnowledgeEntry[];
  /** Domain words for the tokenizer, synonym groups and stop words (empty when the files are absent). */
  dictionary: string;
  synonyms: string[][];
  stopwords: string[];
  outOfScope: string[];
  /** Every file that went into the load, relative path → content, for the content hash. */
  files: Map<string, string>;
}

const MAX_SPAN_LINES = 80;

const provenanceSchema = z
  .object({
    file: z.string().min(1),
    lines: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
  })
  .refine((value) => value.lines[0] <= value.lines[1], { message: 'lines must be [from, to] with from ≤ to' })
  .refine((value) => value.lines[1] - value.lines[0] + 1 <= MAX_SPAN_LINES, {
    message: `a source span may cover at most ${MAX_SPAN_LINES} lines`,
  });

const stringList = z.union([z.string(), z.array(z.string())]).optional().transform((value) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value],
);
const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'ids use letters, digits, . _ : -');

const passageFrontMatterSchema = z.object({
  id: idSchema,
  title: z.string().min(1),
  vendor: z.string().optional(),
  product: stringList,
  tags: stringList,
  source: provenanceSchema.optional(),
});

const faqItemSchema = z.object({
  id: z.union([idSchema, z.number().transform(String)]),
  question: z.string().trim().min(1),
  similar: z.array(z.string()).optional().default([]),
  answer: z.string().trim().min(1),
  vendor: z.string().optional(),
  product: stringList,
  tags: stringList,
  source: provenanceSchema.optional(),
});

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function zodReason(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`).join('; ');
}

async function walk(dir: string, base = dir): Promise<string[]> {
  const found: string[] = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    if (item.name.startsWith('.')) continue;
    const full = path.join(dir, item.name);
    if (item.isDirectory()) found.push(...(await walk(full, base)));
    else found.push(path.relative(base, full));
  }
  return found.sort();
}

const SECTION_LINES = /^<!--\s*lines:\s*(\d+)\s*-\s*(\d+)\s*-->\s*$/;

export function parsePassage(relativePath: string, text: string): PassageEntry {
  const normalized = text.replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) throw new KnowledgeFileError(relativePath, 1, 'a passage starts with YAML front matter between two --- lines');
  const lineCounter = new LineCounter();
  const document = parseDocument(match[1]!, { lineCounter });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new KnowledgeFileError(relativePath, 1 + (first.linePos?.[0].line ?? 1), `front matter: ${first.message.split('\n')[0]}`);
  }
  const parsed = passageFrontMatterSchema.safeParse(document.toJS());
  if (!parsed.success) throw new KnowledgeFileError(relativePath, 2, `front matter: ${zodReason(parsed.error)}`);
  const front = parsed.data;
  const source: Provenance | null = front.source ? { file: front.source.file, lines: front.source.lines } : null;

  const bodyStartLine = lineOf(normalized, match[0].length);
  const bodyLines = normalized.slice(match[0].length).split('\n');
  const sections: PassageSection[] = [];
  let current: { heading?: string; lines: string[]; source: Provenance | null } = { lines: [], source };
  const flush = () => {
    const body = current.lines.join('\n').trim();
    if (body) sections.push({ ...(current.heading ? { heading: current.heading } : {}), text: body, source: current.source });
  };
  bodyLines.forEach((line, index) => {
    const heading = /^#{1,6}\s+(.+?)\s*$/.exec(line);
    if (heading) {
      flush();
      current = { heading: heading[1]!, lines: [], source };
      return;
    }
    const span = SECTION_LINES.exec(line.trim());
    if (span) {
      const from = Number(span[1]);
      const to = Number(span[2]);
      const fileLine = bodyStartLine + index;
      if (!source) throw new KnowledgeFileError(relativePath, fileLine, 'a section span needs a source file in the front matter');
      if (from > to || to - from + 1 > MAX_SPAN_LINES) {
        throw new KnowledgeFileError(relativePath, fileLine, `section span ${from}-${to} must be ascending and at most ${MAX_SPAN_LINES} lines`);
      }
      current.source = { file: source.file, lines: [from, to] };
      return;
    }
    current.lines.push(line);
  });
  flush();
  if (sections.length === 0) throw new KnowledgeFileError(relativePath, bodyStartLine, 'the passage has no text');
  return {
    kind: 'passage',
    docId: front.id,
    title: front.title,
    ...(front.vendor ? { vendor: front.vendor } : {}),
    product: front.product,
    tags: front.tags,
    source,
    sections,
    path: relativePath,
  };
}

function toFaq(relativePath: string, item: z.infer<typeof faqItemSchema>): FaqEntry {
  return {
    kind: 'faq',
    docId: String(item.id),
    question: item.question,
    similar: item.similar.map((question) => question.trim()).filter(Boolean),
    answer: item.answer,
    ...(item.vendor ? { vendor: item.vendor } : {}),
    product: item.product,
    tags: item.tags,
    source: item.source ? { file: item.source.file, lines: item.source.lines } : null,
    path: relativePath,
  };
}

export function parseFaqYaml(relativePath: string, text: string): FaqEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new KnowledgeFileError(relativePath, first.linePos?.[0].line ?? 1, first.message.split('\n')[0]!);
  }
  if (document.contents === null) return [];
  if (!isSeq(document.contents)) throw new KnowledgeFileError(relativePath, 1, 'a FAQ file is a YAML list of entries');
  return document.contents.items.map((node, index) => {
    const line = lineCounter.linePos((node as YamlNode).range?.[0] ?? 0).line;
    if (!isMap(node)) throw new KnowledgeFileError(relativePath, line, `entry ${index + 1} is not a mapping`);
    const parsed = faqItemSchema.safeParse(node.toJSON());
    if (!parsed.success) throw new KnowledgeFileError(relativePath, line, `entry ${index + 1}: ${zodReason(parsed.error)}`);
    return toFaq(relativePath, parsed.data);
  });
}

const plainFaqSchema = z.object({
  id: z.union([idSchema, z.number().transform(String)]),
  question: z.string().trim().min(1),
  answer: z.string().trim().min(1),
  similar: z.union([z.array(z.string()), z.string().transform((value) => value.split('|'))]).optional(),
});

export function parseFaqJsonl(relativePath: string, text: string): FaqEntry[] {
  const entries: FaqEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new KnowledgeFileError(relativePath, index + 1, `not valid JSON: ${(error as Error).message}`);
    }
    const parsed = plainFaqSchema.safeParse(value);
    if (!parsed.success) throw new KnowledgeFileError(relativePath, index + 1, zodReason(parsed.error));
    entries.push(toFaq(relativePath, { ...parsed.data, similar: parsed.data.similar ?? [], product: [], tags: [] }));
  });
  return entries;
}

export function parseFaqCsv(relativePath: string, text: string): FaqEntry[] {
  // `info` gives each record the line it ends on: a quoted cell may span several lines, so the
  // record's position in the list is not its line in the file.
  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    rows = parseCsv(text, { columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: true, info: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new KnowledgeFileError(relativePath, line, `CSV: ${(error as Error).message}`);
  }
  return rows.map(({ record, info }) => {
    const parsed = plainFaqSchema.safeParse(record);
    if (!parsed.success) throw new KnowledgeFileError(relativePath, info.lines, zodReason(parsed.error));
    return toFaq(relativePath, { ...parsed.data, similar: parsed.data.similar ?? [], product: [], tags: [] });
  });
}

function parseList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** Files with these names at the top level are settings, not entries. */
const SETTINGS_FILES = new Set(['dictionary.txt', 'synonyms.txt', 'stopwords.txt', 'out-of-scope.txt', 'sources.yaml']);

export async function loadKnowledge(directory: string): Promise<LoadedKnowledge> {
  const files = new Map<string, string>();
  const entries: KnowledgeEntry[] = [];
  const relativePaths = await walk(directory);
  for (const relativePath of relativePaths) {
    const extension = path.extname(relativePath).toLowerCase();
    const topLevel = !relativePath.includes(path.sep);
    if (relativePath.split(path.sep)[0] === 'severity') continue;
    if (path.basename(relativePath).toLowerCase() === 'readme.md') continue;
    const isSettings = topLevel && SETTINGS_FILES.has(relativePath);
    if (!isSettings && !['.md', '.yaml', '.yml', '.jsonl', '.csv'].includes(extension)) continue;
    const text = await readFile(path.join(directory, relativePath), 'utf8');
    files.set(relativePath, text);
    if (isSettings) continue;
    if (extension === '.md') entries.push(parsePassage(relativePath, text));
    else if (extension === '.jsonl') entries.push(...parseFaqJsonl(relativePath, text));
    else if (extension === '.csv') entries.push(...parseFaqCsv(relativePath, text));
    else entries.push(...parseFaqYaml(relativePath, text));
  }
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const previous = seen.get(entry.docId);
    if (previous) throw new KnowledgeFileError(entry.path, 1, `duplicate id "${entry.docId}" (also in ${previous})`);
    seen.set(entry.docId, entry.path);
  }
  const setting = (name: string) => files.get(name) ?? '';
  return {
    entries,
    dictionary: setting('dictionary.txt'),
    synonyms: parseList(setting('synonyms.txt')).map((line) => line.split(/[\s,，=]+/).filter(Boolean)).filter((group) => group.length > 1),
    stopwords: parseList(setting('stopwords.txt')),
    outOfScope: parseList(setting('out-of-scope.txt')),
    files,
  };
}
