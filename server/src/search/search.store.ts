import { CERTIFICATION_SQL } from '../catalog/catalog.store.js';
import type { Db } from '../db/open.js';
import type { SearchTitle } from './search.types.js';
import type { VocabularyEntry } from './typo-vocabulary.js';

/** search_text ids: the source row's id times 8 plus the slot (migration 6 writes the same numbers). */
export const SLOT = { itemTitle: 1, originalTitle: 2, series: 3, person: 4, genre: 5 } as const;
export type Slot = (typeof SLOT)[keyof typeof SLOT];
export const rowidOf = (slot: Slot, sourceId: number): number => sourceId * 8 + slot;
export const slotOf = (rowid: number): Slot => (rowid % 8) as Slot;
export const sourceIdOf = (rowid: number): number => Math.floor(rowid / 8);

/** A name of the index: a title, original title, series, person or genre. */
export interface SearchName {
  rowid: number;
  text: string;
  /** items: whether it is an episode (its title is an episode title) */
  isEpisode: boolean;
}

/** Titles as ids: movies and episodes by item id, series by series id. */
export interface TitleIds {
  items: number[];
  series: number[];
}

interface ItemTitleRow {
  id: number;
  kind: 'movie' | 'episode';
  title: string;
  year: number | null;
  library_id: number;
  certification: string | null;
  series_id: number | null;
  series_title: string | null;
  season: number | null;
  episode: number | null;
  poster_file: string | null;
}

interface SeriesTitleRow {
  id: number;
  title: string;
  year: number | null;
  library_id: number;
  mpaa: string | null;
  poster_file: string | null;
  /** JSON array of its episodes' ratings (own, else the series') */
  certifications: string;
  /** JSON [id, file] of its first episode with a poster, or null */
  episode_poster: string | null;
}

const json = (ids: readonly number[]) => JSON.stringify(ids);

export type SearchStore = ReturnType<typeof createSearchStore>;

/** The search index (migration 6) and what a search reads about titles, people, genres and plays. */
export function createSearchStore(db: Db) {
  const generation = db.prepare<[], { generation: number }>(`SELECT generation FROM search_state WHERE id = 1`);
  const vocabulary = db.prepare<[], { term: string; doc: number }>(`SELECT term, doc FROM search_vocab`);
  // in id order, which FTS5 reads fastest (backwards, or by id range, costs several times as much)
  const matchWords = db.prepare<[string, number], number>(`SELECT rowid FROM search_words WHERE search_words MATCH ? LIMIT ?`).pluck();
  const matchSubstrings = db.prepare<[string, number], number>(`SELECT rowid FROM search_trigram WHERE search_trigram MATCH ? LIMIT ?`).pluck();
  const names = db.prepare<[string], { rowid: number; text: string; kind: string | null }>(
    `SELECT t.id AS rowid, t.text, i.kind FROM search_text t
     LEFT JOIN items i ON t.id % 8 IN (${SLOT.itemTitle}, ${SLOT.originalTitle}) AND i.id = t.id / 8
     WHERE t.id IN (SELECT value FROM json_each(?))`,
  );
  const lastSession = db.prepare<[], { id: number | null }>(`SELECT max(id) AS id FROM playback_sessions`);
  const plays = db.prepare<[], { item_id: number; series_id: number | null; plays: number }>(
    `SELECT p.item_id, i.series_id, count(*) AS plays FROM playback_sessions p JOIN items i ON i.id = p.item_id GROUP BY p.item_id`,
  );
  const itemTitles = db.prepare<[string], ItemTitleRow>(
    `SELECT i.id, i.kind, i.title, i.year, i.library_id, ${CERTIFICATION_SQL} AS certification, i.series_id, s.title AS series_title,
       i.season, i.episode, i.poster_file
     FROM items i LEFT JOIN series s ON s.id = i.series_id
     WHERE i.id IN (SELECT value FROM json_each(?)) AND i.kind IN ('movie', 'episode')`,
  );
  const seriesTitles = (ratings: boolean) => db.prepare<[string], SeriesTitleRow>(
    `SELECT s.id, s.title, s.year, s.library_id, s.mpaa, s.poster_file,
       ${ratings ? `(SELECT json_group_array(DISTINCT COALESCE(e.mpaa, s.mpaa)) FROM items e WHERE e.series_id = s.id AND e.kind = 'episode')` : `'[]'`} AS certifications,
       (SELECT json_array(e.id, e.poster_file) FROM items e WHERE e.series_id = s.id AND e.kind = 'episode' AND e.poster_file IS NOT NULL
        ORDER BY e.season IS NULL, e.season, e.episode, e.air_date, e.id LIMIT 1) AS episode_poster
     FROM series s WHERE s.id IN (SELECT value FROM json_each(?))`,
  );
  const seriesWithRatings = seriesTitles(true);
  const seriesWithoutRatings = seriesTitles(false);
  // a credit or genre of an episode stands for its series: a person is in "Stranger Things", not in its S02E03
  const titleOf = (links: string) => `
    SELECT DISTINCT CASE WHEN i.kind = 'movie' THEN i.id END AS item_id,
      CASE WHEN l.series_id IS NOT NULL THEN l.series_id WHEN i.kind = 'episode' THEN i.series_id END AS series_id
    FROM ${links} l LEFT JOIN items i ON i.id = l.item_id`;
  const credited = db.prepare<[number, number], { item_id: number | null; series_id: number | null }>(
    `${titleOf('item_people')} WHERE l.person_id = ? AND (l.series_id IS NOT NULL OR i.kind IN ('movie', 'episode')) LIMIT ?`,
  );
  const inGenre = db.prepare<[number, number], { item_id: number | null; series_id: number | null }>(
    `${titleOf('item_genres')} WHERE l.genre_id = ? AND (l.series_id IS NOT NULL OR i.kind IN ('movie', 'episode')) LIMIT ?`,
  );
  // "+l.genre_id": looked up by the few played titles' ids, not through the thousands of the genre's links
  const playedInGenre = db.prepare<[number, string, string], { item_id: number | null; series_id: number | null }>(
    `${titleOf('item_genres')} WHERE +l.genre_id = ? AND (l.item_id IN (SELECT value FROM json_each(?)) OR l.series_id IN (SELECT value FROM json_each(?)))`,
  );

  const toIds = (rows: { item_id: number | null; series_id: number | null }[]): TitleIds => ({
    items: [...new Set(rows.flatMap((r) => (r.item_id !== null ? [r.item_id] : [])))],
    series: [...new Set(rows.flatMap((r) => (r.item_id === null && r.series_id !== null ? [r.series_id] : [])))],
  });

  return {
    /** Moves on every change of the index: what the typo vocabulary is kept against. */
    generation: (): number => generation.get()?.generation ?? 0,
    /** Every word of the index, with the number of names holding it. */
    vocabulary: (): VocabularyEntry[] => vocabulary.all().map((r) => ({ term: r.term, docs: r.doc })),
    /** Names matching an FTS5 query of the word index, at most `limit`, by id (oldest sources first, every kind mixed). */
    matchWords: (match: string, limit: number): number[] => matchWords.all(match, limit),
    /** Names matching an FTS5 query of the trigram index, at most `limit`, by id. */
    matchSubstrings: (match: string, limit: number): number[] => matchSubstrings.all(match, limit),
    names(rowids: readonly number[]): SearchName[] {
      if (rowids.length === 0) return [];
      return names.all(json(rowids)).map((r) => ({ rowid: r.rowid, text: r.text, isEpisode: r.kind === 'episode' }));
    },
    /** The newest playback session's id: the plays changed when it did. */
    lastSessionId: (): number => lastSession.get()?.id ?? 0,
    /** The household's plays of each movie and episode played, with the episode's series. */
    plays: () => plays.all().map((r) => ({ itemId: r.item_id, seriesId: r.series_id, plays: r.plays })),
    /**
     * Titles to show (plays 0: the caller knows them), in no particular order; unknown ids are left out.
     * `ratings`: a series' episodes' ratings are read (for a viewer with a ceiling); else its own only.
     */
    titles(ids: TitleIds, opts: { ratings: boolean }): SearchTitle[] {
      const items = ids.items.length === 0 ? [] : itemTitles.all(json(ids.items));
      const series = ids.series.length === 0 ? [] : (opts.ratings ? seriesWithRatings : seriesWithoutRatings).all(json(ids.series));
      return [
        ...items.map((r): SearchTitle => ({
          type: r.kind,
          id: r.id,
          title: r.title,
          year: r.year,
          libraryId: r.library_id,
          certifications: [r.certification],
          seriesId: r.series_id,
          seriesTitle: r.series_title,
          season: r.season,
          episode: r.episode,
          poster: r.poster_file ? { owner: 'item', id: r.id, file: r.poster_file } : null,
          plays: 0,
        })),
        ...series.map((r): SearchTitle => {
          const ratings = JSON.parse(r.certifications) as (string | null)[];
          const episodePoster = r.episode_poster ? (JSON.parse(r.episode_poster) as [number, string]) : null;
          return {
            type: 'series',
            id: r.id,
            title: r.title,
            year: r.year,
            libraryId: r.library_id,
            certifications: ratings.length > 0 ? ratings : [r.mpaa],
            seriesId: null,
            seriesTitle: null,
            season: null,
            episode: null,
            poster: r.poster_file ? { owner: 'series', id: r.id, file: r.poster_file } : episodePoster ? { owner: 'item', id: episodePoster[0], file: episodePoster[1] } : null,
            plays: 0,
          };
        }),
      ];
    },
    /** The titles each person is credited in (an episode's credit as its series), from at most `limit` credits each. */
    creditedTitles(personIds: readonly number[], limit: number): Map<number, TitleIds> {
      return new Map(personIds.map((id) => [id, toIds(credited.all(id, limit))]));
    },
    /** Titles of a genre: those among `played` first, then others up to `limit`. */
    genreTitles(genreId: number, played: TitleIds, limit: number): TitleIds {
      const first = played.items.length + played.series.length === 0 ? [] : playedInGenre.all(genreId, json(played.items), json(played.series));
      return toIds([...first, ...inGenre.all(genreId, limit)]);
    },
  };
}
