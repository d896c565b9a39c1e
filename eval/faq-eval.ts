import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Drives `bin/kefu ask --jsonl` over a FAQ evaluation set and scores it by the rules of
 * ../shared/eval/README.md. Prints aggregates only: the set is for measurement, not for reading.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface EvalItem {
  id: string;
  question: string;
  unanswerable?: boolean;
  evidence: Array<{ seed: string; lines: [number, number] }>;
}
interface AskResult {
  id: string;
  answered: boolean;
  citations: Array<{ source: { file: string; lines: [number, number] } | null }>;
}

export interface FaqMetrics {
  mode: string;
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt3: number;
  falseRefusals: number;
  falseRefusalRate: number;
  unanswerableHandled: number;
}

export function runKefu(args: string[], input: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'bin/kefu'), args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kefu ${args.join(' ')} exited with ${code}`))));
    child.stdin.end(input);
  });
}

function hits(result: AskResult, item: EvalItem, depth: number): boolean {
  if (!result.answered) return false;
  return result.citations.slice(0, depth).some((citation) =>
    citation.source !== null &&
    citation.source.lines[1] - citation.source.lines[0] + 1 <= 80 &&
    item.evidence.some((evidence) => evidence.seed === citation.source!.file && citation.source!.lines[0] <= evidence.lines[1] && evidence.lines[0] <= citation.source!.lines[1]),
  );
}

export async function evaluateFaq(file: string, mode: 'hybrid' | 'keyword' | 'vector' = 'hybrid'): Promise<FaqMetrics> {
  const items = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as EvalItem);
  const input = items.map((item) => JSON.stringify({ id: item.id, question: item.question })).join('\n') + '\n';
  const output = await runKefu(['ask', '--jsonl', ...(mode === 'hybrid' ? [] : ['--mode', mode])], input);
  const results = new Map(output.split('\n').filter(Boolean).map((line) => { const value = JSON.parse(line) as AskResult; return [value.id, value]; }));
  const answerable = items.filter((item) => !item.unanswerable);
  const unanswerable = items.filter((item) => item.unanswerable);
  const get = (item: EvalItem) => results.get(item.id) ?? { id: item.id, answered: false, citations: [] };
  const falseRefusals = answerable.filter((item) => !get(item).answered).length;
  return {
    mode,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: answerable.filter((item) => hits(get(item), item, 1)).length / answerable.length,
    hitAt3: answerable.filter((item) => hits(get(item), item, 3)).length / answerable.length,
    falseRefusals,
    falseRefusalRate: falseRefusals / answerable.length,
    unanswerableHandled: unanswerable.filter((item) => !get(item).answered).length,
  };
}

export function formatFaqMetrics(metrics: FaqMetrics[]): string {
  const lines = ['mode      hit@1   hit@3   false refusals   unanswerable handled'];
  for (const m of metrics) {
    lines.push(
      `${m.mode.padEnd(9)} ${m.hitAt1.toFixed(3)}   ${m.hitAt3.toFixed(3)}   ${String(m.falseRefusals).padStart(2)} (${(m.falseRefusalRate * 100).toFixed(1)} %)      ${m.unanswerableHandled} / ${m.unanswerable}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? path.resolve(root, '../shared/eval/faq-dev.jsonl');
  const metrics = [];
  for (const mode of ['hybrid', 'keyword', 'vector'] as const) metrics.push(await evaluateFaq(file, mode));
  console.log(formatFaqMetrics(metrics));
}
