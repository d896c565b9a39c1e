import { beforeAll, describe, expect, it } from 'vitest';
import { buildKnowledgeIndex, KnowledgeBase, loadKnowledge, type Answer } from '../../src/knowledge/index.js';
import { defaultIndexSettings, kbDir, overlaps, seededRandom, squash } from './knowledge-test-support.js';

/**
 * What a customer gets from kefu on the real kb-data, offline: the right fact, cited to the seed
 * lines it comes from; an honest "I don't know" for what kb-data does not cover; a sensible reply
 * to input that is not a question at all. The questions are our own phrasings.
 */
const HOTLINE = '003_aaa4dff8e8109dea.txt';
const LANDRAY = '004_2bd88c1614669ecd.txt';
const CSP = '000_3ad2477faae2a1ab.txt';
const CUSTOMER_SUCCESS = '001_e04e20451e57e463.txt';

let knowledgeBase: KnowledgeBase;

beforeAll(async () => {
  const { index } = await buildKnowledgeIndex(await loadKnowledge(kbDir), defaultIndexSettings());
  knowledgeBase = new KnowledgeBase(index);
});

const ask = (question: string, context?: Parameters<KnowledgeBase['answer']>[1]) => knowledgeBase.answer(question, context);

function describeAnswer(answer: Answer): string {
  const top = answer.citations[0];
  return `answered=${answer.answered} "${answer.answer}" top=${top ? `${top.docId} ${top.source?.file}:${top.source?.lines.join('-')}` : 'none'}`;
}

function expectCited(answer: Answer, file: string, lines: [number, number], facts: string[]): void {
  const summary = describeAnswer(answer);
  expect(answer.answered, summary).toBe(true);
  expect(answer.citations.length, summary).toBeGreaterThan(0);
  expect(overlaps(answer.citations[0]!.source, file, lines), `top citation should overlap ${file} ${lines.join('-')}: ${summary}`).toBe(true);
  for (const fact of facts) expect(squash(answer.answer), summary).toContain(squash(fact));
}

function expectRefusal(answer: Answer): void {
  const summary = describeAnswer(answer);
  expect(answer.answered, summary).toBe(false);
  expect(answer.citations, summary).toEqual([]);
  expect(answer.answer, summary).toMatch(/人工/);
  expect(answer.answer, summary).toMatch(/工单/);
}

describe('service questions get the fact, cited to its seed lines', () => {
  it.each([
    { question: '紧急热线一年最多用几次', file: HOTLINE, lines: [70, 70], facts: ['4 次'] }, // the yearly-limit rule line
    { question: '热线一年能打几次', file: HOTLINE, lines: [70, 70], facts: ['4 次'] },
    { question: '紧急热线 一年最多用几次？', file: HOTLINE, lines: [70, 70], facts: ['4 次'] },
    { question: '什么情况算致命故障', file: HOTLINE, lines: [66, 68], facts: ['阻塞'] },
    { question: '蓝凌系统瘫痪了多久响应', file: LANDRAY, lines: [108, 112], facts: ['1 小时'] },
    { question: '蓝凌远程解决不了多久能派人到现场', file: LANDRAY, lines: [108, 112], facts: ['48 小时'] },
    { question: 'K3 CSP 服务时间', file: CSP, lines: [9, 15], facts: ['6×8'] },
    { question: '金蝶本地技术支持中心电话是多少', file: CSP, lines: [13, 15], facts: ['0519-85121606'] },
    { question: '蓝凌的400热线是多少', file: LANDRAY, lines: [25, 26], facts: ['4006-222-312'] },
    { question: '蓝凌的问题一直没确认会被自动关闭吗', file: LANDRAY, lines: [151, 151], facts: ['一个月'] },
  ] as Array<{ question: string; file: string; lines: [number, number]; facts: string[] }>)('$question', async ({ question, file, lines, facts }) => {
    const answer = await ask(question);
    expectCited(answer, file, lines, facts);
    expect(answer.language).toBe('zh');
    expect(answer.confidence).toBeGreaterThan(0);
    expect(answer.confidence).toBeLessThanOrEqual(1);
    expect(answer.answer.length).toBeLessThanOrEqual(260);
    for (const citation of answer.citations) expect(citation.title.trim()).not.toBe('');
  });

  // The same question with a level, a product name or a service name in it must still answer it.
  it('蓝凌二级问题多久响应 answers with the level-2 time (8 小时), not level 1', async () => {
    expectCited(await ask('蓝凌二级问题多久响应'), LANDRAY, [114, 123], ['8 小时']);
  });

  it('naming the product (金蝶云星空) does not derail the hotline question', async () => {
    expectCited(await ask('金蝶云星空的紧急热线一年能用几次'), HOTLINE, [70, 70], ['4 次']);
  });

  it('金蝶云备份服务是什么 is answered from the cloud-backup entries', async () => {
    expectCited(await ask('金蝶云备份服务是什么'), CUSTOMER_SUCCESS, [187, 228], ['备份']);
  });
});

describe('follow-up questions are read against the previous topic', () => {
  it.each([
    { first: '金蝶的驻场服务是什么', marker: '驻场' },
    { first: '蓝凌的巡检服务是什么', marker: '巡检' },
    { first: '云备份服务是什么', marker: '备份' },
  ])('$first → 那它包括什么 stays on $marker', async ({ first, marker }) => {
    const previous = await ask(first);
    expect(previous.answered, describeAnswer(previous)).toBe(true);
    expect(previous.topic).toBeDefined();
    const followUp = await ask('那它包括什么', { previous: previous.topic! });
    const summary = describeAnswer(followUp);
    expect(followUp.answered, summary).toBe(true);
    expect(`${followUp.citations[0]?.title} ${followUp.answer}`, summary).toContain(marker);
    // Without the previous turn the same words are about something else: the context did the work.
    const alone = await ask('那它包括什么');
    expect(`${alone.citations[0]?.title ?? ''} ${alone.answer}`).not.toContain(marker);
  });

  it('a new, complete question after a topic is not bent towards the old topic', async () => {
    const previous = await ask('金蝶的驻场服务是什么');
    const next = await ask('蓝凌的400热线是多少', { previous: previous.topic! });
    expectCited(next, LANDRAY, [25, 26], ['4006-222-312']);
  });
});

describe('honest refusal: what kb-data does not cover', () => {
  it.each(['明天上海会下雨吗', '红烧肉怎么做', '今天A股行情怎么样'])('%s → not answered, offers a person or a ticket', async (question) => {
    const answer = await ask(question);
    expectRefusal(answer);
    expect(answer.language).toBe('zh');
  });

  it('an English off-topic question is refused in English', async () => {
    const answer = await ask('what will the weather be like tomorrow');
    expect(answer.answered).toBe(false);
    expect(answer.language).toBe('en');
    expect(answer.answer).toMatch(/agent|ticket/i);
    expect(answer.answer).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('bad input never throws and gets a sensible reply', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '  \n\t  '],
    ['emoji only', '😀😀👍🎉'],
    ['punctuation only', '？？？！！'],
  ])('%s → asks the customer to describe the question', async (_, text) => {
    const answer = await ask(text);
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toMatch(/描述/);
  });

  it('a missing text (undefined from a picture-only message) is treated as empty', async () => {
    const answer = await ask(undefined as unknown as string);
    expect(answer.answered).toBe(false);
    expect(answer.answer).toMatch(/描述/);
  });

  it('100 KB of a repeated question: answered quickly, the reply stays short', async () => {
    const text = '紧急热线一年最多用几次？'.repeat(Math.ceil(100_000 / 12));
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(100_000);
    const started = performance.now();
    const answer = await ask(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expectCited(answer, HOTLINE, [62, 74], ['4 次']);
    expect(answer.answer.length).toBeLessThanOrEqual(260);
  });

  it('100 KB of mixed prose does not throw or hang, and the reply stays short', async () => {
    const random = seededRandom(11);
    const words = ['服务', '系统', 'the', '数据', 'report', '客户', '明天', '会议', '文件', 'xyz', '，', '。'];
    const text = Array.from({ length: 40_000 }, () => words[Math.floor(random() * words.length)]).join('');
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(100_000);
    const started = performance.now();
    const answer = await ask(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(typeof answer.answer).toBe('string');
    expect(answer.answer.length).toBeGreaterThan(0);
    expect(answer.answer.length).toBeLessThanOrEqual(260);
  });

  it.each([1, 2, 3, 4, 5])('binary garbage (random bytes read as latin1, seed %i) → not answered, a polite reply', async (seed) => {
    const random = seededRandom(seed);
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    const answer = await ask(bytes.toString('latin1'));
    expect(answer.answered, describeAnswer(answer)).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toMatch(/人工|工单|描述|agent|ticket|describe/i);
  });

  it('control characters inside a real question are ignored', async () => {
    expectCited(await ask('紧急热线\u0000一年最多\u0007用几次\ufffd'), HOTLINE, [62, 74], ['4 次']);
  });

  it('an English-only question gets English wording and the cited fact', async () => {
    const answer = await ask('how many emergency hotline calls per year');
    expect(answer.language).toBe('en');
    expect(answer.answer).toMatch(/^[A-Za-z]/);
    expectCited(answer, HOTLINE, [62, 74], ['4']);
  });
});
