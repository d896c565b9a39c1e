import type { Cue } from './severity-types.js';

/**
 * What the cues of a conversation say about the four facts the scale turns on — who is affected,
 * how badly, which function, whether it is a fault at all — read once so that the rules and the
 * model features agree.
 */
export interface CueSummary {
  /**
   * `everyone`: the latest turn that says who is affected says everybody; `limited`: it names a
   * person, a few people, a department or one channel, or says the others are fine; `unknown`.
   */
  scope: 'everyone' | 'limited' | 'unknown';
  /** The cues that settled `scope`. */
  scopeCues: Cue[];
  /** Only a first-person "我的电脑/我的账号" limits the scope: the weakest kind of evidence. */
  scopeIsWeak: boolean;
  /** For a limited scope: a few people or records, or a whole unit (department, site, channel). */
  breadth: 'few' | 'unit' | null;
  /** Whole-system outage words: the system/server/database is down, business stopped, all fails. */
  systemOutage: Cue[];
  /** "登不上", "打不开" with no noun that says what: the scope decides. */
  unspecifiedAccessFailure: Cue[];
  /** The licence or seat count blocks use. */
  licenceBlocked: Cue[];
  /** Slow enough that nobody can work ("要等好几分钟", "慢得像蜗牛"). */
  severeSlowness: Cue[];
  /** A generic fault of the system itself ("系统异常", "ERP出问题了", "the ERP is not working"). */
  systemFault: Cue[];
  /** Period closing named in a fault ("结不了账", "月结报错"): blocked for everyone, the books stop. */
  closingBlocked: Cue[];
  /** The user says the rest of the system works. */
  restWorks: Cue[];
  /** "不影响使用", "现在又好了" — evidence against an outage. */
  againstOutage: Cue[];
  /** Something is broken or wrong (any fault evidence, outage or not). */
  faults: Cue[];
  /** How-to, where, what: the level-4 question forms. */
  request: Cue[];
  /** Polite openers ("请问", "能不能"): a question only when nothing is broken. */
  politeAsk: Cue[];
  suggestion: Cue[];
  functions: Cue[];
  workaround: Cue[];
  since: Cue[];
  hedges: Cue[];
  downplayed: Cue[];
  urgent: Cue[];
}

/** A few people or records: level 3 by the vendor's definition. */
const fewSignals = new Set(['not-everyone', 'others-fine', 'only-some', 'one-record']);
/** One department, site or channel: not everyone, but possibly a serious fault for them. */
const unitSignals = new Set(['one-department', 'one-channel', 'other-channel-works']);
const closingNouns = /结账|结(不了|不掉|不下去)账|关(不了)?账|月结|年结|期末|month-end|month end|period close|closing/;
const limitingSignals = new Set([...fewSignals, ...unitSignals]);
const everyoneSignals = new Set(['everyone', 'not-only-some', 'few-unaffected']);
const outageSignals = new Set(['system-down', 'system-frozen', 'system-unavailable', 'everything-fails', 'business-stopped', 'infrastructure-down']);
const faultSignals = new Set([
  'system-down',
  'system-frozen',
  'system-unavailable',
  'infrastructure-down',
  'everything-fails',
  'business-stopped',
  'licence-blocked',
  'severe-slowness',
  'system-fault',
  'cannot-access',
  'login-failed',
  'function-down',
  'personal-breakdown',
  'function-broken',
  'data-wrong',
  'trouble',
]);

/**
 * A unit cue that does not narrow anything: "财务部、仓库、销售部全都登不上" names three
 * departments, and "钉钉上所有人都进不去" is everybody unless someone says the PC works.
 */
function broadens(cue: Cue, inTurn: readonly Cue[]): boolean {
  if (cue.signal === 'one-department') {
    const departments = new Set(inTurn.filter((other) => other.signal === 'one-department').map((other) => other.phrase));
    return departments.size >= 2 && !inTurn.some((other) => fewSignals.has(other.signal));
  }
  if (cue.signal === 'one-channel') return inTurn.some((other) => everyoneSignals.has(other.signal)) && !inTurn.some((other) => other.signal === 'other-channel-works');
  return false;
}

export function summarizeCues(cues: readonly Cue[]): CueSummary {
  const having = (...signals: string[]) => cues.filter((cue) => signals.includes(cue.signal));

  // The latest turn that speaks about scope wins: "系统打不开" then "就我一个人" is one person.
  // Within a turn a limit beats "everyone": "财务部所有人" is one department.
  const strongScope = cues.filter((cue) => limitingSignals.has(cue.signal) || everyoneSignals.has(cue.signal));
  let scope: CueSummary['scope'] = 'unknown';
  let scopeCues: Cue[] = [];
  let scopeIsWeak = false;
  let breadth: CueSummary['breadth'] = null;
  if (strongScope.length > 0) {
    const lastTurn = Math.max(...strongScope.map((cue) => cue.turn));
    const inTurn = strongScope.filter((cue) => cue.turn === lastTurn);
    const limits = inTurn.filter((cue) => limitingSignals.has(cue.signal) && !broadens(cue, inTurn));
    scope = limits.length > 0 ? 'limited' : 'everyone';
    scopeCues = limits.length > 0 ? limits : inTurn;
    if (limits.length > 0) breadth = limits.some((cue) => fewSignals.has(cue.signal)) ? 'few' : 'unit';
  } else {
    // A lone "我登不上" narrows a login failure, but "我这边系统崩了" is still a system outage.
    const personal = having('personal', 'personal-breakdown');
    const strongOutage = cues.some((cue) => ['system-down', 'everything-fails', 'business-stopped'].includes(cue.signal));
    if (personal.length > 0 && !strongOutage) {
      scope = 'limited';
      scopeCues = personal;
      scopeIsWeak = true;
      breadth = 'few';
    }
  }

  const faults = cues.filter((cue) => faultSignals.has(cue.signal));
  return {
    scope,
    scopeCues,
    scopeIsWeak,
    breadth,
    systemOutage: cues.filter((cue) => outageSignals.has(cue.signal)),
    unspecifiedAccessFailure: having('cannot-access', 'login-failed'),
    licenceBlocked: having('licence-blocked'),
    severeSlowness: having('severe-slowness'),
    systemFault: having('system-fault'),
    closingBlocked: faults.length > 0 ? cues.filter((cue) => cue.kind === 'function' && closingNouns.test(cue.phrase)) : [],
    restWorks: having('rest-works'),
    // Not "没宕机" nor "还能登录": "服务器没宕机，但是所有人都登不上" and "登录页能打开，但是进不去"
    // are outages. What still works is a feature for the model, not a limit.
    againstOutage: having('downplayed', 'transient'),
    faults,
    request: having('question'),
    politeAsk: having('ask'),
    suggestion: having('suggestion'),
    functions: having('core-function', 'peripheral-function'),
    workaround: having('workaround', 'transient'),
    since: having('since'),
    hedges: having('hedged'),
    downplayed: having('downplayed'),
    urgent: having('urgent'),
  };
}
