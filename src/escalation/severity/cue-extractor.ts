import {
  coreFunctionNouns,
  cueLexicon,
  functionEntries,
  negatorBefore,
  peripheralFunctionNouns,
  personalNouns,
  systemNouns,
  type CueMeaning,
  type LexiconEntry,
} from './cue-lexicon.js';
import type { Cue, SeverityLevel } from './severity-types.js';
import { clauseEnd, clauseStart, normalizeText } from './text-normalization.js';

/**
 * Text (and the earlier turns of the conversation) → the cues the lexicons find in it. Pure.
 * Turns are numbered from 0 (the earliest history turn); the current text is the last turn.
 */
export function extractCues(text: string, options: { history?: readonly string[] } = {}): Cue[] {
  const turns = [...(options.history ?? []), text];
  return turns.flatMap((turn, index) => extractTurnCues(normalizeText(turn), index));
}

interface Span {
  start: number;
  end: number;
}

function extractTurnCues(text: string, turn: number): Cue[] {
  const found: Array<Cue & { at: number }> = [];
  const claimed: Span[] = [];
  const overlaps = (span: Span) => claimed.some((other) => span.start < other.end && other.start < span.end);

  for (const entry of cueLexicon) {
    for (const pattern of entry.patterns) {
      for (const match of text.matchAll(pattern)) {
        const phrase = match[0];
        const start = match.index;
        const span = { start, end: start + phrase.length };
        if (phrase.trim() === '' || overlaps(span)) continue;
        claimed.push(span);
        found.push({ ...interpret(entry, text, span, phrase.trim(), claimed), turn, at: start });
      }
    }
  }

  // Functions are nouns, named alongside the other cues rather than competing with them for text;
  // but "生产环境" names an environment, not the production function.
  const environments = [...text.matchAll(systemNouns)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  for (const entry of functionEntries) {
    for (const pattern of entry.patterns) {
      for (const match of text.matchAll(pattern)) {
        const span = { start: match.index, end: match.index + match[0].length };
        const insideEnvironment = environments.some((env) => env.start <= span.start && span.end <= env.end && env.end - env.start > span.end - span.start);
        if (insideEnvironment) continue;
        found.push({ phrase: match[0], kind: entry.kind, signal: entry.signal, towards: [...entry.towards], turn, at: span.start });
      }
    }
  }

  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const cues: Cue[] = [];
  for (const { at: _at, ...cue } of found) {
    const key = `${cue.signal}\u0000${cue.phrase}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cues.push(cue);
  }
  return cues;
}

/** What one lexicon match means in its clause: negated, or narrowed to a subject. */
function interpret(entry: LexiconEntry, text: string, span: Span, phrase: string, claimed: readonly Span[]): Omit<Cue, 'turn'> {
  const start = clauseStart(text, span.start);
  const before = text.slice(start, span.start);
  const window = before.slice(-30);
  const negator = entry.negated ? (entry.negated.negators ?? negatorBefore).exec(window) : null;
  // "不是某个部门登不上": the "不是" negates the scope cue between it and the outage word, not the
  // outage. (Custom negators like "没人能…" are meant to reach across a scope word.)
  const negatorStart = negator ? span.start - window.length + negator.index : span.start;
  const negatesAnother = !entry.negated?.negators && claimed.some((other) => other.start > negatorStart && other.end <= span.start);
  if (entry.negated && negator && !negatesAnother) {
    return { phrase: `${negator[0].trim()}${phrase}`, kind: 'negation', signal: entry.negated.signal, towards: [...entry.negated.towards] };
  }
  const plain = { phrase, kind: entry.kind, signal: entry.signal, towards: [...entry.towards] };
  const after = text.slice(span.end, clauseEnd(text, span.end));
  // "没什么大事，但是全公司都登不上": what follows the "但" is the report; the modesty before it
  // must not talk an outage down.
  if (entry.signal === 'downplayed' && /但|不过|可是|然而|\bbut\b|\bhowever\b/.test(text.slice(span.end))) {
    return { ...plain, signal: 'downplayed-then-but', towards: [] };
  }
  // "能登录，但是进去全是白屏", "users can log in but get a blank page": the complaint is what
  // comes after the "but"; the part that works is only the way in.
  if (entry.signal === 'can-access' && /(但|不过|可是|然而|\bbut\b|\bhowever\b)[^.!?;]{0,40}(不|没|无法|失败|报错|错误|白屏|空白|\bcan'?t\b|\bcannot\b|\bfail|\berror|\bblank|\bnot\b)/.test(text.slice(span.end))) {
    return { ...plain, signal: 'can-access-then-but', towards: [] };
  }
  // "重启就能登录了，但过几分钟又登不上": a relapse is no recovery.
  if (entry.signal === 'transient' && relapse.test(text.slice(span.end))) {
    return { ...plain, signal: 'transient-relapse', towards: [1, 2] };
  }
  // "除了财务部，其他部门全登不上": the named few are the exception, not the scope.
  if (exceptionScopes.has(entry.signal) && /除了?[^,.!?;]{0,6}$/.test(before)) {
    return { ...plain, kind: 'negation', signal: 'few-unaffected', towards: [1, 2] };
  }
  // "只有一两个人能登上": the few are the ones still working; everybody else is down.
  if (entry.signal === 'only-some' && fewStillWorking.test(after)) {
    return { ...plain, signal: 'few-unaffected', towards: [1, 2] };
  }
  if (!entry.subjects) return plain;

  // "星空报服务器内部错误，进不去": with no noun in its own clause, an outage word is about the
  // system when the nearest noun earlier in the turn is the system.
  // adjacentOnly: "附件全部打不开" is about attachments, "月结卡住了全部都动不了" about everything;
  // a system noun after it ("全部都用不了金蝶") still names the system.
  const subject = entry.subjects.adjacentOnly
    ? nearestSubject('', after) === 'system' && entry.signal === 'everything-fails'
      ? 'system'
      : nearestSubject(adjacentTail(before), '')
    : nearestSubject(before, after);
  // Generic fault words ("报错", "出问题") already mean "this function is broken".
  const generic = entry.signal === 'function-broken' || entry.signal === 'trouble';
  const crossClause = subject === 'none' && entry.signal === 'cannot-access' && nearestSubject(text.slice(0, span.start), '') === 'system';
  switch (crossClause ? 'system' : subject) {
    case 'system':
      return { ...plain, ...meaning(entry.subjects.system) };
    case 'core-function':
      return generic ? plain : { ...plain, signal: 'function-down', towards: [2, 3] };
    case 'peripheral-function':
      return generic ? plain : { ...plain, signal: 'function-down', towards: [3] };
    case 'personal':
      return { ...plain, signal: 'personal-breakdown', towards: [3] };
    case 'none': {
      // Logging in is always into the whole system: "登不上了" with no noun is a login failure.
      const none = meaning(entry.subjects.none);
      return none.signal === 'cannot-access' && /登|log ?in|sign in/.test(phrase) ? { ...plain, ...none, signal: 'login-failed' } : { ...plain, ...none };
    }
  }
}

/** The few characters right before a word, past spaces and English auxiliaries ("erp is "). */
function adjacentTail(before: string): string {
  return before.replace(/(\s|\b(is|are|was|were|has been|have been|seems|keeps|totally|completely|just|not)\b)+$/, '').slice(-4);
}

const relapse = /又[^,.!?;]{0,4}(不行|挂|崩|登不上|打不开|进不去|卡|报错|宕|瘫|用不了)|还是(不行|登不上|打不开|进不去|用不了)|\bagain\b/;

const exceptionScopes = new Set(['only-some', 'one-department', 'one-record', 'one-channel', 'personal']);

const fewStillWorking = /^[^,.!?;]{0,6}?(能|可以|还能|还可以|偶尔能|才能)(登|进|用|打开|访问|正常)|^[^,.!?;]{0,4}(正常|没问题|不受影响)|^[^,.!?;]{0,8}\b(can|could) (still )?(log|get|access|use|work)/;

function meaning(value: CueMeaning): { signal: string; towards: SeverityLevel[] } {
  return { signal: value.signal, towards: [...value.towards] };
}

type Subject = 'system' | 'core-function' | 'peripheral-function' | 'personal' | 'none';

/**
 * The noun an outage word is about: the closest one in its clause, preferring the words before it
 * ("系统打不开") over those after it ("打不开系统"), and the longer noun on a tie ("生产环境" over
 * "生产").
 */
function nearestSubject(before: string, after: string): Subject {
  const candidates: Array<{ subject: Subject; distance: number; length: number }> = [];
  const nounSets: Array<[Subject, RegExp]> = [
    ['system', systemNouns],
    ['core-function', coreFunctionNouns],
    ['peripheral-function', peripheralFunctionNouns],
    ['personal', personalNouns],
  ];
  for (const [subject, nouns] of nounSets) {
    for (const match of before.matchAll(nouns)) {
      candidates.push({ subject, distance: before.length - (match.index + match[0].length), length: match[0].length });
    }
    for (const match of after.matchAll(nouns)) {
      candidates.push({ subject, distance: match.index + 2, length: match[0].length });
    }
  }
  candidates.sort((a, b) => a.distance - b.distance || b.length - a.length);
  return candidates[0]?.subject ?? 'none';
}
