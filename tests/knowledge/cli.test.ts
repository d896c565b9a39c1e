import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { kefuBin, repoRoot, tempDir, writeFiles } from './knowledge-test-support.js';

/**
 * `bin/kefu` as a user and the evaluation harness run it: a real process, stdin/stdout, exit code.
 * The index goes to a temp KEFU_INDEX_DIR (built once, in beforeAll, by `kefu index`), so the tests
 * neither share nor disturb the developer's .kefu/index.
 */
let root: string;
let cleanup: () => void;
let environment: NodeJS.ProcessEnv;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kefu(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(kefuBin, args, { cwd: repoRoot, env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  const lines = stdout.split('\n');
  expect(lines.pop(), 'stdout ends with a newline').toBe('');
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('cli'));
  // Only what the process needs: no KEFU_*, OPENAI_* or REDIS_URL from the developer's shell.
  environment = { PATH: process.env.PATH, HOME: process.env.HOME, KEFU_INDEX_DIR: path.join(root, 'index') };
  const built = await kefu(['index']);
  expect(built.code, built.stderr).toBe(0);
  expect(built.stderr).toMatch(/built: \d+ entries/);
  expect(built.stdout).toBe('');
});

afterAll(() => cleanup());

describe('kefu ask --jsonl', () => {
  it('answers line by line, in order, echoing ids; a malformed line gets an error line of its own', async () => {
    const input = [
      JSON.stringify({ id: 'q-hotline', question: '紧急热线一年最多用几次' }),
      '{"id": "q-broken", "question": "没有闭合的引号}',
      JSON.stringify({ id: 3, question: '明天上海会下雨吗' }),
      '',
    ].join('\n');
    const run = await kefu(['ask', '--jsonl'], input);
    noStackTrace(run.stderr);
    const [hotline, broken, weather, ...rest] = jsonLines(run.stdout);
    expect(rest).toEqual([]);

    expect(hotline).toMatchObject({ id: 'q-hotline', answered: true });
    expect(String(hotline!.answer).replace(/\s+/g, '')).toContain('4次');
    expect(hotline!.confidence).toBeGreaterThan(0);
    expect(hotline!.confidence).toBeLessThanOrEqual(1);
    const citations = hotline!.citations as Array<Record<string, unknown>>;
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) {
      expect(Object.keys(citation).sort()).toEqual(['docId', 'score', 'source', 'title']);
      expect(typeof citation.docId).toBe('string');
      expect(typeof citation.title).toBe('string');
      expect(typeof citation.score).toBe('number');
    }
    expect(citations[0]!.source).toMatchObject({ file: '003_aaa4dff8e8109dea.txt' });
    const [from, to] = (citations[0]!.source as { lines: [number, number] }).lines;
    expect(from).toBeLessThanOrEqual(70);
    expect(to).toBeGreaterThanOrEqual(70);

    expect(broken).toHaveProperty('error');
    expect(broken).not.toHaveProperty('answered');

    expect(weather).toMatchObject({ id: 3, answered: false, citations: [] });
    expect(String(weather!.answer)).toMatch(/人工|工单/);
  });

  it('a JSON line that is not an object, or has no question, still gets its own line', async () => {
    const run = await kefu(['ask', '--jsonl'], ['[1, 2]', '{"id": "no-question"}', '"just a string"', ''].join('\n'));
    noStackTrace(run.stderr);
    const [array, noQuestion, string, ...rest] = jsonLines(run.stdout);
    expect(rest).toEqual([]);
    expect(array).toHaveProperty('error');
    expect(noQuestion).toMatchObject({ id: 'no-question', answered: false, citations: [] });
    expect(string).toHaveProperty('error');
  });

  it('--kb-dir with only a plain faq.jsonl: its ids come back as docId, with source null', async () => {
    const kb = writeFiles(path.join(root, 'vendor-kb'), {
      'faq.jsonl': [
        { id: 'vendor-001', question: '如何重置管理员密码？', answer: '在登录页点击“忘记密码”，用短信验证码重置。' },
        { id: 'vendor-002', question: '发票多久能开出来？', answer: '付款后 3 个工作日内开具电子发票。' },
        { id: 'vendor-003', question: '系统支持哪些浏览器？', answer: '支持最新版 Chrome、Edge 和 Firefox。' },
      ]
        .map((item) => JSON.stringify(item))
        .join('\n'),
    });
    const input = [JSON.stringify({ id: 'a', question: '管理员密码忘了怎么重置' }), JSON.stringify({ id: 'b', question: '发票什么时候能开出来' }), ''].join('\n');
    const run = await kefu(['ask', '--jsonl', '--kb-dir', kb], input);
    expect(run.code, run.stderr).toBe(0);
    const [password, invoice, ...rest] = jsonLines(run.stdout);
    expect(rest).toEqual([]);
    expect(password).toMatchObject({ id: 'a', answered: true });
    expect((password!.citations as Array<Record<string, unknown>>)[0]).toMatchObject({ docId: 'vendor-001', source: null });
    expect(password!.answer).toContain('忘记密码');
    expect(invoice).toMatchObject({ id: 'b', answered: true });
    expect((invoice!.citations as Array<Record<string, unknown>>)[0]).toMatchObject({ docId: 'vendor-002', source: null });
  });
});

describe('kefu ask "question" (human mode)', () => {
  it('prints the answer and its sources', async () => {
    const run = await kefu(['ask', '热线一年能打几次']);
    expect(run.code, run.stderr).toBe(0);
    noStackTrace(run.stderr);
    expect(run.stdout.replace(/\s+/g, '')).toContain('4次');
    expect(run.stdout).toContain('来源');
    expect(run.stdout).toContain('003_aaa4dff8e8109dea.txt');
    expect(run.stdout).toMatch(/第 \d+–\d+ 行/);
  });

  it('without a question: usage on stderr, exit code 2, nothing on stdout', async () => {
    const run = await kefu(['ask']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/usage/);
  });
});

describe('kefu import-faq', () => {
  it('converts a vendor CSV into kb-data YAML that loads back unchanged', async () => {
    const csv = path.join(root, 'vendor-faq.csv');
    writeFiles(root, {
      'vendor-faq.csv': [
        '\uFEFFid,question,answer,similar',
        'imp-001,热线一年能打几次？,"每年最多 4 次，只用于致命故障。",热线次数|一年几次热线',
        'imp-002,工单多久自动关闭？,"方案给出后一个月没确认，就自动关闭：可在一个月内申请重新开放。",',
        'imp-003,"有""驻场""服务吗？","有，按次、定期或长期驻场。",驻场服务',
        '',
      ].join('\r\n'),
    });
    const out = path.join(root, 'imported-kb/faq/imported.yaml');
    writeFiles(root, { 'imported-kb/faq/.keep': '' });
    const run = await kefu(['import-faq', csv, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^#/); // says where it came from, for the admin

    const { entries } = await loadKnowledge(path.join(root, 'imported-kb'));
    expect(entries.map((entry) => (entry.kind === 'faq' ? [entry.docId, entry.question, entry.answer, entry.similar, entry.source] : entry.kind))).toEqual([
      ['imp-001', '热线一年能打几次？', '每年最多 4 次，只用于致命故障。', ['热线次数', '一年几次热线'], null],
      ['imp-002', '工单多久自动关闭？', '方案给出后一个月没确认，就自动关闭：可在一个月内申请重新开放。', [], null],
      ['imp-003', '有"驻场"服务吗？', '有，按次、定期或长期驻场。', ['驻场服务'], null],
    ]);
  });

  it('converts a .jsonl too', async () => {
    writeFiles(root, { 'vendor.jsonl': '{"id": "j-1", "question": "支持哪些浏览器？", "answer": "Chrome: 最新版; Edge: 最新版"}\n' });
    const out = path.join(root, 'imported-jsonl/faq/imported.yaml');
    writeFiles(root, { 'imported-jsonl/faq/.keep': '' });
    const run = await kefu(['import-faq', path.join(root, 'vendor.jsonl'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const { entries } = await loadKnowledge(path.join(root, 'imported-jsonl'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'faq', docId: 'j-1', answer: 'Chrome: 最新版; Edge: 最新版', source: null });
  });

  it('a malformed input file fails with its name and line, and writes nothing', async () => {
    writeFiles(root, { 'broken.jsonl': '{"id": "ok", "question": "q", "answer": "a"}\n{"id": "bad", "question": \n' });
    const out = path.join(root, 'never.yaml');
    const run = await kefu(['import-faq', path.join(root, 'broken.jsonl'), '--out', out]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/broken\.jsonl:2: /);
    noStackTrace(run.stderr);
    expect(() => readFileSync(out)).toThrow();
  });
});
