import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

const require = createRequire(import.meta.url);

/**
 * Chinese-first tokenisation shared by indexing and querying, so both sides see the same terms:
 * NFKC (full-width → half-width), lower case, jieba search-mode cuts of Chinese runs with the
 * domain dictionary, ASCII words kept whole ("k/3", "s-hr"), synonyms folded to their canonical
 * word, stop words dropped.
 */
export interface TokenizerSettings {
  /** jieba user dictionary lines: `word [freq] [tag]`. */
  dictionary: string;
  /** synonym groups, canonical first. */
  synonyms: string[][];
  stopwords: string[];
}

// Loading jieba's dictionary costs ~250 ms: one instance per user dictionary per process.
const jiebaByDictionary = new Map<string, Jieba>();

function jiebaFor(userDictionary: string): Jieba {
  const cached = jiebaByDictionary.get(userDictionary);
  if (cached) return cached;
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const jieba = Jieba.withDict(dict);
  if (userDictionary.trim()) jieba.loadDict(Buffer.from(userDictionary));
  jiebaByDictionary.set(userDictionary, jieba);
  return jieba;
}

/** Folds what users type to one form: "金蝶云·星空" and "金蝶云 星空" both become "金蝶云星空". */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[·・•]/g, '')
    // "7×24", "7*24", "5 X 8" are one term: the service-hours notation customers and documents use.
    .replace(/(\d)\s*[x×*]\s*(\d)/g, '$1x$2')
    .replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '');
}

const RUN = /([\u3400-\u9fff\uf900-\ufaff]+)|([a-z0-9]+(?:[/\-_.+#][a-z0-9]+)*)/g;
const CJK = /[\u3400-\u9fff]/;

export class Tokenizer {
  private readonly jieba: Jieba;
  private readonly canonical = new Map<string, string>();
  private readonly stopwords: Set<string>;
  /** Multi-word ASCII synonyms ("eas cloud") matched on the normalised text before cutting. */
  private readonly phraseVariants: Array<{ pattern: RegExp; canonical: string }> = [];

  constructor(settings: TokenizerSettings) {
    const dictionaryLines = settings.dictionary
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean)
      .map((line) => {
        const [word, ...rest] = line.split(/\s+/);
        return [normalizeText(word!), ...rest].join(' ');
      })
      // Only Chinese words reach jieba (ASCII runs are kept whole without it), and jieba rejects a
      // whole dictionary when one word contains a space.
      .filter((line) => CJK.test(line.split(' ')[0]!));
    for (const group of settings.synonyms) {
      const canonical = normalizeText(group[0]!);
      for (const variant of group) {
        const folded = normalizeText(variant);
        // Variants of several words ("eas cloud") or mixing digits and Chinese ("400电话") would be
        // cut apart before folding; they are replaced as phrases instead.
        if (/\s/.test(folded) || (/[a-z0-9]/.test(folded) && CJK.test(folded))) {
          const escaped = folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
          this.phraseVariants.push({ pattern: new RegExp(escaped, 'g'), canonical: canonical.replace(/\s+/g, '') });
        } else {
          this.canonical.set(folded, canonical.replace(/\s+/g, ''));
          // Keep every Chinese synonym whole so that folding sees it as one token.
          if (CJK.test(folded)) dictionaryLines.push(`${folded} 5000`);
        }
      }
    }
    this.stopwords = new Set(settings.stopwords.map(normalizeText));
    // A multi-character stop word must reach us whole ("能不能", not "能" + "不能") to be dropped.
    for (const stopword of this.stopwords) if ([...stopword].length > 1 && CJK.test(stopword) && !/[a-z0-9\s]/.test(stopword)) dictionaryLines.push(`${stopword} 5000`);
    this.jieba = jiebaFor(dictionaryLines.join('\n'));
  }

  private fold(token: string): string {
    return this.canonical.get(token) ?? token;
  }

  private isStopword(word: string, term: string): boolean {
    return this.stopwords.has(word) || this.stopwords.has(term);
  }

  /**
   * Terms for keyword search: folded, without stop words, in text order (repeats kept for tf).
   * Each jieba word is cut precisely first, so a stop word is dropped whole ("有没有" never leaks
   * "没有"); a longer word then adds its dictionary sub-words ("系统巡检" → 巡检), each folded term
   * once per word so a product name spelled out in full does not count three times.
   */
  tokens(text: string): string[] {
    let normalized = normalizeText(text);
    for (const { pattern, canonical } of this.phraseVariants) normalized = normalized.replace(pattern, ` ${canonical} `);
    const out: string[] = [];
    for (const match of normalized.matchAll(RUN)) {
      if (match[1]) {
        for (const word of this.jieba.cut(match[1], true)) {
          const term = this.fold(word);
          if (this.isStopword(word, term)) continue;
          out.push(term);
          if ([...word].length <= 2) continue;
          const seen = new Set([term]);
          for (const piece of this.jieba.cutForSearch(word, true)) {
            const pieceTerm = this.fold(piece);
            if (seen.has(pieceTerm) || this.isStopword(piece, pieceTerm)) continue;
            seen.add(pieceTerm);
            out.push(pieceTerm);
          }
        }
      } else if (match[2]) {
        const term = this.fold(match[2]);
        if (!this.stopwords.has(term)) out.push(term);
      }
    }
    return out;
  }

  /**
   * Features for the offline embedder: the terms plus character bigrams of the folded text, which
   * carry partial matches ("巡检" inside "系统巡检服务") that whole words miss.
   */
  features(text: string): string[] {
    return featuresOf(this.tokens(text));
  }
}

/** Embedder features of already-tokenised text (the index build tokenises each unit once). */
export function featuresOf(terms: string[]): string[] {
  const features = terms.slice();
  for (const term of terms) {
    if (term.length < 2 || !CJK.test(term)) continue;
    for (let i = 0; i + 1 < term.length; i++) features.push(`²${term.slice(i, i + 2)}`);
  }
  return features;
}
