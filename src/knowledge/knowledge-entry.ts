/** Where an entry's facts come from: a seed document and the 1-based, inclusive line span it restates. */
export interface Provenance {
  file: string;
  lines: [number, number];
}

export interface EntryMetadata {
  vendor?: string;
  product: string[];
  tags: string[];
}

/** A section of a passage: its own text and (possibly narrower) provenance. */
export interface PassageSection {
  heading?: string;
  text: string;
  source: Provenance | null;
}

export interface PassageEntry extends EntryMetadata {
  kind: 'passage';
  docId: string;
  title: string;
  source: Provenance | null;
  sections: PassageSection[];
  /** The file it was loaded from, relative to the knowledge directory (for error messages and admins). */
  path: string;
}

export interface FaqEntry extends EntryMetadata {
  kind: 'faq';
  docId: string;
  question: string;
  similar: string[];
  answer: string;
  source: Provenance | null;
  path: string;
}

export type KnowledgeEntry = PassageEntry | FaqEntry;

/**
 * The unit of retrieval results and citations. A passage section is split into chunks; a FAQ entry is
 * one chunk (its answer), matched through several "match texts" (the standard and similar questions).
 */
export interface Chunk {
  chunkId: string;
  docId: string;
  kind: 'passage' | 'faq';
  title: string;
  /** The text shown or extracted from when answering. */
  text: string;
  source: Provenance | null;
  vendor?: string;
  product: string[];
  tags: string[];
}

/** A text that is indexed and, when matched, counts for its chunk (FAQ questions, passage chunks). */
export interface MatchUnit {
  chunkIndex: number;
  text: string;
  /** 'question' units are FAQ questions: a close match to one is strong evidence for its answer. */
  role: 'question' | 'content';
}
