import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * How informative a word is in general Chinese, from the IDF table that ships with jieba. Used to
 * judge whether a question's meaningful words are covered by an answer: "你们" or "一下" say little,
 * "发票" or "价格" say a lot, whether or not our corpus happens to contain them.
 */
const UNLISTED_WEIGHT = 10;
let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  const { idf } = require('@node-rs/jieba/dict') as { idf: Uint8Array };
  const map = new Map<string, number>();
  for (const line of Buffer.from(idf).toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

export function generalWordWeight(term: string): number {
  table ??= load();
  return table.get(term) ?? UNLISTED_WEIGHT;
}
