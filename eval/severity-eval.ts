import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Severity evaluation: drives `bin/kefu classify --jsonl` as a child process — the same contract
 * the external harness uses — over a labelled set and reports accuracy, per-level precision,
 * recall and F1, macro-F1, critical recall and precision, and the 5×5 confusion matrix.
 *
 * The report holds aggregates only, never an item's text or id: looking at individual dev items
 * is how a classifier gets tuned to them (../shared/eval/README.md).
 */
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
export const defaultSeverityEvalFile = path.resolve(repositoryRoot, '../shared/eval/severity-dev.jsonl');

export interface SeverityMetrics {
  items: number;
  /** Lines the classifier answered with an error or not at all: counted as wrong. */
  failures: number;
  accuracy: number;
  perLevel: Record<1 | 2 | 3 | 4 | 5, { precision: number; recall: number; f1: number; support: number }>;
  macroF1: number;
  critical: { recall: number; precision: number; truePositives: number; falseNegatives: number; falsePositives: number };
  /** confusion[actual - 1][predicted - 1] */
  confusion: number[][];
}

interface LabelledItem {
  id: string;
  text: string;
  level: number;
}

export async function evaluateSeverity(file: string = defaultSeverityEvalFile): Promise<{ metrics: SeverityMetrics; report: string }> {
  const items = parseLabelled(await readFile(file, 'utf8'), file);
  const predictions = await classifyWithCli(items);
  const metrics = computeMetrics(items, predictions);
  return { metrics, report: formatReport(metrics, path.basename(file)) };
}

function parseLabelled(content: string, file: string): LabelledItem[] {
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const item = JSON.parse(line) as { id?: unknown; text?: unknown; level?: unknown };
      if (typeof item.text !== 'string' || typeof item.level !== 'number' || item.level < 1 || item.level > 5) {
        throw new Error(`${file}:${index + 1}: needs "text" and "level" 1–5`);
      }
      return { id: String(item.id ?? `line-${index + 1}`), text: item.text, level: item.level };
    });
}

/** id → predicted level (null when the classifier failed on that line). */
async function classifyWithCli(items: LabelledItem[]): Promise<Map<string, number | null>> {
  const bin = path.join(repositoryRoot, 'bin', 'kefu');
  const child = spawn(bin, ['classify', '--jsonl'], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  child.stdin.end(items.map((item) => JSON.stringify({ id: item.id, text: item.text })).join('\n') + '\n');
  const code = await exited;
  if (code !== 0) throw new Error(`bin/kefu classify --jsonl exited with ${code}: ${stderr.trim().slice(0, 500)}`);

  const predictions = new Map<string, number | null>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const output = JSON.parse(line) as { id?: unknown; level?: unknown; error?: unknown };
    predictions.set(String(output.id), typeof output.level === 'number' && output.error === undefined ? output.level : null);
  }
  return predictions;
}

export function computeMetrics(items: Array<{ id: string; level: number }>, predictions: Map<string, number | null>): SeverityMetrics {
  const confusion = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  let correct = 0;
  let failures = 0;
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  for (const item of items) {
    const predicted = predictions.get(item.id) ?? null;
    if (predicted === null) failures += 1;
    else confusion[item.level - 1]![predicted - 1]! += 1;
    if (predicted === item.level) correct += 1;
    const actualCritical = item.level === 1;
    const predictedCritical = predicted === 1;
    if (actualCritical && predictedCritical) truePositives += 1;
    if (actualCritical && !predictedCritical) falseNegatives += 1;
    if (!actualCritical && predictedCritical) falsePositives += 1;
  }
  const perLevel = {} as SeverityMetrics['perLevel'];
  for (const level of [1, 2, 3, 4, 5] as const) {
    const k = level - 1;
    const tp = confusion[k]![k]!;
    const predictedCount = confusion.reduce((sum, row) => sum + row[k]!, 0);
    const support = items.filter((item) => item.level === level).length;
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    perLevel[level] = { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, support };
  }
  const macroF1 = Object.values(perLevel).reduce((sum, entry) => sum + entry.f1, 0) / 5;
  return {
    items: items.length,
    failures,
    accuracy: items.length > 0 ? correct / items.length : 0,
    perLevel,
    macroF1,
    critical: {
      recall: truePositives + falseNegatives > 0 ? truePositives / (truePositives + falseNegatives) : 1,
      precision: truePositives + falsePositives > 0 ? truePositives / (truePositives + falsePositives) : 1,
      truePositives,
      falseNegatives,
      falsePositives,
    },
    confusion,
  };
}

function formatReport(metrics: SeverityMetrics, name: string): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `severity — ${name}: ${metrics.items} items${metrics.failures > 0 ? `, ${metrics.failures} failed` : ''}`,
    `accuracy          ${f(metrics.accuracy)}`,
    `macro-F1          ${f(metrics.macroF1)}   (target ≥ 0.85)`,
    `critical recall   ${f(metrics.critical.recall)}   (target = 1.0; missed ${metrics.critical.falseNegatives})`,
    `critical precision ${f(metrics.critical.precision)}  (target ≥ 0.9; false alarms ${metrics.critical.falsePositives})`,
    '',
    'level  precision  recall  F1     support',
    ...([1, 2, 3, 4, 5] as const).map((level) => {
      const entry = metrics.perLevel[level];
      return `  ${level}    ${f(entry.precision)}      ${f(entry.recall)}   ${f(entry.f1)}  ${entry.support}`;
    }),
    '',
    'confusion (rows = actual, columns = predicted)',
    '        p1   p2   p3   p4   p5',
    ...metrics.confusion.map((row, i) => `  a${i + 1}  ${row.map((n) => String(n).padStart(4)).join(' ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2] ? path.resolve(process.argv[2]) : defaultSeverityEvalFile;
  evaluateSeverity(file).then(
    ({ report }) => process.stdout.write(report),
    (error: unknown) => {
      process.stderr.write(`severity-eval: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
