// Relevance: how well a name matches the words typed, in a few whole-number steps, so that the
// household's plays decide between names that match equally well ("ranked by relevance, then by plays").
import type { QueryWord } from './search-query.js';
import { originalRange, textWords } from './search-text.js';

/** Points a query word earns from the best word of the name it meets. */
export const POINTS = {
  /** the same word ("office" in "The Office") */
  exact: 6,
  /** a word it begins ("offi" in "The Office") */
  prefix: 4,
  /** a word one edit away ("strnger" for "Stranger"); two edits earn one less */
  typo: 3,
  /** inside a word ("ranger" in "Stranger") */
  substring: 1,
  /** the name is the query, word for word ("the office" for "The Office", not "The Office Party") */
  wholeName: 3,
  /** the first word typed is the name's first word */
  firstWord: 1,
} as const;

export interface WordMatcher {
  word: QueryWord;
  /** vocabulary words it may have been a typo of, with their edit distance */
  corrections: ReadonlyMap<string, number>;
}

export interface NameScore {
  score: number;
  /** [start, end) in the name (UTF-16), merged and in order: what to highlight */
  highlights: [number, number][];
  /** words of the name no query word matched: fewer is nearer */
  extraWords: number;
}

/** How well `name` matches every query word; null when one of them matches nothing in it. */
export function scoreName(name: string, matchers: readonly WordMatcher[]): NameScore | null {
  const words = textWords(name);
  const matchedWord: number[] = [];
  const ranges: [number, number][] = [];
  let score = 0;
  for (const { word, corrections } of matchers) {
    const q = word.text;
    let best = 0;
    let bestIndex = -1;
    let bestRange: [number, number] = [0, 0];
    words.forEach((w, index) => {
      const f = w.folded;
      let points = 0;
      let from = 0;
      let to = f.length;
      if (f === q) points = POINTS.exact;
      // a whole word typed may still begin a longer one ("stranger" in "Strangers"), short ones only while typing
      else if (f.startsWith(q) && (word.prefix || q.length >= 3)) {
        points = POINTS.prefix;
        to = q.length;
      } else {
        const distance = corrections.get(f);
        if (distance !== undefined) points = POINTS.typo + 1 - distance;
        else if (q.length >= 3) {
          const at = f.indexOf(q);
          if (at >= 0) {
            points = POINTS.substring;
            from = at;
            to = at + q.length;
          }
        }
      }
      // between equal matches, a word no other query word took ("the the" is not "The")
      if (points > best || (points === best && points > 0 && matchedWord.includes(bestIndex) && !matchedWord.includes(index))) {
        best = points;
        bestIndex = index;
        bestRange = originalRange(w, from, to);
      }
    });
    if (best === 0) return null;
    score += best;
    matchedWord.push(bestIndex);
    ranges.push(bestRange);
  }
  if (matchedWord[0] === 0) score += POINTS.firstWord;
  if (words.length === matchers.length && matchedWord.every((w, i) => w === i)) score += POINTS.wholeName;
  return { score, highlights: mergeRanges(ranges), extraWords: words.length - new Set(matchedWord).size };
}

export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export interface Rankable {
  score: number;
  /** the household's plays of the title (an episode's count for its series) */
  plays: number;
  extraWords: number;
  /** between equal matches: 0 a movie's or series' title, 1 an original or episode title, 2 a person, 3 a genre */
  fieldOrder: number;
  name: string;
  /** a stable last resort */
  key: number;
}

/** Best first: relevance, then plays, then titles before people and genres, then the shorter, nearer name, then A to Z. */
export function byRelevance(a: Rankable, b: Rankable): number {
  return (
    b.score - a.score ||
    b.plays - a.plays ||
    a.fieldOrder - b.fieldOrder ||
    a.extraWords - b.extraWords ||
    a.name.length - b.name.length ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    a.key - b.key
  );
}
