import { extractCues } from './cue-extractor.js';
import { summarizeCues, type CueSummary } from './cue-summary.js';
import { modelFeatures } from './model-features.js';
import { predictWithModel, type ModelPrediction, type SeverityModel } from './severity-model.js';
import { defaultSeverityModel } from './severity-model-store.js';
import type { Cue, MissingFact, SeverityAssessment, SeverityDecider, SeverityLevel } from './severity-types.js';

export interface ClassifyOptions {
  /** The earlier turns of the conversation, oldest first. */
  history?: readonly string[];
  /** The trained model; by default the one trained from kb-data/severity/examples.jsonl. */
  model?: SeverityModel;
}

/**
 * Level 1–5 for a fault description. Pure given the model.
 *
 * The rules decide where they are reliable and the stakes are high: a clear whole-system outage
 * is level 1 whatever the model says (a missed 致命故障 costs the customer their hotline), and a
 * plain question or suggestion with no fault in it is level 4 or 5. Evidence of limited impact
 * ("就财务两个人", "其他功能正常", "不影响使用") rules level 1 out. Everything between — mostly
 * 2 against 3, which turns on how core a function is and how many people it stops — is the
 * model's call, restricted to the levels the cues leave open.
 */
export function classifySeverity(text: string, options: ClassifyOptions = {}): SeverityAssessment {
  const history = options.history ?? [];
  const model = options.model ?? defaultSeverityModel();
  const cues = extractCues(text, { history });
  const summary = summarizeCues(cues);
  const prediction = predictWithModel(model, modelFeatures(text, history, cues));
  const decision = decide(summary, prediction);
  return {
    level: decision.level,
    critical: decision.level === 1,
    confidence: round(decision.confidence),
    cues: explain(cues, decision, prediction),
    missingFacts: missingFacts(summary, decision.level),
    decidedBy: decision.decidedBy,
  };
}

interface Decision {
  level: SeverityLevel;
  confidence: number;
  decidedBy: SeverityDecider;
  /** The cues a rule rested on, shown first. */
  ruleCues: Cue[];
}

function decide(summary: CueSummary, prediction: ModelPrediction): Decision {
  const p = prediction.probabilities;
  const hedged = summary.hedges.length > 0;

  // Evidence that the impact is limited: it can never be a 致命故障.
  // "其他都正常" speaks of the rest of the system; when the system itself is what is down
  // ("ERP打不开，其他都正常"), it is about other software.
  const systemLevel = summary.systemOutage.length > 0 || summary.unspecifiedAccessFailure.some((cue) => cue.signal === 'login-failed');
  const limits = [
    ...(summary.scope === 'limited' ? summary.scopeCues : []),
    ...(systemLevel ? [] : summary.restWorks),
    ...summary.againstOutage,
  ];
  const outageLimited = limits.length > 0;

  // A clear outage: the system/server/database is down, everything fails, business has stopped;
  // or a login/access failure that everybody has (or that nobody has narrowed to one person).
  const critical = criticalEvidence(summary);
  // A bare access failure in a question or a wish ("怎么设置登录超时", "建议登录页加个验证码") is
  // not an outage report: without stronger evidence, leave it to the model.
  const asksOrSuggests = summary.request.length > 0 || summary.suggestion.length > 0;
  const weakEvidence = summary.scope !== 'everyone' && summary.systemOutage.length === 0;
  if (critical.length > 0 && !outageLimited && !(asksOrSuggests && weakEvidence)) {
    // How sure: an outage everybody has, or a stopped business, is as clear as it gets; a system
    // outage word with nobody saying who is affected is likely; a bare "登不上" is a guess that
    // an intake dialog should confirm (scope is then among the missing facts).
    const strong = summary.scope === 'everyone' || critical.some((cue) => cue.signal === 'business-stopped' || cue.signal === 'everything-fails');
    const ceiling = strong ? 0.98 : summary.systemOutage.length > 0 ? 0.9 : 0.75;
    const confidence = Math.min(ceiling, (ceiling + (p[0] ?? 0)) / 2) - (hedged ? 0.1 : 0);
    const agrees = prediction.level === 1;
    return { level: 1, confidence, decidedBy: agrees ? 'rules+model' : 'rules', ruleCues: [...critical, ...(summary.scope === 'everyone' ? summary.scopeCues : [])] };
  }

  const faulty = summary.faults.length > 0;
  const asks = summary.request.length > 0 || summary.politeAsk.length > 0;
  const suggests = summary.suggestion.length > 0;

  // A plain question or a plain suggestion, with nothing broken in it.
  if (!faulty && asks && !suggests) return fromRule(4, [...summary.request, ...summary.politeAsk], p, 0.85);
  if (!faulty && suggests && !asks) return fromRule(5, summary.suggestion, p, 0.85);

  let allowed: SeverityLevel[] = [1, 2, 3, 4, 5];
  if (!faulty && asks && suggests) allowed = [4, 5];
  else if (faulty && !asks && !suggests) allowed = [1, 2, 3];
  if (outageLimited) allowed = allowed.filter((level) => level !== 1);
  // "只有我一个人", "个别单据", "其他同事都正常": a few people or records is level 3 by definition.
  if (faulty && summary.breadth === 'few' && !summary.scopeIsWeak) allowed = allowed.filter((level) => level >= 3);
  return fromModel(allowed, prediction, limits);
}

/** The cues that on their own make a fault critical (before limits are considered). */
function criticalEvidence(summary: CueSummary): Cue[] {
  const evidence = [...summary.systemOutage];
  // Who is affected turns an access failure, a licence block, crippling slowness, a fault of the
  // system itself or a blocked period close into an outage.
  if (summary.scope === 'everyone') {
    evidence.push(
      ...summary.unspecifiedAccessFailure,
      ...summary.licenceBlocked,
      ...summary.severeSlowness,
      ...summary.systemFault,
      // The vendor counts month-end closing blocked for the whole company as a 致命故障; one
      // department, or "其他功能正常", is a level-2 core-function fault (limits rule that out).
      ...summary.closingBlocked,
    );
  }
  // "系统登不上了": logging in is to the whole system; unless someone narrows it, assume the worst
  // and ask about scope (missingFacts) rather than under-classify an outage.
  // The same for "打不开了，急": an access failure the writer is alarmed about.
  if (summary.scope === 'unknown') {
    const alarmed = summary.urgent.length > 0;
    evidence.push(...summary.unspecifiedAccessFailure.filter((cue) => cue.signal === 'login-failed' || alarmed));
    // A blocked licence is the company's licence: everybody is locked out until someone says not.
    evidence.push(...summary.licenceBlocked);
  }
  return evidence;
}

function fromRule(level: SeverityLevel, cues: Cue[], p: number[], base: number): Decision {
  const modelAgrees = (p[level - 1] ?? 0) >= Math.max(...p);
  return {
    level,
    confidence: Math.min(0.97, Math.max(base, p[level - 1] ?? 0)),
    decidedBy: modelAgrees ? 'rules+model' : 'rules',
    ruleCues: cues,
  };
}

/** Level 1 wins at a third of the mass: a miss weighs twice a false alarm. */
const CRITICAL_SHARE = 1 / 3;

function fromModel(allowed: SeverityLevel[], prediction: ModelPrediction, limits: Cue[]): Decision {
  const p = prediction.probabilities;
  const mass = allowed.reduce((sum, level) => sum + (p[level - 1] ?? 0), 0);
  let best = allowed[0] ?? 3;
  for (const level of allowed) if ((p[level - 1] ?? 0) > (p[best - 1] ?? 0)) best = level;
  // Missing a 致命故障 costs more than a false alarm (an agent can void a hotline use; nobody can
  // give back the hours of an outage treated as routine): choose level 1 once it is at least
  // CRITICAL_SHARE of the allowed probability mass, not only when it is the most likely level.
  if (allowed.includes(1) && mass > 0 && (p[0] ?? 0) / mass >= CRITICAL_SHARE) best = 1;
  // Renormalising over the levels the cues allow; never claim more certainty than the model had
  // before the restriction plus what the rules removed.
  const confidence = mass > 0 ? (p[best - 1] ?? 0) / mass : 0.5;
  const restricted = allowed.length < 5;
  return { level: best, confidence: Math.min(confidence, 0.97), decidedBy: restricted ? 'rules+model' : 'model', ruleCues: best <= 3 ? limits : [] };
}

/** The cues behind the decision first, then the rest that argue for the same level, then n-grams. */
function explain(cues: Cue[], decision: Decision, prediction: ModelPrediction): Cue[] {
  const chosen: Cue[] = [];
  const add = (cue: Cue) => {
    if (!chosen.some((other) => other.signal === cue.signal && other.phrase === cue.phrase && other.turn === cue.turn)) chosen.push(cue);
  };
  decision.ruleCues.forEach(add);
  cues.filter((cue) => cue.towards.includes(decision.level)).forEach(add);
  cues.filter((cue) => cue.kind === 'negation' || cue.kind === 'hedge' || cue.kind === 'scope' || cue.kind === 'function').forEach(add);
  if (decision.decidedBy !== 'rules') {
    const lastTurn = cues.reduce((max, cue) => Math.max(max, cue.turn), 0);
    for (const { feature } of prediction.topFeatures) {
      if (prediction.level !== decision.level) break;
      add({ phrase: feature.slice(2), kind: 'model', signal: 'model-ngram', towards: [decision.level], turn: lastTurn });
    }
  }
  return chosen.slice(0, 10);
}

/**
 * What an intake dialog should still ask. Questions and suggestions need nothing; for a fault, the
 * four facts the scale turns on, except those the description already settles.
 */
export function missingFacts(summary: CueSummary, level: SeverityLevel): MissingFact[] {
  if (level >= 4) return [];
  const missing: MissingFact[] = [];
  // Logging in is into the whole system: a login failure names no function because it needs none.
  const wholeSystem = summary.systemOutage.length > 0 || summary.unspecifiedAccessFailure.some((cue) => cue.signal === 'login-failed');
  // A lone "我登不上" is worth confirming: is it really only you?
  const scopeOpen = summary.scope === 'unknown' || summary.scopeIsWeak;
  if (scopeOpen && !summary.systemOutage.some((cue) => cue.signal === 'business-stopped' || cue.signal === 'everything-fails')) {
    missing.push('scope');
  }
  if (summary.functions.length === 0 && !wholeSystem) missing.push('function');
  if (summary.since.length === 0) missing.push('since');
  if (level > 1 && summary.workaround.length === 0 && summary.restWorks.length === 0) missing.push('workaround');
  return missing;
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
