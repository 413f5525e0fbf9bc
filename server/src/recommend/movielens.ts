// MovieLens-format data (ml-100k's u.data + u.item, or ml-latest-small's ratings.csv + movies.csv) as
// the recommender's data: every rating is a watch of weight 1; genres and the title's year are the terms.
import { buildFeatures } from './features.js';
import { buildInteractions } from './interactions.js';
import type { RecsData, TitleFeatures } from './recs.types.js';

export class MovieLensError extends Error {}

/** ml-100k's genre columns of u.item, in order (u.genre). */
export const ML100K_GENRES = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'] as const;

export type MovieLensFlavour = '100k' | 'csv';
export interface MovieLensFiles {
  flavour: MovieLensFlavour;
  /** u.data or ratings.csv */
  ratings: string;
  /** u.item or movies.csv */
  items: string;
}

interface Movie {
  id: string;
  title: string;
  genres: string[];
}

const yearOf = (title: string): number | null => {
  const m = /\((\d{4})\)\s*$/.exec(title.trim());
  return m ? Number(m[1]) : null;
};

const lines = (text: string) => text.split(/\r?\n/).map((line, n) => ({ line, n: n + 1 })).filter((l) => l.line.trim() !== '');

/**
 * A first line of column names is dropped: ml-latest's files have one (`userId,…`, `movieId,…`), and
 * copies of ml-100k passed around often add one to u.data and u.item (`user_id<TAB>item_id…`, `movieid|…`).
 * Ratings: a first line starting `user`, `userId`, `user_id` or `user id`; titles: `movieId`, `movie_id`,
 * `item id`… (a data line starts with a number, so none is taken for a header).
 */
function withoutHeader(rows: { line: string; n: number }[], first: RegExp): { line: string; n: number }[] {
  if (rows[0] && first.test(rows[0].line)) rows.shift();
  return rows;
}

/** One CSV line split by commas, double-quoted fields allowed (movies.csv quotes titles with commas). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quoted) {
      if (ch === '"' && line[k + 1] === '"') (field += '"'), k++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(field), (field = '');
    else field += ch;
  }
  out.push(field);
  return out;
}

function parseMovies(f: MovieLensFiles, file: string): Movie[] {
  const rows = withoutHeader(lines(f.items), /^\s*"?(movie|item)[ _]?id\b/i);
  return rows.map(({ line, n }) => {
    if (f.flavour === '100k') {
      const cols = line.split('|');
      if (cols.length < 5 + ML100K_GENRES.length || !/^\d+$/.test(cols[0]!)) throw new MovieLensError(`${file} line ${n}: expected id|title|date|video date|url|19 genre flags, got "${line.slice(0, 80)}"`);
      const flags = cols.slice(5, 5 + ML100K_GENRES.length);
      return { id: cols[0]!, title: cols[1]!, genres: ML100K_GENRES.filter((_, g) => flags[g] === '1') };
    }
    const cols = splitCsv(line);
    if (cols.length !== 3 || !/^\d+$/.test(cols[0]!)) throw new MovieLensError(`${file} line ${n}: expected movieId,title,genres, got "${line.slice(0, 80)}"`);
    return { id: cols[0]!, title: cols[1]!, genres: cols[2] === '(no genres listed)' ? [] : cols[2]!.split('|') };
  });
}

/** Parses the two files; a malformed line throws MovieLensError naming the file and line. */
export function parseMovieLens(f: MovieLensFiles, names = f.flavour === '100k' ? ['u.data', 'u.item'] : ['ratings.csv', 'movies.csv']): RecsData {
  const movies = parseMovies(f, names[1]!);
  const itemIndex = new Map(movies.map((m, i) => [m.id, i]));
  const itemKeys = movies.map((m) => m.id);
  const profileIndex = new Map<string, number>();
  const profileKeys: string[] = [];
  const profile: number[] = [];
  const item: number[] = [];
  const at: number[] = [];
  const rows = withoutHeader(lines(f.ratings), /^\s*"?user([ _]?id)?\b/i);
  for (const { line, n } of rows) {
    const cols = f.flavour === '100k' ? line.split('\t') : line.split(',');
    if (cols.length !== 4 || !cols.every((c) => /^\s*-?\d+(\.\d+)?\s*$/.test(c))) {
      throw new MovieLensError(`${names[0]} line ${n}: expected ${f.flavour === '100k' ? 'user<TAB>item<TAB>rating<TAB>timestamp' : 'userId,movieId,rating,timestamp'}, got "${line.slice(0, 80)}"`);
    }
    const [u, m, , t] = cols.map((c) => c.trim()) as [string, string, string, string];
    let p = profileIndex.get(u);
    if (p === undefined) profileIndex.set(u, (p = profileKeys.push(u) - 1));
    let i = itemIndex.get(m);
    // a rating of a movie the item file lacks: it still counts, without terms
    if (i === undefined) {
      itemIndex.set(m, (i = itemKeys.push(m) - 1));
      movies.push({ id: m, title: '', genres: [] });
    }
    profile.push(p);
    item.push(i);
    at.push(Number(t) * 1000);
  }
  if (profile.length === 0) throw new MovieLensError(`${names[0]} has no ratings`);
  const interactions = buildInteractions({ profileKeys, itemKeys, profile, item, at, weight: new Float32Array(profile.length).fill(1) });
  const features = buildFeatures(movies.map((m): TitleFeatures => ({ genres: m.genres, people: [], studio: null, year: yearOf(m.title), keywords: [] })));
  return { interactions, features };
}
