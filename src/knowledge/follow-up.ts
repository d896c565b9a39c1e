/**
 * Resolves a follow-up ("那要多少钱？", "它包括什么") against the previous turn's topic before
 * retrieval. Pure: the caller passes the previous turn.
 */
export interface ConversationTopic {
  question: string;
  /** Title of the entry the previous answer came from. */
  title?: string;
}

const REFERRING = /^(那|那么|那个|它|它们|这个|这项|这种|该|此|其|那这个|还有|另外|然后)|(它|这个服务|这项服务|该服务|这个呢|呢[？?]?$)/;
const ELLIPTIC = /^(多少钱|怎么收费|收费吗|包括什么|包含什么|包括哪些|有哪些|适合谁|谁能用|多久|怎么交付|怎么申请|流程是什么|要准备什么)/;

export function isFollowUp(question: string): boolean {
  const text = question.trim();
  if (!text) return false;
  const short = [...text].length <= 14;
  return short && (REFERRING.test(text) || ELLIPTIC.test(text));
}

/** The query to retrieve with: the question itself, or the question read in the previous topic. */
export function resolveFollowUp(question: string, previous?: ConversationTopic): { query: string; resolved: boolean } {
  if (!previous || !isFollowUp(question)) return { query: question, resolved: false };
  const topic = previous.title ?? previous.question;
  return { query: `${topic} ${question}`, resolved: true };
}
