import { describe, expect, it } from 'vitest';
import { classifySeverity, type SeverityLevel } from '../../src/escalation/severity/index.js';

/**
 * Cases written for these tests (not taken from any evaluation set). Each level has plain,
 * colloquial, English and mixed wording; the boundary cases carry a comment saying why.
 */
const cases: Array<[SeverityLevel, string]> = [
  // 1 — the whole system or the business is down for (nearly) everyone
  [1, '系统崩了，全公司都在等！！'],
  [1, '星空从九点开始谁都登不进去，仓库发不了货'],
  [1, 'ERP服务器起不来了，数据库报错，整个厂都停工了'],
  [1, 'OA 全员打开都是 502'],
  [1, '公司授权到期了，现在所有人都进不去金蝶'],
  [1, '月底关账日，集团所有组织都结不了账，财务全停'],
  [1, '车间MES连不上ERP，三条产线全停了'],
  [1, 'Kingdee is down for the whole company, nobody can log in'],
  [1, 'EAS 服务器 crashed，all users 进不去'],
  [1, '宕机了'],
  // 2 — one core function broken, seriously, while the rest works
  [2, '所有会计都过不了账，其他功能都正常'],
  [2, '全部仓库的出库单都审核不了，一审核就报错，登录和查询都没问题'],
  [2, '这个月的工资全员算不出来，薪资模块一直报公式错误'],
  [2, 'EKP 所有新流程都发起不了，旧流程能看'],
  [2, 'purchase orders fail to save for every buyer, the rest of the ERP is fine'],
  // 3 — a few people or records, intermittent, cosmetic, or with a workaround
  [3, '就我一个人登不上，同事都可以'],
  [3, '有张采购订单审核报错，其他订单正常'],
  [3, '打印出来的凭证金额有点错位'],
  [3, '报表偶尔导出失败，多试两次就好了'],
  [3, '手机上打不开审批单，电脑上可以'],
  [3, 'only one user gets a permission error, everyone else is fine'],
  // 4 — how to, where, configuration, installation
  [4, '请问凭证怎么反过账'],
  [4, '新电脑怎么安装K3客户端'],
  [4, '审批流程在哪里设置'],
  [4, 'how do I add a new warehouse in Kingdee?'],
  [4, '星空支持多币种吗'],
  // 5 — a suggestion or a change request
  [5, '建议凭证界面加一个复制按钮'],
  [5, '希望以后能支持批量审批'],
  [5, '能否在采购订单上增加一个项目编号字段'],
  [5, 'feature request: dark mode for the OA portal'],
  [5, 'it would be nice if reports could be scheduled by email'],
];

describe('classifySeverity: one table per level', () => {
  it.each(cases)('level %i: %s', (level, text) => {
    const assessment = classifySeverity(text);
    expect(assessment.level).toBe(level);
    expect(assessment.critical).toBe(level === 1);
  });
});

describe('negation and hedging', () => {
  it('a negated "所有人" with a named few is not critical', () => {
    const assessment = classifySeverity('不是所有人都登不上，就财务部两个人');
    expect(assessment.critical).toBe(false);
    expect(assessment.level).toBe(3);
    expect(assessment.cues.map((cue) => cue.signal)).toContain('not-everyone');
  });

  it('"不是个别现象" widens instead of narrowing', () => {
    expect(classifySeverity('不是个别现象，全公司都登不上金蝶').critical).toBe(true);
  });

  it('a hedged outage is still an outage, with less confidence', () => {
    const hedged = classifySeverity('好像整个系统都挂了，所有人都登不上');
    const plain = classifySeverity('整个系统都挂了，所有人都登不上');
    expect(hedged.critical).toBe(true);
    expect(hedged.confidence).toBeLessThan(plain.confidence);
  });

  it('modesty before "但是" does not talk an outage down', () => {
    expect(classifySeverity('没什么大事，但是全公司都登不上了').critical).toBe(true);
  });

  it('"不影响使用" rules out a critical fault', () => {
    const assessment = classifySeverity('系统有个地方报错，不影响使用，有空看看');
    expect(assessment.critical).toBe(false);
  });

  it('a denied outage word is not an outage ("服务器没宕机，就是凭证过不了账")', () => {
    expect(classifySeverity('服务器没宕机，就是凭证过不了账，所有会计都一样').critical).toBe(false);
  });

  it('an outage that everyone has stays critical even when something still works', () => {
    expect(classifySeverity('服务器能 ping 通，但是所有人都登不上').critical).toBe(true);
  });
});

describe('English and mixed text', () => {
  it.each([
    [1, 'all users get HTTP 500 when opening EKP, whole company blocked'],
    [2, 'nobody can approve expense claims, but login and the portal are fine'],
    [3, 'my ERP client crashes when I open the stock report, colleagues are OK'],
    [4, 'where can I download the K3 Cloud client installer?'],
    [5, 'please add an export to PDF option on the voucher list'],
  ] as Array<[SeverityLevel, string]>)('level %i: %s', (level, text) => {
    expect(classifySeverity(text).level).toBe(level);
  });
});

describe('earlier turns', () => {
  it('a thin first turn plus the scope in the second decides critical', () => {
    const assessment = classifySeverity('全公司都这样，所有人', { history: ['系统打不开了'] });
    expect(assessment.critical).toBe(true);
    expect(assessment.missingFacts).not.toContain('scope');
    expect(assessment.cues.some((cue) => cue.turn === 0)).toBe(true);
  });

  it('the latest word on scope wins: "就我一个" after "登不上" is one person', () => {
    const assessment = classifySeverity('就我一个，同事都能登', { history: ['系统登不上'] });
    expect(assessment.critical).toBe(false);
    expect(assessment.level).toBe(3);
  });

  it('a function named earlier and the scope given later make a level-2 fault', () => {
    const assessment = classifySeverity('所有会计都不行，其他都正常', { history: ['凭证过不了账'] });
    expect(assessment.level).toBe(2);
  });
});

describe('missing facts', () => {
  it('a thin "登不上" is treated as critical but asks who is affected and since when', () => {
    const assessment = classifySeverity('系统登不上了');
    expect(assessment.critical).toBe(true);
    expect(assessment.missingFacts).toEqual(expect.arrayContaining(['scope', 'since']));
    expect(assessment.confidence).toBeLessThan(0.95);
  });

  it('a thin fault asks all four facts', () => {
    const assessment = classifySeverity('报错了');
    expect(assessment.level).toBeLessThanOrEqual(3);
    expect(assessment.missingFacts).toEqual(['scope', 'function', 'since', 'workaround']);
  });

  it('a full description asks nothing it already answers', () => {
    const assessment = classifySeverity('从今天早上开始，所有会计都过不了账，其他功能都正常，只能先手工记');
    expect(assessment.missingFacts).toEqual([]);
  });

  it('questions and suggestions ask nothing', () => {
    expect(classifySeverity('请问凭证怎么反过账').missingFacts).toEqual([]);
    expect(classifySeverity('建议增加批量打印').missingFacts).toEqual([]);
  });
});

describe('the explanation', () => {
  it('shows the cues that decided a rule-based critical first', () => {
    const assessment = classifySeverity('ERP服务器宕机了，全公司都用不了');
    expect(assessment.decidedBy).toMatch(/rules/);
    expect(assessment.cues[0]?.towards).toContain(1);
    expect(assessment.cues.map((cue) => cue.phrase)).toEqual(expect.arrayContaining(['宕机', '全公司']));
  });

  it('shows the n-grams the model weighed when the model decided', () => {
    const assessment = classifySeverity('销售订单保存的时候一直转圈，全部业务员都这样');
    expect(assessment.cues.some((cue) => cue.kind === 'model')).toBe(true);
  });

  it('keeps confidence in [0, 1] and is deterministic', () => {
    const first = classifySeverity('有时候提交流程会超时');
    const second = classifySeverity('有时候提交流程会超时');
    expect(first).toEqual(second);
    expect(first.confidence).toBeGreaterThanOrEqual(0);
    expect(first.confidence).toBeLessThanOrEqual(1);
  });

  it('never lets a question that mentions logging in pass for an outage', () => {
    expect(classifySeverity('请问登录超时时间在哪里设置').level).toBe(4);
    expect(classifySeverity('建议登录超时时间可以自己设置').critical).toBe(false);
  });
});
