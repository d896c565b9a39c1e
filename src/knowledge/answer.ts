import type { Provenance } from './knowledge-entry.js';

/** One citation under an answer: the entry, its title and the seed lines it restates. */
export interface Citation {
  docId: string;
  chunkId: string;
  title: string;
  source: Provenance | null;
  score: number;
}

export interface Answer {
  /** false when kefu does not know: `answer` then says so and offers a person or a ticket. */
  answered: boolean;
  answer: string;
  confidence: number;
  citations: Citation[];
  language: 'zh' | 'en';
  /** How the answer was written. */
  method: 'faq' | 'extractive' | 'llm' | 'refusal' | 'empty';
  /** The topic to resolve the next follow-up against. */
  topic?: { question: string; title?: string };
}
