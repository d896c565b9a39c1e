import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, openKnowledgeIndex, readManifest, type Answer, type IndexSettings } from '../../src/knowledge/index.js';
import { copyMiniKb, defaultIndexSettings, seededRandom, tempDir } from './knowledge-test-support.js';

/**
 * The index is built once, saved, and loaded at start; it is rebuilt when kb-data or the settings
 * change, and a damaged saved index is rebuilt rather than taking the service down. Runs on the
 * small mini-kb fixture (copied, since some tests edit it), so every build takes well under a second.
 */
let root: string;
let cleanup: () => void;
let knowledgeDirectory: string;
let indexDirectory: string;
let settings: IndexSettings;
let firstBuild: Awaited<ReturnType<typeof openKnowledgeIndex>>;

const QUESTION = '热线一年能打几次';

async function answerWith(index: Awaited<ReturnType<typeof openKnowledgeIndex>>['index'], question = QUESTION): Promise<Answer> {
  return new KnowledgeBase(index).answer(question);
}

/** What the customer sees of an answer (scores may differ in the last digits between equivalent indexes). */
function visible(answer: Answer) {
  return { answered: answer.answered, answer: answer.answer, citations: answer.citations.map(({ docId, title, source }) => ({ docId, title, source })) };
}

/** A fresh copy of the saved index, for a test to damage. */
function copyOfSavedIndex(name: string): string {
  const copy = path.join(root, name);
  cpSync(indexDirectory, copy, { recursive: true });
  return copy;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('index'));
  knowledgeDirectory = copyMiniKb(root);
  indexDirectory = path.join(root, 'index');
  settings = defaultIndexSettings();
  firstBuild = await openKnowledgeIndex(knowledgeDirectory, indexDirectory, settings);
});

afterAll(() => cleanup());

describe('first open builds and saves', () => {
  it('reports a rebuild and answers from the fixture', async () => {
    expect(firstBuild.rebuilt).toBe(true);
    const answer = await answerWith(firstBuild.index);
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('6 次'); // the fixture's number, not kb-data's 4
    expect(answer.citations[0]?.docId).toBe('demo-hotline-yearly-limit');
  });

  it('writes a manifest with the embedder id, the dimension and a content hash', () => {
    const manifest = readManifest(indexDirectory);
    expect(manifest).toBeDefined();
    expect(manifest!.embedderId).toMatch(/\S/);
    expect(manifest!.embedderId).toBe(firstBuild.index.embedder.id);
    expect(manifest!.dimension).toBe(settings.dimension);
    expect(manifest!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest!.entryCount).toBe(5);
    expect(manifest!.chunkCount).toBe(firstBuild.index.chunks.length);
    expect(existsSync(path.join(indexDirectory, 'manifest.json'))).toBe(true);
    expect(readdirSync(indexDirectory).length).toBeGreaterThanOrEqual(3); // the tables and vectors beside it
  });

  it('leaves no staging directory behind', () => {
    const leftovers = ['index.tmp-' + process.pid].filter((name) => existsSync(path.join(root, name)));
    expect(leftovers).toEqual([]);
  });
});

describe('a second open', () => {
  it('loads without rebuilding and answers exactly the same', async () => {
    const before = readManifest(indexDirectory)!;
    const second = await openKnowledgeIndex(knowledgeDirectory, indexDirectory, settings);
    expect(second.rebuilt).toBe(false);
    expect(readManifest(indexDirectory)!.builtAt).toBe(before.builtAt);
    for (const question of [QUESTION, '工单多久会自动关闭', '备份保留多久', '上门服务多久能到', '明天杭州会下雨吗']) {
      const fresh = await answerWith(firstBuild.index, question);
      const loaded = await answerWith(second.index, question);
      expect(loaded, question).toEqual(fresh);
    }
  });

  it('rebuilds when forced', async () => {
    const forced = await openKnowledgeIndex(knowledgeDirectory, indexDirectory, settings, { force: true });
    expect(forced.rebuilt).toBe(true);
  });
});

describe('changes trigger a rebuild', () => {
  it('editing a knowledge file rebuilds, and the answer follows the edit', async () => {
    const { dir: editRoot, cleanup: cleanupEdit } = tempDir('index-edit');
    try {
      const knowledge = copyMiniKb(editRoot);
      const index = path.join(editRoot, 'index');
      expect((await openKnowledgeIndex(knowledge, index, settings)).rebuilt).toBe(true);
      const faqFile = path.join(knowledge, 'faq/service.yaml');
      writeFileSync(faqFile, readFileSync(faqFile, 'utf8').replace('每年最多 6 次', '每年最多 8 次'));
      const afterEdit = await openKnowledgeIndex(knowledge, index, settings);
      expect(afterEdit.rebuilt).toBe(true);
      expect((await answerWith(afterEdit.index)).answer).toContain('8 次');
      expect((await openKnowledgeIndex(knowledge, index, settings)).rebuilt).toBe(false);

      // A new file counts too, and so does a settings file such as synonyms.txt.
      writeFileSync(path.join(knowledge, 'faq/extra.jsonl'), '{"id": "demo-invoice", "question": "发票怎么开？", "answer": "在控制台的账单页申请电子发票。"}\n');
      const afterNewFile = await openKnowledgeIndex(knowledge, index, settings);
      expect(afterNewFile.rebuilt).toBe(true);
      expect(afterNewFile.index.chunks.some((chunk) => chunk.docId === 'demo-invoice')).toBe(true);
      appendFileSync(path.join(knowledge, 'synonyms.txt'), '发票 票据 invoice\n');
      expect((await openKnowledgeIndex(knowledge, index, settings)).rebuilt).toBe(true);
    } finally {
      cleanupEdit();
    }
  });

  it('changing the embedding dimension rebuilds with the new dimension', async () => {
    const index = copyOfSavedIndex('index-dimension');
    const reopened = await openKnowledgeIndex(knowledgeDirectory, index, { ...settings, dimension: 64 });
    expect(reopened.rebuilt).toBe(true);
    expect(readManifest(index)!.dimension).toBe(64);
    expect((await answerWith(reopened.index)).answer).toContain('6 次');
  });

  it('a malformed edit fails the open with file and line, and leaves the saved index alone', async () => {
    const { dir: editRoot, cleanup: cleanupEdit } = tempDir('index-bad-edit');
    try {
      const knowledge = copyMiniKb(editRoot);
      const index = copyOfSavedIndex('index-bad-edit');
      const before = readManifest(index)!;
      appendFileSync(path.join(knowledge, 'faq/service.yaml'), '\n- id: demo-broken\n  question: 没有答案的问题\n');
      await expect(openKnowledgeIndex(knowledge, index, settings)).rejects.toThrow(/^faq\/service\.yaml:\d+: .*answer/);
      expect(readManifest(index)!.contentHash).toBe(before.contentHash);
    } finally {
      cleanupEdit();
    }
  });
});

describe('a damaged saved index is rebuilt instead of crashing', () => {
  // Whatever files the index format uses, each one may be cut short (disk full, a copy that was
  // interrupted), lost, overwritten with junk, or come from another build.
  let savedFiles: string[];
  let otherBuild: string;

  beforeAll(async () => {
    savedFiles = readdirSync(indexDirectory).filter((file) => file !== 'manifest.json');
    const otherKnowledge = copyMiniKb(path.join(root, 'other'));
    writeFileSync(path.join(otherKnowledge, 'faq/extra.jsonl'), '{"id": "demo-invoice", "question": "发票怎么开？", "answer": "在控制台的账单页申请电子发票。"}\n');
    otherBuild = path.join(root, 'other', 'index');
    await openKnowledgeIndex(otherKnowledge, otherBuild, settings);
  });

  const damages: Array<[string, (file: string, name: string) => void]> = [
    ['cut to half its length', (file) => truncateSync(file, Math.floor(statSync(file).size / 2))],
    ['deleted', (file) => rmSync(file)],
    ['overwritten with junk of the same length', (file) => {
      const random = seededRandom(statSync(file).size);
      writeFileSync(file, Buffer.from(Array.from({ length: statSync(file).size }, () => Math.floor(random() * 256))));
    }],
    ['replaced by the same file of another build', (file, name) => cpSync(path.join(otherBuild, name), file)],
  ];

  it.each(damages)('any data file %s', async (how, damage) => {
    expect(savedFiles.length).toBeGreaterThanOrEqual(3);
    for (const [n, name] of savedFiles.entries()) {
      const index = copyOfSavedIndex(`damaged-${damages.findIndex(([other]) => other === how)}-${n}`);
      damage(path.join(index, name), name);
      const reopened = await openKnowledgeIndex(knowledgeDirectory, index, settings).catch((error: unknown) => {
        throw new Error(`${name} ${how}: open failed: ${(error as Error).message}`);
      });
      for (const question of [QUESTION, '工单多久会自动关闭', '备份保留多久']) {
        const answer = await answerWith(reopened.index, question).catch((error: unknown) => {
          throw new Error(`${name} ${how}: answering "${question}" failed: ${(error as Error).message}`);
        });
        expect(visible(answer), `${name} ${how}: ${question}`).toEqual(visible(await answerWith(firstBuild.index, question)));
      }
      // and what was repaired loads cleanly the next time
      expect((await openKnowledgeIndex(knowledgeDirectory, index, settings)).rebuilt, `${name} ${how}: reopened`).toBe(false);
    }
  });

  it('a half-written manifest.json', async () => {
    const index = copyOfSavedIndex('damaged-manifest');
    writeFileSync(path.join(index, 'manifest.json'), '{"formatVersion": 4, "contentHash": ');
    const reopened = await openKnowledgeIndex(knowledgeDirectory, index, settings);
    expect(reopened.rebuilt).toBe(true);
    expect(await answerWith(reopened.index)).toEqual(await answerWith(firstBuild.index));
    expect(readManifest(index)?.contentHash).toBe(readManifest(indexDirectory)?.contentHash);
  });
});
