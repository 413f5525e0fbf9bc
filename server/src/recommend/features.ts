// The catalogue's side of the recommender: each title's terms (genres, people, studio, year, keywords)
// as one sparse matrix, so content similarity is a dot product over shared terms.
import type { ItemFeatures, TitleFeatures } from './recs.types.js';

/** Years in 5-year buckets: a 1994 and a 1996 film share a term, a 1994 and a 2014 one do not. */
export const YEAR_BUCKET = 5;

const norm = (s: string) => s.trim().toLowerCase();

/** The terms of one title, each once. */
export function termsOf(t: TitleFeatures): string[] {
  const terms = new Set<string>();
  for (const g of t.genres) if (norm(g)) terms.add(`g:${norm(g)}`);
  for (const p of t.people) if (norm(p)) terms.add(`p:${norm(p)}`);
  if (t.studio && norm(t.studio)) terms.add(`s:${norm(t.studio)}`);
  if (t.year !== null && Number.isFinite(t.year)) terms.add(`y:${Math.floor(t.year / YEAR_BUCKET) * YEAR_BUCKET}`);
  for (const k of t.keywords) if (norm(k)) terms.add(`k:${norm(k)}`);
  return [...terms];
}

/** Every title's terms, in item-index order. */
export function buildFeatures(titles: readonly TitleFeatures[]): ItemFeatures {
  const index = new Map<string, number>();
  const offsets = new Int32Array(titles.length + 1);
  const term: number[] = [];
  titles.forEach((t, i) => {
    for (const name of termsOf(t)) {
      let id = index.get(name);
      if (id === undefined) index.set(name, (id = index.size));
      term.push(id);
    }
    offsets[i + 1] = term.length;
  });
  return { terms: [...index.keys()], offsets, term: Int32Array.from(term) };
}

/** The kind of a term, from its prefix. */
export const termKind = (term: string): 'genre' | 'person' | 'studio' | 'year' | 'keyword' =>
  term.startsWith('g:') ? 'genre' : term.startsWith('p:') ? 'person' : term.startsWith('s:') ? 'studio' : term.startsWith('y:') ? 'year' : 'keyword';
