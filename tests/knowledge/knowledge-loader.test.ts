import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { KnowledgeFileError } from '../../src/shared/errors.js';
import { kbDir, tempDir, writeFiles } from './knowledge-test-support.js';

/**
 * An admin hand-edits kb-data; a mistake must fail the build with `file:line: reason`, pointing at
 * the line to fix. Each case is a small knowledge directory of its own.
 */
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

function knowledgeDir(files: Record<string, string>): string {
  const { dir, cleanup } = tempDir('loader');
  cleanups.push(cleanup);
  return writeFiles(dir, files);
}

async function loadError(files: Record<string, string>): Promise<KnowledgeFileError> {
  const dir = knowledgeDir(files);
  const error = await loadKnowledge(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the load should fail').toBeInstanceOf(KnowledgeFileError);
  return error as KnowledgeFileError;
}

const passage = (frontMatter: string, body: string) => `---\n${frontMatter}\n---\n${body}`;

const goodFaq = `- id: faq-hotline
  question: 紧急热线一年可以用几次？
  similar: [热线每年能打几次]
  answer: 每年最多 4 次。
  source: {file: 003_aaa4dff8e8109dea.txt, lines: [70, 72]}
`;

describe('malformed knowledge files name the file, the line and the reason', () => {
  it('broken YAML: the line of the syntax error', async () => {
    const error = await loadError({
      'faq/bad.yaml': [
        '- id: faq-a', //                         1
        '  question: 热线几次？', //                2
        '  answer: 4 次', //                       3
        '', //                                     4
        '- id: faq-b', //                          5
        '  question: 工单多久关闭？', //             6
        '  answer: 一个月没确认: 自动关闭', //        7  unquoted ": " inside a value
        '',
      ].join('\n'),
    });
    expect(error.message).toMatch(/^faq\/bad\.yaml:7: /);
    expect(error.file).toBe('faq/bad.yaml');
    expect(error.line).toBe(7);
    expect(error.reason.length).toBeGreaterThan(5);
  });

  it('a FAQ entry without an answer: the line where that entry starts', async () => {
    const error = await loadError({
      'faq/bad.yaml': [
        '- id: faq-a', //                          1
        '  question: 热线几次？', //                 2
        '  similar: [一年几次]', //                  3
        '  answer: 4 次', //                        4
        '  source: {file: s.txt, lines: [1, 3]}', // 5
        '', //                                      6
        '- id: faq-b', //                           7
        '  question: 工单多久关闭？', //              8
        '  similar: [啥时候关]', //                  9
        '',
      ].join('\n'),
    });
    expect(error.message).toMatch(/^faq\/bad\.yaml:7: /);
    expect(error.reason).toMatch(/answer/);
  });

  it('a FAQ source span over 80 lines', async () => {
    const error = await loadError({
      'faq/ok.yaml': goodFaq,
      'faq/wide.yaml': ['# a comment', '- id: faq-wide', '  question: 服务包括什么？', '  answer: 很多。', '  source: {file: 001_e04e20451e57e463.txt, lines: [100, 180]}', ''].join('\n'),
    });
    expect(error.message).toMatch(/^faq\/wide\.yaml:2: /);
    expect(error.reason).toMatch(/80/);
  });

  it('a FAQ source span with from > to', async () => {
    const error = await loadError({
      'faq/backwards.yaml': ['- id: faq-backwards', '  question: 服务包括什么？', '  answer: 很多。', '  source: {file: 001_e04e20451e57e463.txt, lines: [120, 100]}', ''].join('\n'),
    });
    expect(error.message).toMatch(/^faq\/backwards\.yaml:1: /);
    expect(error.reason).toMatch(/from|≤|<=|ascending/);
  });

  it('a passage front-matter span over 80 lines', async () => {
    const error = await loadError({
      'passages/wide.md': passage('id: wide\ntitle: 很宽的出处\nvendor: 金蝶\nsource:\n  file: 001_e04e20451e57e463.txt\n  lines: [1, 81]', '正文。\n'),
    });
    expect(error.file).toBe('passages/wide.md');
    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(error.line).toBeLessThanOrEqual(7); // somewhere in the front matter
    expect(error.reason).toMatch(/80/);
  });

  it('a section span over 80 lines: the line of its <!-- lines --> comment', async () => {
    const error = await loadError({
      'passages/section.md': passage(
        'id: section-wide\ntitle: 节的出处太宽\nsource:\n  file: 001_e04e20451e57e463.txt\n  lines: [1, 80]', // lines 2-6, --- on 1 and 7
        ['概述。', '', '## 一节', '<!-- lines: 1-81 -->', '内容。', ''].join('\n'), // the comment is line 11
      ),
    });
    expect(error.message).toMatch(/^passages\/section\.md:11: /);
    expect(error.reason).toMatch(/80/);
  });

  it('a section span with from > to: the line of its comment', async () => {
    const error = await loadError({
      'passages/backwards.md': passage(
        'id: backwards\ntitle: 倒过来的出处\nsource:\n  file: 003_aaa4dff8e8109dea.txt\n  lines: [60, 80]',
        ['概述。', '', '## 热线', '', '<!-- lines: 70-66 -->', '内容。', ''].join('\n'), // the comment is line 12
      ),
    });
    expect(error.message).toMatch(/^passages\/backwards\.md:12: /);
    expect(error.reason).toMatch(/70-66/);
  });

  it('a section span without a source file in the front matter', async () => {
    const error = await loadError({
      'passages/orphan.md': passage('id: orphan\ntitle: 没有出处', ['概述。', '## 一节', '<!-- lines: 3-5 -->', '内容。', ''].join('\n')), // comment on line 7
    });
    expect(error.message).toMatch(/^passages\/orphan\.md:7: /);
    expect(error.reason).toMatch(/source/);
  });

  it('a passage without front matter: line 1', async () => {
    const error = await loadError({ 'passages/plain.md': '# 热线\n\n紧急热线每年最多 4 次。\n' });
    expect(error.message).toMatch(/^passages\/plain\.md:1: /);
    expect(error.reason).toMatch(/front matter/);
  });

  it('the same id in two files names both files and the id', async () => {
    const error = await loadError({
      'faq/a.yaml': goodFaq,
      'passages/hotline.md': passage('id: faq-hotline\ntitle: 热线', '紧急热线每年最多 4 次。\n'),
    });
    expect(error.message).toMatch(/^(faq\/a\.yaml|passages\/hotline\.md):\d+: /);
    expect(error.reason).toContain('faq-hotline');
    expect(error.message).toContain('faq/a.yaml');
    expect(error.message).toContain('passages/hotline.md');
  });

  it('an invalid JSON line in a .jsonl FAQ: that line number', async () => {
    const error = await loadError({
      'faq/plain.jsonl': [
        '{"id": "p1", "question": "热线几次", "answer": "4 次"}',
        '',
        '{"id": "p2", "question": "工单多久关闭", "answer": "一个月"',
        '{"id": "p3", "question": "有现场服务吗", "answer": "有"}',
        '',
      ].join('\n'),
    });
    expect(error.message).toMatch(/^faq\/plain\.jsonl:3: /);
    expect(error.reason).toMatch(/JSON/);
  });

  it('a .jsonl line without an answer: that line number', async () => {
    const error = await loadError({ 'faq/plain.jsonl': '{"id": "p1", "question": "热线几次", "answer": "4 次"}\n{"id": "p2", "question": "工单多久关闭"}\n' });
    expect(error.message).toMatch(/^faq\/plain\.jsonl:2: /);
    expect(error.reason).toMatch(/answer/);
  });

  it('a CSV without the answer column', async () => {
    const error = await loadError({ 'faq/plain.csv': 'id,question\nq1,热线几次\nq2,工单多久关闭\n' });
    expect(error.message).toMatch(/^faq\/plain\.csv:[12]: /);
    expect(error.reason).toMatch(/answer/);
  });

  it('a CSV row with an empty answer after a multi-line cell: the line that row is on', async () => {
    // Spreadsheets export multi-line cells as quoted fields spanning lines; the error must still
    // point at the line the admin sees in an editor.
    const error = await loadError({
      'faq/plain.csv': ['id,question,answer', 'q1,热线几次,"每年最多 4 次。', '只用于致命故障。"', 'q2,工单多久关闭,', ''].join('\n'),
    });
    expect(error.message).toMatch(/^faq\/plain\.csv:4: /);
  });
});

describe('knowledge files that load', () => {
  it('plain .jsonl and .csv FAQs load with source null, their ids and similar questions', async () => {
    const dir = knowledgeDir({
      'faq/vendor.jsonl': '{"id": "j1", "question": "热线一年能打几次？", "answer": "每年最多 4 次。"}\n{"id": 42, "question": "有没有现场服务", "answer": "有，48 小时内到场。"}\n',
      // An Excel export: byte-order mark, CRLF, a quoted cell with a comma, similar questions split by |.
      'faq/vendor.csv': '\uFEFFid,question,answer,similar\r\nc1,工单多久自动关闭？,"工程师给出方案后，一个月没确认就自动关闭",工单会自动关吗|提单后多久关闭\r\n',
    });
    const { entries } = await loadKnowledge(dir);
    const byId = new Map(entries.map((entry) => [entry.docId, entry]));
    expect([...byId.keys()].sort()).toEqual(['42', 'c1', 'j1']);
    for (const entry of entries) {
      expect(entry.kind).toBe('faq');
      expect(entry.source).toBeNull();
    }
    const csv = byId.get('c1');
    expect(csv?.kind === 'faq' && csv.answer).toBe('工程师给出方案后，一个月没确认就自动关闭');
    expect(csv?.kind === 'faq' && csv.similar).toEqual(['工单会自动关吗', '提单后多久关闭']);
    const jsonl = byId.get('j1');
    expect(jsonl?.kind === 'faq' && jsonl.question).toBe('热线一年能打几次？');
    expect(jsonl?.path).toBe('faq/vendor.jsonl');
  });

  it('a passage keeps its sections, each with its own narrowed span, and the settings files load', async () => {
    const dir = knowledgeDir({
      'passages/hotline.md': passage(
        'id: kingdee-hotline\ntitle: 紧急热线\nvendor: 金蝶\nproduct: 金蝶云\ntags: [热线]\nsource:\n  file: 003_aaa4dff8e8109dea.txt\n  lines: [62, 74]',
        ['热线用于致命故障的紧急救援。', '', '## 每年几次', '<!-- lines: 70-70 -->', '每年最多 4 次。', '', '## 服务时间', '7×24 小时。', ''].join('\n'),
      ),
      'synonyms.txt': '# canonical first\n热线 热线电话 客服电话\n单独一个词\n',
      'stopwords.txt': '的\n吗\n',
      'out-of-scope.txt': '明天天气怎么样\n',
      'dictionary.txt': '紧急热线 1000 n\n',
    });
    const knowledge = await loadKnowledge(dir);
    const [entry] = knowledge.entries;
    expect(entry?.kind).toBe('passage');
    if (entry?.kind !== 'passage') return;
    expect(entry.docId).toBe('kingdee-hotline');
    expect(entry.vendor).toBe('金蝶');
    expect(entry.product).toEqual(['金蝶云']);
    expect(entry.sections.map((section) => [section.heading ?? null, section.source?.lines])).toEqual([
      [null, [62, 74]],
      ['每年几次', [70, 70]],
      ['服务时间', [62, 74]], // no comment: inherits the front matter's span
    ]);
    expect(entry.sections.every((section) => !section.text.includes('<!--'))).toBe(true);
    expect(knowledge.synonyms).toEqual([['热线', '热线电话', '客服电话']]);
    expect(knowledge.stopwords).toEqual(['的', '吗']);
    expect(knowledge.outOfScope).toEqual(['明天天气怎么样']);
  });

  it('the real kb-data loads without errors', async () => {
    const knowledge = await loadKnowledge(kbDir);
    expect(knowledge.entries.length).toBeGreaterThan(100);
    expect(knowledge.synonyms.length).toBeGreaterThan(10);
    expect(knowledge.outOfScope.length).toBeGreaterThan(10);
  });
});
