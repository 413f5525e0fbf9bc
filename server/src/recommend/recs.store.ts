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
  key: `item:${number}` | `series:${number}`;
  libraryId: number;
  certification: string | null;
  title: string;
  year: number | null;
  studio: string | null;
  genres: string[];
  /** directors, writers and the first five actors */
  people: string[];
}

export type RecsStore = ReturnType<typeof createRecsStore>;

/** Reads for the recommender's refit: every profile's watch state and the catalogue's terms. */
export function createRecsStore(db: Db) {
  const watches = db.prepare<[], { profile_id: number; item_id: number; kind: 'movie' | 'episode'; series_id: number | null; played: number; play_count: number; resume_ms: number; duration_ms: number; hidden: number; last_played_at: number | null }>(
    `SELECT w.profile_id, w.item_id, i.kind, i.series_id, w.played, w.play_count, w.resume_ms, w.duration_ms, w.hidden, COALESCE(w.last_played_at, w.played_at) AS last_played_at
     FROM watch_state w JOIN items i ON i.id = w.item_id WHERE i.kind IN ('movie', 'episode') AND (w.played = 1 OR w.resume_ms > 0 OR w.play_count > 0)`,
  );
  const movies = db.prepare<[], { id: number; library_id: number; certification: string | null; title: string; year: number | null; studio: string | null }>(
    `SELECT i.id, i.library_id, ${CERTIFICATION_SQL} AS certification, i.title, i.year, i.studio FROM items i LEFT JOIN series s ON s.id = i.series_id WHERE i.kind = 'movie' ORDER BY i.id`,
  );
  const series = db.prepare<[], { id: number; library_id: number; mpaa: string | null; title: string; year: number | null; studio: string | null }>(
    `SELECT id, library_id, mpaa, title, year, studio FROM series ORDER BY id`,
  );
  const genres = db.prepare<[], { item_id: number | null; series_id: number | null; name: string }>(
    `SELECT l.item_id, l.series_id, g.name FROM item_genres l JOIN genres g ON g.id = l.genre_id`,
  );
  const people = db.prepare<[], { item_id: number | null; series_id: number | null; name: string }>(
    `SELECT l.item_id, l.series_id, p.name FROM item_people l JOIN people p ON p.id = l.person_id WHERE l.role <> 'actor' OR l.ord < 5 ORDER BY l.ord`,
  );
  return {
    /** Every profile's titles that were played at all (movies and episodes). */
    watches: (): WatchRow[] =>
      watches.all().map((r) => ({
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
      })),
    /** Every movie and series with its terms. */
    titles(): CatalogTitle[] {
      const byKey = new Map<string, CatalogTitle>();
      for (const m of movies.all()) byKey.set(`item:${m.id}`, { key: `item:${m.id}`, libraryId: m.library_id, certification: m.certification, title: m.title, year: m.year, studio: m.studio, genres: [], people: [] });
      for (const s of series.all()) byKey.set(`series:${s.id}`, { key: `series:${s.id}`, libraryId: s.library_id, certification: s.mpaa, title: s.title, year: s.year, studio: s.studio, genres: [], people: [] });
      const owner = (r: { item_id: number | null; series_id: number | null }) => byKey.get(r.item_id !== null ? `item:${r.item_id}` : `series:${r.series_id}`);
      for (const g of genres.all()) owner(g)?.genres.push(g.name);
      for (const p of people.all()) owner(p)?.people.push(p.name);
      return [...byKey.values()];
    },
  };
}
