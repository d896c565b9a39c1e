import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'kefu');

/** Runs bin/kefu offline (no LLM settings leak in from the environment). */
function kefu(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'KEFU_LLM_MODEL', 'KEFU_SEVERITY_LLM']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: os_tmp(), env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Run from another directory: bin/kefu must find its examples wherever it is started. */
function os_tmp(): string {
  return path.parse(root).root;
}

describe('kefu classify --jsonl', () => {
  it('answers every line in order, echoes ids, and reports malformed lines without stopping', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: '系统挂了，全公司都登不上！' }),
      'this is not json',
      JSON.stringify({ id: 7, text: '请问凭证怎么反过账' }),
      JSON.stringify({ id: 'missing-text' }),
      '',
      JSON.stringify({ id: 'b', text: '   ' }),
      JSON.stringify({ id: 'c', text: '全公司都这样', history: ['系统打不开了'] }),
      JSON.stringify({ id: 'd', text: '建议增加一个导出按钮' }),
    ].join('\n');
    const { code, stdout } = await kefu(['classify', '--jsonl'], `${input}\n`);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    // Nothing but JSON on stdout, one line per non-empty input line.
    const outputs = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outputs.map((output) => output.id)).toEqual(['a', null, 7, 'missing-text', 'b', 'c', 'd']);

    expect(outputs[0]).toMatchObject({ level: 1, critical: true });
    expect(Object.keys(outputs[0] ?? {}).sort()).toEqual(['confidence', 'critical', 'cues', 'id', 'level']);
    expect(outputs[1]).toEqual({ id: null, error: 'not a JSON object' });
    expect(outputs[2]).toMatchObject({ level: 4, critical: false });
    expect(outputs[3]?.error).toMatch(/text/);
    expect(outputs[4]).toEqual({ id: 'b', error: 'text is empty' });
    expect(outputs[5]).toMatchObject({ level: 1, critical: true });
    expect(outputs[6]).toMatchObject({ level: 5 });

    const cues = outputs[0]?.cues as Array<Record<string, unknown>>;
    expect(cues.length).toBeGreaterThan(0);
    expect(cues[0]).toEqual(expect.objectContaining({ phrase: expect.any(String), kind: expect.any(String), towards: expect.any(Array) }));
    expect(typeof outputs[0]?.confidence).toBe('number');
  });

  it('handles an empty input', async () => {
    const { code, stdout } = await kefu(['classify', '--jsonl'], '');
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });
});

describe('kefu classify "text"', () => {
  it('prints level, critical, confidence, cues and missing facts for a person', async () => {
    const { code, stdout } = await kefu(['classify', '系统登不上了']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^level:\s+1/m);
    expect(stdout).toMatch(/^critical:\s+true/m);
    expect(stdout).toMatch(/^confidence:\s+0\.\d\d/m);
    expect(stdout).toMatch(/^cues:\n\s+- impact/m);
    expect(stdout).toMatch(/^missing:.*scope/m);
  });

  it('takes earlier turns with --history', async () => {
    const { stdout } = await kefu(['classify', '就我一个人，同事都正常', '--history', '系统登不上']);
    expect(stdout).toMatch(/^level:\s+3/m);
  });

  it('rejects a call with nothing to classify', async () => {
    const { code, stderr } = await kefu(['classify']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nothing to classify/);
  });
});
