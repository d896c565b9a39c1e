import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadConfig, type KefuConfig } from '../config/index.js';
import { OpenAiChatModel } from '../shared/chat-model.js';
import {
  classifySeverity,
  consultLlmSeverity,
  loadSeverityModel,
  type SeverityAssessment,
} from '../escalation/severity/index.js';

/**
 * `kefu classify "text"` prints one assessment for a person; `kefu classify --jsonl` reads
 * {"id","text"} lines from stdin and writes {"id","level","critical","confidence","cues"} lines to
 * stdout, in order, one per input line (the contract of ../shared/eval/README.md). A malformed
 * line gets {"id","error"} and the run goes on. Offline unless KEFU_SEVERITY_LLM is on and an
 * OpenAI-compatible endpoint is configured.
 */
export async function classifyCommand(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if ('error' in options) {
    process.stderr.write(`kefu classify: ${options.error}\n${usage}`);
    return 2;
  }
  const config = loadConfig();
  const model = loadSeverityModel({ examplesFile: examplesFile(config) });
  const chat = config.escalation.severityUsesLlm && config.llm ? new OpenAiChatModel(config.llm) : undefined;
  const classify = async (text: string, history: string[]) => {
    const offline = classifySeverity(text, { history, model });
    if (!chat) return offline;
    return consultLlmSeverity({
      text,
      history,
      offline,
      chat,
      timeoutMs: config.llmTimeoutMs,
      onFallback: (reason) => process.stderr.write(`kefu classify: language model not used (${reason}); offline result kept\n`),
    });
  };

  if (options.jsonl) return runJsonl(classify);
  const assessment = await classify(options.text, options.history);
  process.stdout.write(formatForPeople(assessment));
  return 0;
}

const usage = `usage: kefu classify "description" [--history "earlier turn"]...
       kefu classify --jsonl < lines.jsonl
`;

type Options = { jsonl: true } | { jsonl: false; text: string; history: string[] } | { error: string };

function parseArgs(args: string[]): Options {
  const words: string[] = [];
  const history: string[] = [];
  let jsonl = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--jsonl') jsonl = true;
    else if (arg === '--history') {
      const turn = args[i + 1];
      if (turn === undefined) return { error: '--history needs a value' };
      history.push(turn);
      i += 1;
    } else if (arg.startsWith('--')) return { error: `unknown option ${arg}` };
    else words.push(arg);
  }
  if (jsonl) return words.length > 0 ? { error: '--jsonl reads stdin; give no text' } : { jsonl: true };
  const text = words.join(' ').trim();
  return text ? { jsonl: false, text, history } : { error: 'nothing to classify' };
}

/** kb-data as configured, else the repository's own: bin/kefu works from any directory. */
function examplesFile(config: KefuConfig): string | undefined {
  const configured = path.resolve(config.knowledge.kbDir, 'severity', 'examples.jsonl');
  if (existsSync(configured)) return configured;
  const bundled = fileURLToPath(new URL('../../kb-data/severity/examples.jsonl', import.meta.url));
  return existsSync(bundled) ? bundled : undefined;
}

const inputLine = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
  history: z.array(z.string()).optional(),
});

type Classify = (text: string, history: string[]) => Promise<SeverityAssessment>;

async function runJsonl(classify: Classify): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const output = await classifyLine(line, classify);
    // Back-pressure: a slow reader of stdout must not make us buffer the whole batch.
    if (!process.stdout.write(`${JSON.stringify(output)}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  return 0;
}

async function classifyLine(line: string, classify: Classify): Promise<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { id: null, error: 'not a JSON object' };
  }
  const parsed = inputLine.safeParse(json);
  if (!parsed.success) {
    const id = typeof json === 'object' && json !== null && 'id' in json ? (json as { id: unknown }).id : null;
    const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`).join('; ');
    return { id: typeof id === 'string' || typeof id === 'number' ? id : null, error: reason };
  }
  const { id, text, history } = parsed.data;
  if (text.trim() === '') return { id, error: 'text is empty' };
  try {
    const assessment = await classify(text, history ?? []);
    return { id, level: assessment.level, critical: assessment.critical, confidence: assessment.confidence, cues: assessment.cues };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

const factNames = { scope: '影响范围 (scope)', function: '哪个功能 (function)', since: '从什么时候开始 (since)', workaround: '有没有临时办法 (workaround)' } as const;

function formatForPeople(assessment: SeverityAssessment): string {
  const lines = [
    `level:      ${assessment.level}${assessment.critical ? '  (critical — emergency hotline eligible)' : ''}`,
    `critical:   ${assessment.critical}`,
    `confidence: ${assessment.confidence.toFixed(2)}  (decided by ${assessment.decidedBy})`,
    'cues:',
    ...(assessment.cues.length > 0
      ? assessment.cues.map((cue) => `  - ${cue.kind.padEnd(10)} ${cue.signal.padEnd(20)} "${cue.phrase}" → ${cue.towards.length > 0 ? cue.towards.join('/') : '-'}${cue.turn > 0 ? ` (turn ${cue.turn})` : ''}`)
      : ['  (none)']),
    `missing:    ${assessment.missingFacts.length > 0 ? assessment.missingFacts.map((fact) => factNames[fact]).join(', ') : '(nothing)'}`,
  ];
  return `${lines.join('\n')}\n`;
}
