import { loadConfig } from '../config/index.js';
import type { Answer, RetrievalMode } from '../knowledge/index.js';
import { mapJsonLines, parseArguments } from './json-lines.js';
import { openKnowledgeBase } from './open-knowledge-base.js';

/** The wire form of ../shared/eval/README.md: citations with docId, title, source and score. */
function toContract(id: unknown, answer: Answer): Record<string, unknown> {
  return {
    id,
    answered: answer.answered,
    answer: answer.answer,
    confidence: answer.confidence,
    citations: answer.citations.map(({ docId, title, source, score }) => ({ docId, title, source, score })),
  };
}

export async function askCommand(args: string[]): Promise<number> {
  const { flags, positional } = parseArguments(args);
  const config = loadConfig();
  const kbDir = typeof flags.get('kb-dir') === 'string' ? (flags.get('kb-dir') as string) : undefined;
  const modeFlag = flags.get('mode');
  const mode = modeFlag === 'keyword' || modeFlag === 'vector' ? (modeFlag as RetrievalMode) : undefined;
  const question = positional.join(' ');
  if (!flags.has('jsonl') && !question.trim()) {
    process.stderr.write('usage: kefu ask "热线一年能打几次"  |  kefu ask --jsonl [--kb-dir DIR]\n');
    return 2;
  }
  const { knowledgeBase } = await openKnowledgeBase(config, { ...(kbDir ? { kbDir } : {}) });
  if (flags.has('jsonl')) {
    return mapJsonLines(async (item) => {
      const question = typeof item.question === 'string' ? item.question : '';
      return toContract(item.id ?? null, await knowledgeBase.answer(question, mode ? { mode } : {}));
    });
  }
  const answer = await knowledgeBase.answer(question, mode ? { mode } : {});
  if (flags.has('json')) {
    process.stdout.write(`${JSON.stringify(toContract(null, answer), null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${answer.answer}\n`);
  if (answer.citations.length > 0) {
    process.stdout.write(`\n来源：\n`);
    for (const citation of answer.citations) {
      const where = citation.source ? `${citation.source.file} 第 ${citation.source.lines[0]}–${citation.source.lines[1]} 行` : '（无出处）';
      process.stdout.write(`  · ${citation.title} — ${where}\n`);
    }
  }
  process.stdout.write(`\n(confidence ${answer.confidence.toFixed(2)}, ${answer.answered ? answer.method : 'not answered'})\n`);
  return 0;
}
