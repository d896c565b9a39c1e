import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Chunk, KnowledgeEntry, MatchUnit } from './knowledge-entry.js';

/**
 * Turns entries into chunks (what is cited and answered from) and match units (what is indexed).
 * Passage sections are split at Chinese sentence boundaries; a FAQ entry is one chunk matched by its
 * standard question, each similar question, and its question + answer text.
 * Chunk ids are stable: `docId#s<section>c<chunk>` for passages, the FAQ id for FAQ entries.
 */
export interface ChunkedKnowledge {
  chunks: Chunk[];
  units: MatchUnit[];
}

const CHUNK_SIZE = 240;
const CHUNK_OVERLAP = 40;

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: CHUNK_SIZE,
  chunkOverlap: CHUNK_OVERLAP,
  keepSeparator: true,
  separators: ['\n\n', '\n', '。', '！', '？', '；', '!', '?', ';', '，', ',', ' ', ''],
});

const LEADING_PUNCTUATION = /^[。！？；!?;，,]+/;

/** The splitter keeps a separator at the start of the next piece; Chinese wants it at the end. */
function reattachPunctuation(pieces: string[]): string[] {
  const out: string[] = [];
  for (const raw of pieces) {
    let piece = raw;
    const lead = LEADING_PUNCTUATION.exec(piece);
    if (lead && out.length > 0) {
      out[out.length - 1] += lead[0];
      piece = piece.slice(lead[0].length);
    }
    piece = piece.trim();
    if (piece) out.push(piece);
  }
  return out;
}

/** Markdown emphasis and list markers are noise for search and for extracted answers. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 $2')
    .trim();
}

/**
 * Vendor, product and tags belong to what a chunk is about: "蓝凌二级问题多久响应" should find the
 * Landray entry even when its text never repeats the vendor's name.
 */
function metadataLine(entry: KnowledgeEntry): string {
  return [entry.vendor ?? '', ...entry.product, ...entry.tags].join(' ');
}

export async function chunkEntries(entries: KnowledgeEntry[]): Promise<ChunkedKnowledge> {
  const chunks: Chunk[] = [];
  const units: MatchUnit[] = [];
  for (const entry of entries) {
    const metadata = { ...(entry.vendor ? { vendor: entry.vendor } : {}), product: entry.product, tags: entry.tags };
    if (entry.kind === 'faq') {
      const chunkIndex = chunks.length;
      const answer = plainText(entry.answer);
      chunks.push({ chunkId: entry.docId, docId: entry.docId, kind: 'faq', title: entry.question, text: answer, source: entry.source, ...metadata });
      for (const question of [entry.question, ...entry.similar]) units.push({ chunkIndex, text: question, role: 'question' });
      units.push({ chunkIndex, text: `${metadataLine(entry)}\n${entry.question}\n${answer}`, role: 'content' });
      continue;
    }
    for (const [sectionIndex, section] of entry.sections.entries()) {
      const text = plainText(section.text);
      if (!text) continue;
      const pieces = reattachPunctuation(await splitter.splitText(text));
      const context = `${metadataLine(entry)}\n${section.heading ? `${entry.title} ${section.heading}` : entry.title}`;
      pieces.forEach((piece, pieceIndex) => {
        const chunkIndex = chunks.length;
        chunks.push({
          chunkId: `${entry.docId}#s${sectionIndex}c${pieceIndex}`,
          docId: entry.docId,
          kind: 'passage',
          title: section.heading ? `${entry.title} · ${section.heading}` : entry.title,
          text: piece,
          source: section.source,
          ...metadata,
        });
        units.push({ chunkIndex, text: `${context}\n${piece}`, role: 'content' });
      });
    }
  }
  return { chunks, units };
}
