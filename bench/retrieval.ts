/**
 * npm run bench:retrieval — build, load and query a knowledge index scaled to N chunks (default
 * 100,000) made from kb-data's own sentences, recombined with product names and numbers.
 * The build runs here; load time, memory and query latency are measured in a fresh child process
 * so that the build's garbage does not count. 127.0.0.1 only: nothing here touches the network.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge, buildKnowledgeIndex, loadKnowledgeIndex, saveKnowledgeIndex, type IndexSettings, type PassageEntry } from '../src/knowledge/index.js';
import { seededRandom } from '../src/shared/seeded-random.js';
import { generalWordWeight } from '../src/knowledge/general-word-weight.js';
import { Tokenizer, type TokenizerSettings } from '../src/knowledge/tokenizer.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const settings: IndexSettings = { embedder: 'local', dimension: 128, fusion: { keywordWeight: 1, vectorWeight: 0.7, rrfK: 20, coverageWeight: 1 } };

const QUERIES = [
  '紧急热线一年能打几次', '蓝凌一级故障多久响应', 'K3 CSP 服务时间是几点到几点', '云备份服务适合什么客户', '数据库转换支持达梦吗',
  '工单一个月没确认会怎样', '现场服务包有多少人天', '私有云部署运维包括哪些内容', '性能优化服务的保障期多长', '组织拆分服务包括什么',
  '系统挂了打哪个电话', '补丁在哪里下载', '服务过期了还能报障吗', '公有云数据删了能恢复吗', '升级服务怎么交付',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function measureLoadAndQuery(indexDir: string): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  // jieba's dictionaries load once per process, whatever the index: timed on their own.
  const dictionaryStarted = performance.now();
  new Tokenizer(JSON.parse(readFileSync(path.join(indexDir, 'tokenizer.json'), 'utf8')) as TokenizerSettings);
  generalWordWeight('金蝶');
  const dictionaryMs = performance.now() - dictionaryStarted;
  const loadStarted = performance.now();
  const index = loadKnowledgeIndex(indexDir, settings);
  const loadMs = performance.now() - loadStarted;
  globalThis.gc?.();
  const rssLoaded = process.memoryUsage().rss;
  const vectors = await Promise.all(QUERIES.map((query) => index.embedder.embedQuery(query)));
  const embedTimes: number[] = [];
  const retrieveTimes: number[] = [];
  for (let round = 0; round < 200; round++) {
    for (const [i, query] of QUERIES.entries()) {
      let t = performance.now();
      await index.embedder.embedQuery(query);
      embedTimes.push(performance.now() - t);
      t = performance.now();
      await index.retriever.retrieve(query, { k: 5, queryVector: vectors[i]! });
      retrieveTimes.push(performance.now() - t);
    }
  }
  // The first rounds warm the JIT; measure the rest.
  const warm = (times: number[]) => times.slice(QUERIES.length * 20).sort((a, b) => a - b);
  const embed = warm(embedTimes);
  const retrieve = warm(retrieveTimes);
  process.stdout.write(JSON.stringify({
    chunks: index.manifest.chunkCount,
    units: index.manifest.unitCount,
    loadMs: Math.round(loadMs),
    dictionaryMs: Math.round(dictionaryMs),
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    rssIndexMB: Math.round((rssLoaded - rssBefore) / 2 ** 20),
    retrieveP50: retrieve[Math.floor(retrieve.length / 2)],
    retrieveP99: percentile(retrieve, 0.99),
    retrieveP90: percentile(retrieve, 0.9),
    retrieveMax: retrieve[retrieve.length - 1],
    embedP50: embed[Math.floor(embed.length / 2)],
    embedP99: percentile(embed, 0.99),
  }));
}

/**
 * A sampler of Chinese words by their frequency in jieba's dictionary: synthetic text with the
 * Zipf-shaped vocabulary of real documents, so postings lists have realistic lengths (recombining
 * kb-data's own 2,000 sentences alone would make every query term appear in half the corpus).
 */
function wordSampler(random: () => number): () => string {
  const require = createRequire(import.meta.url);
  const dictionary = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  const words: string[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const line of dictionary.split('\n')) {
    const [word, frequency] = line.split(' ');
    const count = Number(frequency);
    if (!word || !(count > 0)) continue;
    total += count;
    words.push(word);
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return words[low]!;
  };
}

async function syntheticKnowledge(targetChunks: number) {
  const base = await loadKnowledge(path.join(root, 'kb-data'));
  const sentences: string[] = [];
  for (const entry of base.entries) {
    const texts = entry.kind === 'faq' ? [entry.answer] : entry.sections.map((section) => section.text);
    for (const text of texts) for (const sentence of text.split(/(?<=[。！？；])/)) if (sentence.trim().length > 8) sentences.push(sentence.trim());
  }
  const products = ['金蝶云·星空', '金蝶云·苍穹', '金蝶云·星瀚', 'EAS Cloud', 's-HR', 'K/3 WISE', '蓝凌 EKP', '精斗云', 'KIS', '云之家'];
  const topics = ['总账', '应收', '应付', '存货', '成本', '生产', '采购', '销售', '薪酬', '考勤', '流程', '门户', '预算', '报表', '合并'];
  const random = seededRandom(2026);
  const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const word = wordSampler(random);
  const sentence = () => Array.from({ length: 6 + Math.floor(random() * 10) }, word).join('') + '。';
  const entries: PassageEntry[] = [...base.entries.filter((entry): entry is PassageEntry => entry.kind === 'passage')];
  for (let i = 0; entries.length < targetChunks; i++) {
    const product = pick(products);
    const topic = pick(topics);
    // One chunk in ten restates kb-data sentences; the rest is frequency-sampled Chinese.
    const body = (i % 10 === 0
      ? Array.from({ length: 3 + Math.floor(random() * 3) }, () => pick(sentences)).join('')
      : Array.from({ length: 4 + Math.floor(random() * 4) }, sentence).join('')
    ).slice(0, 220);
    entries.push({
      kind: 'passage', docId: `synthetic-${i}`, title: `${product}${topic}服务说明 ${i}`, product: [product], tags: [topic], path: `synthetic/${i}.md`,
      source: null, sections: [{ text: `${product} 的${topic}模块：${body}`, source: null }],
    });
  }
  return { ...base, entries: [...entries, ...base.entries.filter((entry) => entry.kind === 'faq')] };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measureLoadAndQuery(process.argv[3]!);
  const target = Number(process.env.BENCH_CHUNKS ?? 100_000);
  const knowledge = await syntheticKnowledge(target);
  const stageTimes = new Map<string, number>();
  let stage = '';
  let stageStarted = performance.now();
  const started = performance.now();
  const built = await buildKnowledgeIndex(knowledge, settings, (next) => {
    if (next === stage) return;
    if (stage) stageTimes.set(stage, performance.now() - stageStarted);
    stage = next;
    stageStarted = performance.now();
  });
  stageTimes.set(stage, performance.now() - stageStarted);
  const buildMs = performance.now() - started;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-index-'));
  const saveStarted = performance.now();
  saveKnowledgeIndex(path.join(dir, 'index'), built);
  const saveMs = performance.now() - saveStarted;
  const buildRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const chunks = built.index.manifest.chunkCount;
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', path.join(dir, 'index')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const measured = JSON.parse(output) as Record<string, number>;
  if (process.env.BENCH_KEEP_INDEX) console.log(`index kept in ${dir}/index`);
  else rmSync(dir, { recursive: true, force: true });
  const per10k = (buildMs / chunks) * 10_000;
  const stages = [...stageTimes.entries()].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ');
  console.log(`retrieval benchmark — ${chunks.toLocaleString('en')} chunks, ${built.index.manifest.unitCount.toLocaleString('en')} match units, embedder ${built.index.manifest.embedderId}, ${os.cpus().length} cores, node ${process.version}`);
  console.log(`build        ${(buildMs / 1000).toFixed(1)} s (${(per10k / 1000).toFixed(2)} s per 10k chunks; ${stages}); save ${(saveMs / 1000).toFixed(2)} s; builder RSS ${buildRssMB} MB`);
  console.log(`load         ${measured.loadMs} ms (index files), plus ${measured.dictionaryMs} ms once per process for jieba's dictionaries`);
  console.log(`memory       ${measured.rssMB} MB RSS after load and queries (index ${measured.rssIndexMB} MB)`);
  console.log(`retrieval    p50 ${measured.retrieveP50!.toFixed(3)} ms, p99 ${measured.retrieveP99!.toFixed(3)} ms (BM25 + HNSW + fusion + rerank, query vector given)`);
  console.log(`query embed  p50 ${measured.embedP50!.toFixed(3)} ms, p99 ${measured.embedP99!.toFixed(3)} ms`);
}

await main();
