import { firstJunkIndex, SEPARATORS } from './parse-junk.js';

/** A title and year read from one name (a file stem or a folder name). */
export interface NameInfo {
  title: string;          // cleaned; '' when the name holds no title
  year: number | null;
  yearInBrackets: boolean; // `(2010)`/`[2010]`, the Plex/Jellyfin form, rather than `.2010.`
  rest: string;           // raw text after the year (or after the first junk word), for version labels
  edition: string | null; // Plex `{edition-Director's Cut}`
}

// `{tmdb-123}`, `[imdbid-tt0111161]`, `(tvdb=81189)`: database ids that Plex and Jellyfin accept in names
const PROVIDER_IDS = /[[{(]\s*(?:tmdb|tmdbid|imdb|imdbid|tvdb|tvdbid|anidb|anidbid)\s*[-=:]?\s*(?:tt)?\d+\s*[\]})]/giu;
/** The name without database ids (`{tmdb-123}`, `[imdbid-tt123]`). */
export const withoutProviderIds = (name: string) => name.replace(PROVIDER_IDS, ' ');
const EDITION = /\{edition-([^}]*)\}/iu;
const LEADING_GROUP = /^\s*(?:\[[^\]]*\]|【[^】]*】)\s*/u;
const BRACKET_YEAR = /[([]\s*((?:19|20)\d{2})\s*[)\]]/gu;
const WORD_YEAR = new RegExp(`(?<=[${SEPARATORS}])((?:19|20)\\d{2})(?=$|[${SEPARATORS}])`, 'gu');
// A bare number after the title is only taken as a year up to here, so "Blade Runner 2049" keeps its 2049;
// years in brackets are always years.
const MAX_BARE_YEAR = 2035;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Title, year and the rest of a name: `The.Matrix.1999.1080p` → The Matrix, 1999; `1917 (2019)` → 1917, 2019. */
export function readTitle(raw: string): NameInfo {
  let name = withoutProviderIds(raw);
  const edition = EDITION.exec(name)?.[1]?.trim() || null;
  name = name.replace(EDITION, ' ');
  const group = LEADING_GROUP.exec(name);
  // `[Group] Title` drops the group, but `[REC] (2007)` is a title in brackets
  if (group && HAS_WORD.test(name.slice(group[0].length).replace(/\[[^\]]*\]|\([^)]*\)|\{[^}]*\}/gu, ' '))) {
    return { ...splitYear(name.slice(group[0].length)), edition };
  }
  return { ...splitYear(name), edition };
}

function splitYear(name: string): Omit<NameInfo, 'edition'> {
  const bracketed = lastYear(name, BRACKET_YEAR, 2099);
  if (bracketed) return { title: cleanTitle(bracketed.before), year: bracketed.year, yearInBrackets: true, rest: bracketed.after };
  const bare = lastYear(name, WORD_YEAR, MAX_BARE_YEAR);
  if (bare) return { title: cleanTitle(bare.before), year: bare.year, yearInBrackets: false, rest: bare.after };
  const cut = titleEnd(name);
  return { title: cleanTitle(name.slice(0, cut)), year: null, yearInBrackets: false, rest: name.slice(cut) };
}

function lastYear(name: string, pattern: RegExp, maxYear: number): { before: string; year: number; after: string } | null {
  let found: { before: string; year: number; after: string } | null = null;
  for (const match of name.matchAll(pattern)) {
    const year = Number(match[1]);
    const before = name.slice(0, match.index);
    if (year <= maxYear && HAS_WORD.test(before)) found = { before, year, after: name.slice(match.index + match[0].length) };
  }
  return found;
}

/**
 * Where the title of a name without a year ends: at the first junk word or `[tag]` that follows some title
 * (or, with `atStart`, at the very first one: an episode title may be nothing but junk).
 */
export function titleEnd(name: string, atStart = false): number {
  const junk = firstJunkIndex(name, atStart);
  const firstWord = name.search(HAS_WORD);
  const bracket = atStart ? name.indexOf('[') : firstWord < 0 ? -1 : name.indexOf('[', firstWord);
  const cuts = [junk, bracket].filter((i) => i >= 0);
  return cuts.length ? Math.min(...cuts) : name.length;
}

// S.H.I.E.L.D, E.T., R.I.P.D.: dotted initials stay as they are
const INITIALS = /(?<![\p{L}\p{N}])(?:\p{Lu}\.){2,}(?:\p{Lu}(?![\p{L}\p{N}]))?/gu;

/** "The.Big_Show - " → "The Big Show"; keeps "Mr. Robot", "Tron 2.0", "S.H.I.E.L.D." and "Spider-Man". */
export function cleanTitle(raw: string): string {
  let out = '';
  let last = 0;
  for (const match of raw.matchAll(INITIALS)) {
    out += spaceOut(raw.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
    if (/^[\p{L}\p{N}]/u.test(raw.slice(last))) out += ' ';
  }
  out += spaceOut(raw.slice(last));
  return out
    .replace(/\(\s*\)|\[\s*\]|\{\s*\}/gu, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s\-–—:,;~]+|[\s\-–—:,;~([{]+$/gu, '')
    .trim();
}

// Underscores are always spaces; a dot is a space unless it ends an abbreviation ("Mr. "), sits in a number
// ("2.0") or in an ellipsis ("What If...?").
const spaceOut = (text: string) => text.replace(/_+/g, ' ').replace(/(?<!\.)\.(?![.\s])(?!(?<=\d\.)\d)/g, ' ');

/** A version label from what follows a title: ` - Director's Cut` → "Director's Cut", ` [4K]` → "4K", `.1080p` → null. */
export function versionLabel(rest: string): string | null {
  const text = rest.trim();
  const dashed = /^[-–]\s*(.+)$/su.exec(text);
  if (dashed) return unbracket(dashed[1]!) || null;
  if (/^(?:[[(][^\])]*[\])]\s*)+$/u.test(text)) return unbracket(text) || null;
  return null;
}

const unbracket = (text: string) =>
  text.replace(/[[\]()]+/gu, ' ').replace(/\s+/gu, ' ').trim();

/** What two spellings of one title share: "Amélie", "amelie", "AMÉLIE!" → "amelie". */
export function titleKey(title: string): string {
  const folded = title.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/&/g, ' and ');
  const words = folded.match(/[\p{L}\p{N}]+/gu);
  return words ? words.join(' ') : title.toLowerCase();
}

/** True when a name has a letter or digit at all. */
export const hasWord = (text: string) => HAS_WORD.test(text);
