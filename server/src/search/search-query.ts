// What the viewer typed, as words, and the FTS5 queries made of them. User text never reaches MATCH as
// it is: only folded letters and digits do, each inside double quotes (quotes doubled), so FTS5
// operators typed into the box (" * - OR NEAR( ^ :) are either dropped as separators or searched as words.
import { textWords } from './search-text.js';

/** Words after the eighth are ignored: no title needs more, and each one costs a join. */
export const MAX_QUERY_WORDS = 8;
/** A longer word is cut (no name in a catalogue is longer; typo distances grow with the square). */
export const MAX_WORD_LENGTH = 40;

export interface QueryWord {
  /** folded: lower case, without accents */
  text: string;
  /** the word still being typed (the last one, no space after it): its completions match too */
  prefix: boolean;
}

/** "Strnger thi" → strnger (complete), thi (being typed). Punctuation separates, as in the index. */
export function queryWords(query: string): QueryWord[] {
  const words = textWords(query).slice(0, MAX_QUERY_WORDS);
  const typing = !/\s$/u.test(query) && textWords(query).length === words.length;
  return words.map((w, i) => ({ text: w.folded.slice(0, MAX_WORD_LENGTH), prefix: typing && i === words.length - 1 }));
}

/** A term as an FTS5 string: always quoted, inner quotes doubled, so nothing in it is an operator. */
export const ftsString = (term: string): string => `"${term.replaceAll('"', '""')}"`;

/** The terms one query word may match: whole words, and word beginnings. */
export interface WordTerms {
  exact: readonly string[];
  prefixes: readonly string[];
}

/**
 * The unicode61 index's query: every query word must match one of its terms (AND of ORs).
 * `initial`: the match must begin the text (one short word typed: titles that start with it).
 */
export function wordsMatch(groups: readonly WordTerms[], opts: { initial?: boolean } = {}): string | null {
  const parts = groups.map((g) => {
    const terms = [...new Set(g.prefixes)].map((t) => `${ftsString(t)}*`).concat([...new Set(g.exact)].map(ftsString));
    return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
  });
  if (parts.length === 0 || groups.some((g) => g.exact.length + g.prefixes.length === 0)) return null;
  if (opts.initial && groups.length === 1 && groups[0]!.exact.length + groups[0]!.prefixes.length === 1) return `^${parts[0]}`;
  return parts.join(' AND ');
}

/** The trigram index's query: each word of 3 characters or more as a substring; null when none is that long. */
export function substringMatch(words: readonly string[]): string | null {
  const long = [...new Set(words.filter((w) => [...w].length >= 3))];
  return long.length === 0 ? null : long.map(ftsString).join(' AND ');
}
