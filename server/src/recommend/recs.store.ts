import { CERTIFICATION_SQL } from '../catalog/catalog.store.js';
import type { Db } from '../db/open.js';

/** What a profile did with a title, as the recommender reads it. */
export interface WatchRow {
  profileId: number;
  itemId: number;
  kind: 'movie' | 'episode';
  seriesId: number | null;
  played: boolean;
  playCount: number;
  resumeMs: number;
  durationMs: number;
  hidden: boolean;
  /** the last time it played (or was marked played); null: never */
  lastPlayedAt: number | null;
}

/** A title the recommender can propose: a movie, or a series as a whole. */
export interface CatalogTitle {
  key: TitleKey;
  libraryId: number;
  certification: string | null;
  /** a series: the ratings its episodes play under (their own, else the series'); it shows where one of them may */
  episodeCertifications?: (string | null)[];
  title: string;
  year: number | null;
  studio: string | null;
  genres: string[];
  /** directors, writers and the first five actors */
  people: string[];
  /** when it came into the library, ms since the epoch (a series: its first episode) */
  addedAt: number;
  /** an NFO's <tag>s */
  keywords: string[];
}

/** A profile's thumb on a title (title_thumbs): 1 up, -1 down. */
export interface ThumbRow {
  profileId: number;
  key: TitleKey;
  value: 1 | -1;
  source: 'thumb' | 'taste';
  at: number;
}

/** How the recommender names a title: a movie, or a series as a whole. */
export type TitleKey = `item:${number}` | `series:${number}`;

/** The key a thumb is stored under ('movie:12', 'series:3') for a recommender's key. */
const storedKey = (key: TitleKey): string => (key.startsWith('item:') ? `movie:${key.slice(5)}` : key);
const recsKey = (stored: string): TitleKey => (stored.startsWith('movie:') ? `item:${Number(stored.slice(6))}` : (`series:${Number(stored.slice(7))}` as TitleKey));

export type RecsStore = ReturnType<typeof createRecsStore>;

/** Reads for the recommender's refit: every profile's watch state and the catalogue's terms. */
export function createRecsStore(db: Db) {
  type WatchSqlRow = { profile_id: number; item_id: number; kind: 'movie' | 'episode'; series_id: number | null; played: number; play_count: number; resume_ms: number; duration_ms: number; hidden: number; last_played_at: number | null };
  const WATCHES = `SELECT w.profile_id, w.item_id, i.kind, i.series_id, w.played, w.play_count, w.resume_ms, w.duration_ms, w.hidden, COALESCE(w.last_played_at, w.played_at) AS last_played_at
     FROM watch_state w JOIN items i ON i.id = w.item_id WHERE i.kind IN ('movie', 'episode') AND (w.played = 1 OR w.resume_ms > 0 OR w.play_count > 0)`;
  const watches = db.prepare<[], WatchSqlRow>(WATCHES);
  const watchesOf = db.prepare<[number], WatchSqlRow>(`${WATCHES} AND w.profile_id = ?`);
  const toWatch = (r: WatchSqlRow): WatchRow => ({
    profileId: r.profile_id,
    itemId: r.item_id,
    kind: r.kind,
    seriesId: r.series_id,
    played: r.played === 1,
    playCount: r.play_count,
    resumeMs: r.resume_ms,
    durationMs: r.duration_ms,
    hidden: r.hidden === 1,
    lastPlayedAt: r.last_played_at,
  });
  type ThumbSqlRow = { profile_id: number; title_key: string; value: 1 | -1; source: 'thumb' | 'taste'; at: number };
  const thumbs = db.prepare<[], ThumbSqlRow>(`SELECT profile_id, title_key, value, source, at FROM title_thumbs`);
  const thumbsOf = db.prepare<[number], ThumbSqlRow>(`SELECT profile_id, title_key, value, source, at FROM title_thumbs WHERE profile_id = ?`);
  const thumbOf = db.prepare<[number, string], { value: 1 | -1 }>(`SELECT value FROM title_thumbs WHERE profile_id = ? AND title_key = ?`);
  const putThumb = db.prepare<[number, string, number, string, number]>(
    `INSERT INTO title_thumbs (profile_id, title_key, value, source, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (profile_id, title_key) DO UPDATE SET value = excluded.value, source = excluded.source, at = excluded.at`,
  );
  const clearThumb = db.prepare<[number, string]>(`DELETE FROM title_thumbs WHERE profile_id = ? AND title_key = ?`);
  const toThumb = (r: ThumbSqlRow): ThumbRow => ({ profileId: r.profile_id, key: recsKey(r.title_key), value: r.value, source: r.source, at: r.at });
  const movies = db.prepare<[], { id: number; library_id: number; certification: string | null; title: string; year: number | null; studio: string | null; added_at: number }>(
    `SELECT i.id, i.library_id, ${CERTIFICATION_SQL} AS certification, i.title, i.year, i.studio, i.added_at FROM items i LEFT JOIN series s ON s.id = i.series_id WHERE i.kind = 'movie' ORDER BY i.id`,
  );
  const series = db.prepare<[], { id: number; library_id: number; mpaa: string | null; title: string; year: number | null; studio: string | null; added_at: number }>(
    `SELECT id, library_id, mpaa, title, year, studio, added_at FROM series ORDER BY id`,
  );
  const episodeRatings = db.prepare<[], { series_id: number; certification: string | null }>(
    `SELECT DISTINCT i.series_id, ${CERTIFICATION_SQL} AS certification FROM items i JOIN series s ON s.id = i.series_id WHERE i.kind = 'episode'`,
  );
  const genres = db.prepare<[], { item_id: number | null; series_id: number | null; name: string }>(
    `SELECT l.item_id, l.series_id, g.name FROM item_genres l JOIN genres g ON g.id = l.genre_id`,
  );
  const keywords = db.prepare<[], { item_id: number | null; series_id: number | null; keyword: string }>(`SELECT item_id, series_id, keyword FROM title_keywords`);
  const people = db.prepare<[], { item_id: number | null; series_id: number | null; name: string }>(
    `SELECT l.item_id, l.series_id, p.name FROM item_people l JOIN people p ON p.id = l.person_id WHERE l.role <> 'actor' OR l.ord < 5 ORDER BY l.ord`,
  );
  return {
    /** Every profile's titles that were played at all (movies and episodes). */
    watches: (): WatchRow[] => watches.all().map(toWatch),
    /** One profile's: what a request scores from (newer than the last refit). */
    watchesOf: (profileId: number): WatchRow[] => watchesOf.all(profileId).map(toWatch),
    /** Every profile's thumbs (a refit), or one profile's (a request). */
    thumbs: (): ThumbRow[] => thumbs.all().map(toThumb),
    thumbsOf: (profileId: number): ThumbRow[] => thumbsOf.all(profileId).map(toThumb),
    thumbOf: (profileId: number, key: TitleKey): 1 | -1 | 0 => thumbOf.get(profileId, storedKey(key))?.value ?? 0,
    /** 1 up, -1 down, 0 clears. */
    setThumb(profileId: number, key: TitleKey, value: 1 | -1 | 0, source: 'thumb' | 'taste', at: number): void {
      if (value === 0) clearThumb.run(profileId, storedKey(key));
      else putThumb.run(profileId, storedKey(key), value, source, at);
    },
    /** Several at once (the titles a new profile picked). */
    likeAll(profileId: number, keys: readonly TitleKey[], at: number): void {
      db.transaction(() => {
        for (const key of keys) putThumb.run(profileId, storedKey(key), 1, 'taste', at);
      })();
    },
    /** Every movie and series with its terms. */
    titles(): CatalogTitle[] {
      const byKey = new Map<string, CatalogTitle>();
      for (const m of movies.all()) byKey.set(`item:${m.id}`, { key: `item:${m.id}`, libraryId: m.library_id, certification: m.certification, title: m.title, year: m.year, studio: m.studio, genres: [], people: [], addedAt: m.added_at, keywords: [] });
      for (const s of series.all()) byKey.set(`series:${s.id}`, { key: `series:${s.id}`, libraryId: s.library_id, certification: s.mpaa, title: s.title, year: s.year, studio: s.studio, genres: [], people: [], addedAt: s.added_at, keywords: [] });
      for (const r of episodeRatings.all()) {
        const s = byKey.get(`series:${r.series_id}`);
        if (s) (s.episodeCertifications ??= []).push(r.certification);
      }
      const owner = (r: { item_id: number | null; series_id: number | null }) => byKey.get(r.item_id !== null ? `item:${r.item_id}` : `series:${r.series_id}`);
      for (const g of genres.all()) owner(g)?.genres.push(g.name);
      for (const p of people.all()) owner(p)?.people.push(p.name);
      for (const k of keywords.all()) owner(k)?.keywords.push(k.keyword);
      return [...byKey.values()];
    },
  };
}
