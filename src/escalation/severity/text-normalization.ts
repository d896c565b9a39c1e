/**
 * Folding applied before any cue or n-gram is looked at. Customers type full-width letters and
 * punctuation from Chinese input methods, mixed case English and runs of "！！！"; the lexicons and
 * the model must see one spelling of each.
 */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      // NFKC leaves these CJK marks alone; folding them keeps clause splitting to one character set.
      .replace(/[。｡]/g, '.')
      .replace(/[、]/g, ',')
      .replace(/[“”「」『』]/g, '"')
      .replace(/[‘’]/g, "'")
      .replace(/[…]+/g, '...')
      .replace(/[ \t\u3000]+/g, ' ')
      .trim()
  );
}

/**
 * The start index of the clause that contains `index`. Clauses end at punctuation and at "但/不过/
 * 可是/but": a negation or a noun only reaches inside its own clause.
 */
export function clauseStart(text: string, index: number): number {
  let start = index;
  while (start > 0) {
    const previous = text[start - 1] ?? '';
    if (/[,.!?;:\n~()]/.test(previous)) break;
    const twoBack = text.slice(Math.max(0, start - 2), start);
    if (twoBack === '但是' || twoBack === '不过' || twoBack === '可是' || twoBack === '然而') break;
    if (previous === '但') break;
    if (text.slice(Math.max(0, start - 4), start) === 'but ') break;
    start -= 1;
  }
  return start;
}

/** The end index (exclusive) of the clause that contains `index`. */
export function clauseEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && !/[,.!?;:\n~()]/.test(text[end] ?? '')) {
    if (text.startsWith('但', end) || text.startsWith('不过', end) || text.startsWith('可是', end)) break;
    end += 1;
  }
  return end;
}
