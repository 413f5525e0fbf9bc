// Typo tolerance: the words of the catalogue (the search index's vocabulary) with a trigram index
// over them, in memory. A word typed wrong ("strnger") is looked up by the trigrams it shares with
// real words, and those within a small edit distance ("stranger", one letter left out) are searched
// for instead. Searching the vocabulary (tens of thousands of words) rather than every title keeps
// it to a fraction of a millisecond per keystroke (bench/search.ts).

export interface VocabularyEntry {
  /** folded, as the index stores it */
  term: string;
  /** how many names hold it: the more common of two equally near corrections comes first */
  docs: number;
}

export interface Correction {
  term: string;
  distance: number;
}

/** Edits allowed in a word of this length: none up to 3 letters, 1 up to 7, 2 from 8 (as most search engines do). */
export const typoBudget = (length: number): number => (length >= 8 ? 2 : length >= 4 ? 1 : 0);

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, and swaps of neighbours
 * each count 1: "strnger"/"stranger" 1, "amlie"/"amelie" 1, "teh"/"the" 1); max + 1 once it is over max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const last = distanceRow(a, b, max);
  return last === null ? max + 1 : Math.min(max + 1, last[b.length]!);
}

/** The distance from `word` to the nearest beginning of `term` ("strn" is 1 from "stra", so from "stranger"). */
export function prefixDistance(word: string, term: string, max: number): number {
  const head = term.slice(0, word.length + max);
  const last = distanceRow(word, head, max);
  if (last === null) return max + 1;
  let best = max + 1;
  for (let j = Math.max(0, word.length - max); j <= head.length; j++) best = Math.min(best, last[j]!);
  return best;
}

/** The last row of the OSA table of a against b; null once a whole row exceeds max (no alignment can come back under it). */
function distanceRow(a: string, b: string, max: number): number[] | null {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return null;
    before = previous;
    previous = current;
  }
  return previous;
}

/** Trigrams of a word with its start marked ("^st", "str", …): a word's first letters weigh in too. */
function trigramsOf(word: string): string[] {
  const padded = `^${word}`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams];
}

const HAS_DIGIT = /\d/;
/** up to this length, a word's typos are also looked for among the words of its first letter */
const SHORT_WORD = 5;

export interface Vocabulary {
  readonly size: number;
  /** whether some word of the catalogue begins with this */
  hasPrefix(prefix: string): boolean;
  /**
   * Words within the typo budget of `word`, nearest and most common first; `prefix`: of a word
   * still being typed, so a word whose beginning is near counts ("strng" → "strange", "stranger").
   */
  corrections(word: string, opts: { prefix: boolean; limit: number }): Correction[];
}

export function createVocabulary(entries: readonly VocabularyEntry[]): Vocabulary {
  const sorted = [...entries].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const terms = sorted.map((e) => e.term);
  const docs = sorted.map((e) => e.docs);
  const postings = new Map<string, number[]>();
  terms.forEach((term, index) => {
    // numbers are never corrected ("1917" is not a typo of "1916"), nor are corrections made to them
    if (term.length < 3 || HAS_DIGIT.test(term)) return;
    for (const gram of trigramsOf(term)) {
      const list = postings.get(gram);
      if (list) list.push(index);
      else postings.set(gram, [index]);
    }
  });
  // short words share few trigrams with their typos ("drak" none with "dark"): they are also found
  // among the words of their first letter and about their length
  const byStart = new Map<string, number[]>();
  terms.forEach((term, index) => {
    if (term.length < 3 || term.length > SHORT_WORD + 1 || HAS_DIGIT.test(term)) return;
    const key = `${term[0]}${term.length}`;
    const list = byStart.get(key);
    if (list) list.push(index);
    else byStart.set(key, [index]);
  });
  const shared = new Uint16Array(terms.length);

  /** Index of the first term ≥ text. */
  const lowerBound = (text: string): number => {
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid]! < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    size: terms.length,
    hasPrefix(prefix: string): boolean {
      return terms[lowerBound(prefix)]?.startsWith(prefix) ?? false;
    },
    corrections(word, opts) {
      const max = typoBudget(word.length);
      if (max === 0 || HAS_DIGIT.test(word)) return [];
      const grams = trigramsOf(word);
      // each edit spoils at most 3 trigrams: a word within `max` edits shares at least this many
      const needed = Math.max(1, grams.length - 3 * max);
      const touched: number[] = [];
      for (const gram of grams) {
        for (const index of postings.get(gram) ?? []) {
          const length = terms[index]!.length;
          if (opts.prefix ? length < word.length - max : Math.abs(length - word.length) > max) continue;
          if (shared[index] === 0) touched.push(index);
          shared[index]! += 1;
        }
      }
      if (word.length <= SHORT_WORD) {
        for (let length = word.length - max; length <= word.length + max; length++) {
          for (const index of byStart.get(`${word[0]}${length}`) ?? []) {
            if (shared[index] === 0) touched.push(index);
            shared[index] = Math.max(shared[index]!, needed);
          }
        }
      }
      const found: (Correction & { docs: number })[] = [];
      for (const index of touched) {
        if (shared[index]! >= needed) {
          const term = terms[index]!;
          const distance = opts.prefix ? prefixDistance(word, term, max) : editDistance(word, term, max);
          if (distance > 0 && distance <= max) found.push({ term, distance, docs: docs[index]! });
        }
        shared[index] = 0;
      }
      return found
        .sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.term < b.term ? -1 : 1))
        .slice(0, opts.limit)
        .map(({ term, distance }) => ({ term, distance }));
    },
  };
}
