import type { Answer, Citation } from './answer.js';
import type { RetrievalResult, RetrievedChunk } from './hybrid-retriever.js';
import type { Tokenizer } from './tokenizer.js';

/**
 * Turns retrieval into a reply without a language model: a FAQ hit answers with its curated answer;
 * otherwise the sentences of the best passage that carry the most query weight, trimmed to a
 * readable length. Below the calibrated confidence it says honestly that it does not know.
 */
const MAX_ANSWER_CHARS = 220;
const MAX_CITATIONS = 3;

export function detectLanguage(text: string): 'zh' | 'en' {
  return /[\u3400-\u9fff]/.test(text) || !/[a-z]{2,}/i.test(text) ? 'zh' : 'en';
}

export function citationsOf(results: RetrievedChunk[]): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const result of results) {
    const key = result.chunk.source ? `${result.chunk.source.file}:${result.chunk.source.lines.join('-')}` : result.chunk.chunkId;
    if (seen.has(key)) continue;
    seen.add(key);
    citations.push({
      docId: result.chunk.docId,
      chunkId: result.chunk.chunkId,
      title: result.chunk.title,
      source: result.chunk.source,
      score: Number(result.fused.toFixed(4)),
    });
    if (citations.length >= MAX_CITATIONS) break;
  }
  return citations;
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？；!?;\n])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

export function extractAnswer(text: string, queryTerms: string[], tokenizer: Tokenizer, termWeight: (term: string) => number): string {
  const parts = sentences(text);
  if (parts.length <= 1 || text.length <= MAX_ANSWER_CHARS) return text.length <= MAX_ANSWER_CHARS ? text : `${text.slice(0, MAX_ANSWER_CHARS - 1)}…`;
  const wanted = new Set(queryTerms);
  const scored = parts.map((sentence, index) => {
    let score = 0;
    for (const term of new Set(tokenizer.tokens(sentence))) if (wanted.has(term)) score += termWeight(term);
    return { sentence, index, score };
  });
  const best = scored.slice().sort((a, b) => b.score - a.score || a.index - b.index);
  const picked = new Set<number>();
  let length = 0;
  for (const candidate of best) {
    if (picked.size > 0 && (candidate.score === 0 || length + candidate.sentence.length > MAX_ANSWER_CHARS)) continue;
    picked.add(candidate.index);
    length += candidate.sentence.length;
    if (length >= MAX_ANSWER_CHARS * 0.6) break;
  }
  const answer = [...picked].sort((a, b) => a - b).map((index) => parts[index]!).join('');
  return answer.length <= MAX_ANSWER_CHARS ? answer : `${answer.slice(0, MAX_ANSWER_CHARS - 1)}…`;
}

export function refusal(language: 'zh' | 'en', confidence: number): Answer {
  return {
    answered: false,
    answer:
      language === 'en'
        ? "Sorry, I couldn't find a reliable answer to that in our service documents. I can hand you over to a support agent or open a ticket for you."
        : '抱歉，这个问题我在服务资料里没有找到可靠的答案，不想随便猜。需要的话我可以帮您转人工客服，或者直接为您提交工单。',
    confidence,
    citations: [],
    language,
    method: 'refusal',
  };
}

export function composeOfflineAnswer(question: string, retrieval: RetrievalResult, confidence: number, tokenizer: Tokenizer, termWeight: (term: string) => number): Answer {
  const language = detectLanguage(question);
  const top = retrieval.results[0]!;
  const body = top.chunk.kind === 'faq' ? top.chunk.text : extractAnswer(top.chunk.text, retrieval.terms, tokenizer, termWeight);
  const answer = language === 'en' ? `From our service documents (in Chinese): ${body}` : body;
  return {
    answered: true,
    answer,
    confidence,
    citations: citationsOf(retrieval.results),
    language,
    method: top.chunk.kind === 'faq' ? 'faq' : 'extractive',
    topic: { question, title: top.chunk.kind === 'faq' ? top.chunk.title : top.chunk.title.split(' · ')[0]! },
  };
}
