import { describe, expect, it } from 'vitest';
import { extractCues } from '../../src/escalation/severity/index.js';

/** The signals found in a text, for compact assertions. */
function signals(text: string, history?: string[]): string[] {
  return extractCues(text, history ? { history } : {}).map((cue) => cue.signal);
}

describe('cue extraction', () => {
  it.each([
    ['所有人都登不上', 'everyone'],
    ['全公司的金蝶都打不开', 'everyone'],
    ['大家都进不去系统', 'everyone'],
    ['没人能登录系统', 'everyone'],
    ['一个人都进不去', 'everyone'],
    ['财务、仓库、销售全都用不了', 'everyone'],
    ['everyone in the office is locked out', 'everyone'],
    ['只有我一个人登不上', 'only-some'],
    ['就销售部三个人报错', 'only-some'],
    ['a few users cannot open the report', 'only-some'],
    ['别的同事都正常', 'others-fine'],
    ['财务部登不上', 'one-department'],
    ['手机端打不开审批', 'one-channel'],
    ['这张凭证删不掉', 'one-record'],
  ])('%s → scope %s', (text, expected) => {
    expect(signals(text)).toContain(expected);
  });

  it('reads "不是所有人" as a limit, not as everyone', () => {
    const found = signals('不是所有人都登不上，就财务部两个人');
    expect(found).toContain('not-everyone');
    expect(found).toContain('only-some');
    expect(found).not.toContain('everyone');
  });

  it('reads "不是个别人" and "不止我" as more than a few', () => {
    expect(signals('不是个别人打不开')).toContain('not-only-some');
    expect(signals('不止我一个人登不上')).toContain('not-only-some');
  });

  it('reads the exception in "除了…" as the few who are fine', () => {
    expect(signals('除了财务部，其他部门全都登不上')).toContain('few-unaffected');
    expect(signals('只有一两个人能登上，其他都不行')).toContain('few-unaffected');
  });

  it('tells a whole-system outage from a broken function by the noun it is about', () => {
    expect(signals('系统打不开了')).toContain('system-unavailable');
    expect(signals('ERP服务器宕机了')).toContain('system-down');
    expect(signals('凭证打不开了')).toContain('function-down');
    expect(signals('凭证打不开了')).not.toContain('system-unavailable');
    expect(signals('附件全部打不开')).not.toContain('everything-fails');
  });

  it('reads "生产环境" as the system, not the production function', () => {
    const found = signals('生产环境挂了');
    expect(found).toContain('system-down');
    expect(found).not.toContain('core-function');
  });

  it('negates an outage word preceded by a negator in its clause', () => {
    const found = signals('服务器没有宕机，就是慢');
    expect(found).toContain('not-down');
    expect(found).not.toContain('system-down');
    expect(signals('不是系统打不开，是凭证过不了账')).toContain('can-access');
  });

  it('does not let a question negate ("是不是服务器挂了")', () => {
    expect(signals('是不是服务器挂了')).toContain('system-down');
  });

  it('reads "没人能登录" and "nobody can log in" as access failures', () => {
    expect(signals('现在没人能登录')).toContain('cannot-access');
    expect(signals('nobody in the company can log in')).toContain('cannot-access');
  });

  it('keeps hedges as hedges and reads "不急" as downplaying, not urgency', () => {
    expect(signals('好像整个系统都挂了')).toEqual(expect.arrayContaining(['hedged', 'system-down']));
    const calm = signals('不急，有空看一下打印格式');
    expect(calm).toContain('downplayed');
    expect(calm).not.toContain('urgent');
    expect(signals('系统挂了，快！')).toContain('urgent');
  });

  it('discounts modesty followed by "但是": the report is what comes after', () => {
    const found = signals('没什么大事，但是全公司都登不上了');
    expect(found).toContain('downplayed-then-but');
    expect(found).not.toContain('downplayed');
  });

  it('reads wishes and questions before the words inside them', () => {
    expect(signals('能否在销售订单里增加一个客户等级字段')).toContain('suggestion');
    expect(signals('能否在销售订单里增加一个客户等级字段')).not.toContain('one-record');
    expect(signals('建议登录页加个验证码')).toContain('suggestion');
    expect(signals('请问凭证怎么反过账')).toEqual(expect.arrayContaining(['ask', 'question']));
    expect(signals('how do I configure the approval flow')).toContain('question');
  });

  it('finds since-when and workarounds', () => {
    expect(signals('从早上八点开始打不开')).toContain('since');
    expect(signals('换个浏览器就可以')).toContain('transient');
    expect(signals('现在只能手工开单')).toContain('workaround');
  });

  it('folds full-width text and case before matching', () => {
    expect(signals('ＥＲＰ　ＩＳ　ＤＯＷＮ')).toContain('system-down');
  });

  it('numbers cues by turn, the current text last', () => {
    const cues = extractCues('全公司都这样', { history: ['系统打不开了'] });
    expect(cues.find((cue) => cue.signal === 'system-unavailable')?.turn).toBe(0);
    expect(cues.find((cue) => cue.signal === 'everyone')?.turn).toBe(1);
  });

  it('says for each cue what it matched and which levels it argues for', () => {
    const [cue] = extractCues('宕机');
    expect(cue).toEqual({ phrase: '宕机', kind: 'impact', signal: 'system-down', towards: [1], turn: 0 });
  });
});
