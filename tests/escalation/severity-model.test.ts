import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledExamplesFile,
  classifySeverity,
  deserializeSeverityModel,
  loadSeverityModel,
  parseSeverityExamples,
  readSeverityExamples,
  serializeSeverityModel,
  trainSeverityModel,
  type SeverityExample,
} from '../../src/escalation/severity/index.js';
import { KnowledgeFileError } from '../../src/shared/errors.js';

const tiny: SeverityExample[] = [
  { text: '系统挂了所有人都登不上', level: 1 },
  { text: '服务器宕机全公司停工', level: 1 },
  { text: '凭证过不了账其他正常', level: 2 },
  { text: '出库单全部审核报错其他正常', level: 2 },
  { text: '个别单据打印错位', level: 3 },
  { text: '只有我一个人报表有点慢', level: 3 },
  { text: '请问怎么设置审批流', level: 4 },
  { text: '怎么安装客户端', level: 4 },
  { text: '建议增加导出按钮', level: 5 },
  { text: '希望以后支持批量打印', level: 5 },
];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'kefu-severity-model-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bundled examples', () => {
  const examples = readSeverityExamples();

  it('are many and cover every level', () => {
    expect(examples.length).toBeGreaterThanOrEqual(400);
    for (const level of [1, 2, 3, 4, 5]) expect(examples.filter((example) => example.level === level).length).toBeGreaterThanOrEqual(80);
  });

  it('include English and mixed text', () => {
    const latin = examples.filter((example) => /[a-z]{4,}/i.test(example.text));
    expect(latin.length / examples.length).toBeGreaterThan(0.1);
  });

  it('train a model that fits them', () => {
    const model = loadSeverityModel({ cacheDir: null });
    const correct = examples.filter((example) => classifySeverity(example.text, { history: example.history ?? [], model }).level === example.level);
    expect(correct.length / examples.length).toBeGreaterThan(0.95);
  });
});

describe('training', () => {
  it('is deterministic', () => {
    expect(serializeSeverityModel(trainSeverityModel(tiny))).toBe(serializeSeverityModel(trainSeverityModel(tiny)));
  });

  it('survives a round trip through JSON', () => {
    const model = trainSeverityModel(tiny);
    const restored = deserializeSeverityModel(serializeSeverityModel(model));
    expect(restored.examplesHash).toBe(model.examplesHash);
    for (const text of ['系统挂了', '凭证报错', '建议加个按钮']) {
      const a = classifySeverity(text, { model });
      const b = classifySeverity(text, { model: restored });
      expect(b.level).toBe(a.level);
      expect(Math.abs(b.confidence - a.confidence)).toBeLessThanOrEqual(0.01);
    }
  });

  it('learns from what it is given', () => {
    const model = trainSeverityModel(tiny, { minDocumentFrequency: 1 });
    expect(classifySeverity('怎么设置审批流', { model }).level).toBe(4);
    expect(classifySeverity('希望以后支持批量打印', { model }).level).toBe(5);
  });

  it('refuses to train on nothing and to load a foreign file', () => {
    expect(() => trainSeverityModel([])).toThrow(/no examples/);
    expect(() => deserializeSeverityModel('{"format":"other"}')).toThrow(/unknown format/);
    expect(() => deserializeSeverityModel('not json')).toThrow(/not JSON/);
  });
});

describe('examples.jsonl parsing', () => {
  it('names the file and line of a bad example', () => {
    const content = ['{"text":"系统挂了","level":1}', '', '{"text":"x","level":9}'].join('\n');
    try {
      parseSeverityExamples(content, 'examples.jsonl');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeFileError);
      expect((error as KnowledgeFileError).line).toBe(3);
      expect((error as Error).message).toMatch(/^examples\.jsonl:3: level/);
    }
    expect(() => parseSeverityExamples('{not json', 'f.jsonl')).toThrow(/f\.jsonl:1: not a JSON object/);
  });

  it('keeps the history of dialogue examples', () => {
    const [example] = parseSeverityExamples('{"text":"全公司都这样","level":1,"history":["系统打不开"]}', 'f.jsonl');
    expect(example).toEqual({ text: '全公司都这样', level: 1, history: ['系统打不开'] });
  });
});

describe('the model cache', () => {
  it('trains once, then loads the cached model keyed by the examples', () => {
    const examplesFile = path.join(scratch, 'examples.jsonl');
    const cacheDir = path.join(scratch, 'cache');
    writeFileSync(examplesFile, tiny.map((example) => JSON.stringify(example)).join('\n'));
    const trained = loadSeverityModel({ examplesFile, cacheDir });
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^severity-model-[0-9a-f]{16}\.json$/);

    // A fresh process would find the file: simulate by loading through another path spelling.
    const again = loadSeverityModel({ examplesFile: `${scratch}/./examples.jsonl`, cacheDir: `${cacheDir}/` });
    expect(again.examplesHash).toBe(trained.examplesHash);

    // Editing the examples changes the key; the stale model is removed.
    const otherFile = path.join(scratch, 'examples-2.jsonl');
    writeFileSync(otherFile, [...tiny, { text: '打印有点慢', level: 3 }].map((example) => JSON.stringify(example)).join('\n'));
    const retrained = loadSeverityModel({ examplesFile: otherFile, cacheDir });
    expect(retrained.examplesHash).not.toBe(trained.examplesHash);
    expect(readdirSync(cacheDir)).toEqual([`severity-model-${retrained.examplesHash.slice(0, 16)}.json`]);
  });

  it('trains from the bundled file by default, in well under a few seconds', () => {
    const started = performance.now();
    const model = loadSeverityModel({ examplesFile: bundledExamplesFile, cacheDir: null });
    expect(model.exampleCount).toBeGreaterThanOrEqual(400);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
