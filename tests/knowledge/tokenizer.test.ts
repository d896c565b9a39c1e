import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, normalizeText, Tokenizer, type LoadedKnowledge } from '../../src/knowledge/index.js';
import { kbDir } from './knowledge-test-support.js';

/**
 * The tokenizer decides what a customer's words match: the same tokens must come out of the way a
 * document writes a thing and the ways customers type it. Uses kb-data's own dictionary, synonym
 * table and stop words, as the index does.
 */
let knowledge: LoadedKnowledge;
let tokenizer: Tokenizer;

beforeAll(async () => {
  knowledge = await loadKnowledge(kbDir);
  tokenizer = new Tokenizer({ dictionary: knowledge.dictionary, synonyms: knowledge.synonyms, stopwords: knowledge.stopwords });
});

const unique = (tokens: string[]) => [...new Set(tokens)].sort();

describe('synonyms fold to the canonical word of kb-data/synonyms.txt', () => {
  it('宕机 / 瘫痪 / 挂了 / 崩溃 / 登不上 all become the same term, the group’s first word', () => {
    const group = knowledge.synonyms.find((words) => words.includes('瘫痪'));
    expect(group?.[0]).toBe('宕机');
    for (const word of ['宕机', '瘫痪', '挂了', '崩溃', '登不上']) expect(tokenizer.tokens(word), word).toEqual(['宕机']);
  });

  it('both ways: a document saying 瘫痪 and a customer saying 挂了 share the term', () => {
    const document = tokenizer.tokens('系统瘫痪，已无法正常工作');
    const question = tokenizer.tokens('我们的系统挂了怎么办');
    expect(document).toContain('宕机');
    expect(question).toContain('宕机');
    expect(tokenizer.tokens('系统宕机了')).toEqual(tokenizer.tokens('系统崩溃了'));
  });

  it('English and other-script variants fold too (down, hotline, Kingdee, Landray)', () => {
    expect(tokenizer.tokens('system DOWN')).toContain('宕机');
    expect(tokenizer.tokens('Hotline')).toEqual(['热线']);
    expect(tokenizer.tokens('Kingdee')).toEqual(['金蝶']);
    expect(tokenizer.tokens('landray')).toEqual(['蓝凌']);
  });

  it('every variant in synonyms.txt yields its group’s canonical term', () => {
    const missing: string[] = [];
    for (const group of knowledge.synonyms) {
      const canonical = normalizeText(group[0]!).replace(/\s+/g, '');
      for (const variant of group) if (!tokenizer.tokens(variant).includes(canonical)) missing.push(`${variant} → ${JSON.stringify(tokenizer.tokens(variant))}, want ${canonical}`);
    }
    // A variant mixing digits and Chinese ("400电话") is cut into "400" + "电话" before folding, so
    // the table entry has no effect at all.
    expect(missing).toEqual([]);
  });
});

describe('product names and service-hour notation', () => {
  it('金蝶云·星空, 金蝶云 星空, 金蝶云星空 and 金蝶云・星空 give the same tokens', () => {
    const expected = tokenizer.tokens('金蝶云星空');
    expect(expected).toContain('金蝶云星空');
    for (const spelling of ['金蝶云·星空', '金蝶云 星空', '金蝶云・星空', '金蝶云•星空']) expect(tokenizer.tokens(spelling), spelling).toEqual(expected);
  });

  it('星空, 云星空 and K/3 Cloud spellings reach the same product term', () => {
    for (const spelling of ['星空', '云星空', 'K/3Cloud', 'K3Cloud']) expect(tokenizer.tokens(spelling), spelling).toContain('金蝶云星空');
  });

  it('7×24, 7*24, 7x24, 7X24, 7 × 24 and full-width ７×２４ are one term', () => {
    for (const spelling of ['7×24', '7*24', '7x24', '7X24', '7 × 24', '７×２４', '７＊２４']) expect(tokenizer.tokens(spelling), spelling).toEqual(['7x24']);
    expect(tokenizer.tokens('热线是7*24小时的吗')).toEqual(tokenizer.tokens('热线是7×24小时的吗'));
  });

  it('K/3, K/3 WISE, s-HR and 4006-222-312 stay whole', () => {
    expect(tokenizer.tokens('K/3')).toEqual(['k/3']);
    expect(tokenizer.tokens('K/3 WISE 升级')).toEqual(expect.arrayContaining(['k/3', 'wise']));
    expect(tokenizer.tokens('K/3 WISE 升级')).not.toContain('3');
    expect(tokenizer.tokens('s-HR')).toEqual(['s-hr']);
    expect(tokenizer.tokens('400 热线 4006-222-312')).toContain('4006-222-312');
  });

  it('K/3WISE and K3WISE fold to one term', () => {
    expect(tokenizer.tokens('K3WISE')).toEqual(tokenizer.tokens('K/3WISE'));
  });
});

describe('stop words and case', () => {
  it('a question made only of courtesy and function words has no terms', () => {
    expect(tokenizer.tokens('您好，请问一下')).toEqual([]);
    expect(tokenizer.tokens('你好，在吗？')).toEqual([]);
    expect(tokenizer.tokens('好的，谢谢')).toEqual([]);
  });

  it('stop words are dropped from a real question, the content words stay', () => {
    const tokens = tokenizer.tokens('您好，请问一下你们的热线一年能打几次呢？');
    for (const stop of ['您好', '请问', '一下', '你们', '的', '呢', '能']) expect(tokens).not.toContain(stop);
    expect(tokens).toEqual(expect.arrayContaining(['热线', '几次']));
  });

  it('every word of stopwords.txt, typed alone, leaves no term behind', () => {
    // "有没有" must not turn into "没有", nor "能不能" into "不能": the question is not negative.
    const leftovers = knowledge.stopwords.map((word) => [word, tokenizer.tokens(word)] as const).filter(([, tokens]) => tokens.length > 0);
    expect(leftovers.map(([word, tokens]) => `${word} → ${tokens.join(' ')}`)).toEqual([]);
  });

  it('English is lower-cased, English stop words dropped', () => {
    expect(tokenizer.tokens('How many EMERGENCY Calls')).toEqual(['many', 'emergency', 'calls']);
    expect(tokenizer.tokens('EKP')).toEqual(tokenizer.tokens('ekp'));
    expect(tokenizer.tokens('ＥＫＰ')).toEqual(['ekp']); // full-width letters from Chinese keyboards
  });

  it('punctuation, emoji and empty input give no terms and do not throw', () => {
    for (const text of ['', '   ', '？！。，', '😀👍🎉', '\u0000\u0001']) expect(tokenizer.tokens(text), JSON.stringify(text)).toEqual([]);
  });
});

describe('normalizeText', () => {
  it('folds full-width forms, middle dots and spaces between Chinese characters', () => {
    expect(normalizeText('金蝶云·星空')).toBe('金蝶云星空');
    expect(normalizeText('金蝶云 星空')).toBe('金蝶云星空');
    expect(normalizeText('ＫＩＳ')).toBe('kis');
    expect(normalizeText('5 X 8')).toBe('5x8');
  });

  it('leaves the spaces between English words', () => {
    expect(normalizeText('EAS Cloud')).toBe('eas cloud');
  });
});

describe('tokens are stable', () => {
  it('the same text gives the same tokens on every call and from a second tokenizer', () => {
    const text = '金蝶云·星空 系统挂了，紧急热线7*24小时能打吗？';
    const other = new Tokenizer({ dictionary: knowledge.dictionary, synonyms: knowledge.synonyms, stopwords: knowledge.stopwords });
    expect(tokenizer.tokens(text)).toEqual(tokenizer.tokens(text));
    expect(other.tokens(text)).toEqual(tokenizer.tokens(text));
    expect(unique(tokenizer.tokens(text))).toEqual(expect.arrayContaining(['7x24', '宕机', '热线', '金蝶云星空']));
  });
});
