import type { ChatModel } from '../shared/chat-model.js';
import type { Answer } from './answer.js';
import { composeOfflineAnswer, detectLanguage, refusal } from './answer-composer.js';
import { answerConfidence } from './answer-confidence.js';
import { resolveFollowUp, type ConversationTopic } from './follow-up.js';
import type { RetrievalMode } from './hybrid-retriever.js';
import type { KnowledgeIndex } from './knowledge-index.js';
import { writeAnswerWithModel } from './llm-answer-writer.js';

/** The question-answering service the engine and the CLI call. */
export interface AnswerContext {
  /** The previous turn's topic, for follow-ups. */
  previous?: ConversationTopic;
  /** For comparisons in the evaluation: keyword-only or vector-only retrieval. */
  mode?: RetrievalMode;
}

/** Longer input is cut before retrieval: nobody's question is 100 KB, and tokenising it is wasted work. */
const MAX_QUESTION_CHARS = 500;

export class KnowledgeBase {
  constructor(
    readonly index: KnowledgeIndex,
    private readonly options: { minConfidence?: number; chatModel?: ChatModel; llmTimeoutMs?: number } = {},
  ) {}

  get threshold(): number {
    return this.options.minConfidence ?? this.index.manifest.confidence.threshold;
  }

  async answer(rawQuestion: string, context: AnswerContext = {}): Promise<Answer> {
    const question = String(rawQuestion ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/g, ' ').trim().slice(0, MAX_QUESTION_CHARS);
    const language = detectLanguage(question);
    const { query } = resolveFollowUp(question, context.previous);
    // Retrieval tokenises the query once; a question with no searchable word gets a prompt back.
    const retrieval = await this.index.retriever.retrieve(query, { k: 5, ...(context.mode ? { mode: context.mode } : {}) });
    if (retrieval.terms.length === 0) {
      return {
        answered: false,
        answer: language === 'en' ? 'Could you describe your question in a few words?' : '您好，请用一两句话描述您想咨询的问题，比如“紧急热线一年能用几次”。',
        confidence: 0,
        citations: [],
        language,
        method: 'empty',
      };
    }
    if (retrieval.results.length === 0) return refusal(language, 0);
    const confidence = answerConfidence(this.index.manifest.confidence, retrieval);
    if (confidence < this.threshold) return refusal(language, Number(confidence.toFixed(4)));
    const offline = composeOfflineAnswer(question, retrieval, Number(confidence.toFixed(4)), this.index.tokenizer, (term) => this.index.keywordIndex.termWeight(term));
    if (!this.options.chatModel || offline.method === 'faq') return offline;
    return writeAnswerWithModel(this.options.chatModel, question, retrieval.results, offline, this.options.llmTimeoutMs ?? 4000);
  }
}
