/**
 * npm run eval — the quality figures of ../shared/eval/README.md on the development sets:
 * retrieval (hybrid beside keyword-only and vector-only, so the fusion earns its place) and
 * severity classification. Aggregates only.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateFaq, formatFaqMetrics } from './faq-eval.js';
import { evaluateSeverity } from './severity-eval.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = process.env.KEFU_EVAL_DIR ?? path.resolve(root, '../shared/eval');

const faqFile = path.join(evalDir, 'faq-dev.jsonl');
const metrics = [];
for (const mode of ['hybrid', 'keyword', 'vector'] as const) metrics.push(await evaluateFaq(faqFile, mode));
console.log(`\n== knowledge: ${path.basename(faqFile)} (${metrics[0]!.answerable} answerable, ${metrics[0]!.unanswerable} not answerable)`);
console.log(formatFaqMetrics(metrics));
console.log('targets (hybrid): hit@1 ≥ 0.90, hit@3 ≥ 0.97, false refusals ≤ 3 %, unanswerable handled ≥ 5 of 6');

const severity = await evaluateSeverity(path.join(evalDir, 'severity-dev.jsonl'));
console.log(`\n== severity: severity-dev.jsonl`);
console.log(severity.report);
console.log('targets: critical recall = 1.0, critical precision ≥ 0.9, macro-F1 ≥ 0.85');
