// Pure words and shapes for the Search page: the query in the URL, highlighted names, the small
// line under a card, and the page's sections (titles, each person, each genre) in the order found.
import type { SearchHitDto, SearchTitleDto } from '../api.ts';
import { episodeCode } from '../format.ts';
import { hrefOf } from '../routes.ts';

/** a pause in typing this long sends the query: one request per word-ish, not per letter on a fast keyboard */
export const SEARCH_DEBOUNCE_MS = 150;
/** the server refuses longer text */
export const MAX_QUERY_LENGTH = 200;
/** hits asked for: a few rows of cards */
export const SEARCH_LIMIT = 30;

/** "#/search?q=the%20offi" → "the offi"; "" without one. */
export function searchQueryOf(hash: string): string {
  const at = hash.indexOf('?');
  return at < 0 ? '' : (new URLSearchParams(hash.slice(at + 1)).get('q') ?? '');
}

/** The page's address with its query, so Back from a title lands on the same results. */
export function searchHref(query: string): string {
  return query.trim() ? `${hrefOf({ name: 'search' })}?${new URLSearchParams({ q: query })}` : hrefOf({ name: 'search' });
}

/** Where a title opens: its series page, or the movie's or episode's page. */
export function titleHref(title: Pick<SearchTitleDto, 'type' | 'id'>): string {
  return hrefOf(title.type === 'series' ? { name: 'series', id: title.id } : { name: 'item', id: title.id });
}

export interface TextPart {
  text: string;
  marked: boolean;
}

/** A name cut into plain and matched parts; ranges outside the text or overlapping are tolerated. */
export function highlightParts(text: string, highlights: readonly (readonly [number, number])[]): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(at, Math.min(text.length, rawStart));
    const end = Math.max(start, Math.min(text.length, rawEnd));
    if (end === start) continue;
    const last = parts.at(-1);
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    // ranges that touch or overlap make one mark
    else if (last?.marked) {
      last.text += text.slice(start, end);
      at = end;
      continue;
    }
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), marked: false });
  return parts;
}

/** The small line of a card: "2001", "Series · 2016", "The Office · S02E03". */
export function titleMeta(title: SearchTitleDto): string {
  switch (title.type) {
    case 'movie':
      return title.year === null ? 'Movie' : String(title.year);
    case 'series':
      return title.year === null ? 'Series' : `Series · ${title.year}`;
    case 'episode':
      return [title.seriesTitle, episodeCode(title.season, title.episode)].filter(Boolean).join(' · ') || 'Episode';
  }
}

/** What a title hit matched when it is not the name on the card: "Original title: …". */
export function matchLabel(hit: SearchHitDto): string | null {
  return hit.match.field === 'originalTitle' ? 'Original title' : null;
}

/** The heading of a person's or genre's row, naming what matched. */
export function sectionLabel(kind: 'person' | 'genre'): string {
  return kind === 'person' ? 'Cast & crew' : 'Genre';
}

export type SearchSection =
  | { kind: 'titles'; hits: SearchHitDto[] }
  | { kind: 'person' | 'genre'; hit: SearchHitDto };

/**
 * The page's sections in the order the best of each was found: all titles in one grid (where the
 * first title ranked), then each person and each genre as a row of their titles.
 */
export function searchSections(hits: readonly SearchHitDto[]): SearchSection[] {
  const titles = hits.filter((h) => h.title !== null);
  const sections: { rank: number; section: SearchSection }[] = hits.flatMap((hit, rank) =>
    hit.type === 'person' || hit.type === 'genre' ? [{ rank, section: { kind: hit.type, hit } }] : [],
  );
  if (titles.length > 0) sections.push({ rank: hits.indexOf(titles[0]!), section: { kind: 'titles', hits: titles } });
  return sections.sort((a, b) => a.rank - b.rank).map((s) => s.section);
}

/** "1 result", "12 results" for the text typed. */
export function resultsLine(count: number, query: string): string {
  return `${count === 1 ? '1 result' : `${count} results`} for “${query.trim()}”`;
}

/** The words when nothing matched. */
export function noResultsLine(query: string): string {
  return `Nothing matches “${query.trim()}”. Check the spelling, try fewer words, or the start of a name.`;
}

/** A card's focus key: unique on the page, so Back returns to the card that was opened. */
export function cardKey(section: 'titles' | `person-${number}` | `genre-${number}`, title: Pick<SearchTitleDto, 'type' | 'id'>): string {
  return `${section}:${title.type}-${title.id}`;
}
