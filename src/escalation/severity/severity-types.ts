/**
 * The vendor's five-level fault scale (Landray's response table, Kingdee's 致命故障 definition):
 * 1 system paralysed, business cannot run — the only level that may use the emergency hotline;
 * 2 a core function broken, seriously affecting use; 3 some operations broken, most of the system
 * works or a workaround exists; 4 a request for information or help, no impact on use;
 * 5 not a fault: a suggestion or a change request.
 */
export type SeverityLevel = 1 | 2 | 3 | 4 | 5;

export const severityLevels: readonly SeverityLevel[] = [1, 2, 3, 4, 5];

export function isSeverityLevel(value: unknown): value is SeverityLevel {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

/**
 * What a cue is about. `scope`: who is affected; `impact`: how badly; `function`: which business
 * function; `negation` / `hedge`: words that flip or soften another cue; `request` / `suggestion`:
 * the forms of a level-4 question and a level-5 proposal; `time`: since when; `workaround`: the
 * user can get by; `urgency`: the user's own sense of alarm; `model`: an n-gram the statistical
 * model weighed; `llm`: the language model's opinion when one was consulted.
 */
export type CueKind =
  | 'scope'
  | 'impact'
  | 'function'
  | 'negation'
  | 'hedge'
  | 'request'
  | 'suggestion'
  | 'time'
  | 'workaround'
  | 'urgency'
  | 'model'
  | 'llm';

/** One piece of evidence, shown to an agent so they can see why kefu chose a level. */
export interface Cue {
  /** The text that matched, as the user wrote it (after width/case folding). */
  phrase: string;
  kind: CueKind;
  /** A stable label for what the phrase means, e.g. `everyone`, `system-down`, `only-some`. */
  signal: string;
  /** The levels this cue argues for; empty when it only changes confidence. */
  towards: SeverityLevel[];
  /** Which turn it came from: 0 is the earliest history turn, the last index is the current text. */
  turn: number;
}

/** The facts still missing from a description too thin to decide on. */
export type MissingFact = 'scope' | 'function' | 'since' | 'workaround';

/** Who had the last word on the level. */
export type SeverityDecider = 'rules' | 'model' | 'rules+model' | 'llm';

/** The classification of one fault description. */
export interface SeverityAssessment {
  level: SeverityLevel;
  /** Level 1: a 致命故障, the only level that may use the emergency hotline. */
  critical: boolean;
  /** 0–1: how sure kefu is of `level`. */
  confidence: number;
  /** The cues that decided it, most important first. */
  cues: Cue[];
  /** What an intake dialog should still ask (empty for questions and suggestions). */
  missingFacts: MissingFact[];
  decidedBy: SeverityDecider;
}
