import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KnowledgeFileError } from '../../shared/errors.js';
import type { SeverityExample } from './severity-model.js';

/** The examples shipped with kefu: kb-data/severity/examples.jsonl at the repository root. */
export const bundledExamplesFile = fileURLToPath(new URL('../../../kb-data/severity/examples.jsonl', import.meta.url));

const exampleSchema = z.object({
  text: z.string().trim().min(1),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  history: z.array(z.string()).optional(),
});

/**
 * Parses examples.jsonl. A bad line fails the whole load with its file and line number: a
 * silently skipped example would quietly change what the model learns.
 */
export function parseSeverityExamples(content: string, file: string): SeverityExample[] {
  const examples: SeverityExample[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new KnowledgeFileError(file, index + 1, 'not a JSON object');
    }
    const parsed = exampleSchema.safeParse(json);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
      throw new KnowledgeFileError(file, index + 1, reason);
    }
    const { text, level, history } = parsed.data;
    examples.push(history && history.length > 0 ? { text, level, history } : { text, level });
  });
  return examples;
}

export function readSeverityExamples(file: string = bundledExamplesFile): SeverityExample[] {
  return parseSeverityExamples(readFileSync(file, 'utf8'), file);
}
