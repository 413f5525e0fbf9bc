import type { Db } from '../db/open.js';
import type { MediaInfo } from '../../../transcoder/src/index.js';
import { sortTitleOf, type Item, type ItemKind, type ItemMetadata, type Series } from './catalog.types.js';

interface ItemRow {
  id: number;
  library_id: number;
  group_key: string;
  kind: ItemKind;
  title: string;
  sort_title: string;
  original_title: string | null;
  year: number | null;
  series_id: number | null;
  season: number | null;
  episode: number | null;
  ending_episode: number | null;
  air_date: string | null;
  extra_type: string | null;
  parent_item_id: number | null;
  plot: string | null;
  tagline: string | null;
  mpaa: string | null;
  rating: number | null;
  studio: string | null;
  duration_ms: number;
  poster_file: string | null;
  fanart_file: string | null;
  previews_dir: string | null;
  added_at: number;
}

const toItem = (r: ItemRow): Item => ({
  id: r.id,
  libraryId: r.library_id,
  groupKey: r.group_key,
  kind: r.kind,
  title: r.title,
  sortTitle: r.sort_title,
  originalTitle: r.original_title,
  year: r.year,
  seriesId: r.series_id,
  season: r.season,
  episode: r.episode,
  endingEpisode: r.ending_episode,
  airDate: r.air_date,
  extraType: r.extra_type,
  parentItemId: r.parent_item_id,
  plot: r.plot,
  tagline: r.tagline,
  mpaa: r.mpaa,
  rating: r.rating,
  studio: r.studio,
  durationMs: r.duration_ms,
  posterFile: r.poster_file,
  fanartFile: r.fanart_file,
  previewsDir: r.previews_dir,
  addedAt: r.added_at,
});

interface SeriesRow {
  id: number;
  library_id: number;
  group_key: string;
  title: string;
  sort_title: string;
  year: number | null;
  plot: string | null;
  mpaa: string | null;
  rating: number | null;
  studio: string | null;
  poster_file: string | null;
  fanart_file: string | null;
  added_at: number;
}

const toSeries = (r: SeriesRow): Series => ({
  id: r.id,
  libraryId: r.library_id,
  groupKey: r.group_key,
  title: r.title,
  sortTitle: r.sort_title,
  year: r.year,
  plot: r.plot,
  mpaa: r.mpaa,
  rating: r.rating,
  studio: r.studio,
  posterFile: r.poster_file,
  fanartFile: r.fanart_file,
  addedAt: r.added_at,
});

export interface ItemIdentity {
  libraryId: number;
  groupKey: string;
  kind: ItemKind;
  title: string;
  year: number | null;
  seriesId: number | null;
  season: number | null;
  episode: number | null;
  endingEpisode: number | null;
  airDate: string | null;
  extraType: string | null;
  parentItemId: number | null;
  addedAt: number;
}

/**
 * A title's rating in a query over `items i LEFT JOIN series s ON s.id = i.series_id`: its own, else its
 * series' (an episode) or its film's (an extra). The rule canSeeItem (catalog.dto.ts) applies to loaded titles.
 */
export const CERTIFICATION_SQL = `COALESCE(i.mpaa, s.mpaa, (SELECT p.mpaa FROM items p WHERE p.id = i.parent_item_id))`;

export type CatalogStore = ReturnType<typeof createCatalogStore>;

/** Items (movies, episodes, extras) and series. Files, subtitles and credits are in their own stores. */
export function createCatalogStore(db: Db) {
  const itemOrder = `ORDER BY sort_title, season, episode, id`;
  const byId = db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE id = ?`);
  const byKey = db.prepare<[number, string], ItemRow>(`SELECT * FROM items WHERE library_id = ? AND group_key = ?`);
  const playable = db.prepare<[], ItemRow>(`SELECT * FROM items WHERE kind IN ('movie', 'episode') ${itemOrder}`);
  const movies = db.prepare<[], ItemRow>(`SELECT * FROM items WHERE kind = 'movie' ${itemOrder}`);
  const ofSeries = db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE series_id = ? AND kind = 'episode' ORDER BY season IS NULL, season, episode, air_date, id`);
  const extrasOfItem = db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE parent_item_id = ? AND kind = 'extra' ORDER BY extra_type, sort_title`);
  const extrasOfSeries = db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE series_id = ? AND kind = 'extra' ORDER BY extra_type, sort_title`);
  const upsertItem = db.prepare(
    `INSERT INTO items (library_id, group_key, kind, title, sort_title, year, series_id, season, episode, ending_episode, air_date, extra_type, parent_item_id, added_at)
     VALUES (@libraryId, @groupKey, @kind, @title, @sortTitle, @year, @seriesId, @season, @episode, @endingEpisode, @airDate, @extraType, @parentItemId, @addedAt)
     ON CONFLICT (library_id, group_key) DO UPDATE SET kind = excluded.kind, title = excluded.title, sort_title = excluded.sort_title,
       year = excluded.year, series_id = excluded.series_id, season = excluded.season, episode = excluded.episode,
       ending_episode = excluded.ending_episode, air_date = excluded.air_date, extra_type = excluded.extra_type, parent_item_id = excluded.parent_item_id
     RETURNING id`,
  );
  const reidentify = db.prepare(
    `UPDATE items SET group_key = @groupKey, kind = @kind, title = @title, sort_title = @sortTitle, year = @year, series_id = @seriesId,
       season = @season, episode = @episode, ending_episode = @endingEpisode, air_date = @airDate, extra_type = @extraType,
       parent_item_id = @parentItemId WHERE id = @id`,
  );
  const setMetadata = db.prepare(
    `UPDATE items SET title = COALESCE(@title, title), sort_title = COALESCE(@sortTitle, sort_title), year = COALESCE(@year, year),
       original_title = @originalTitle, plot = @plot, tagline = @tagline, mpaa = @mpaa, rating = @rating, studio = @studio WHERE id = @id`,
  );
  const setArtwork = db.prepare(`UPDATE items SET poster_file = ?, fanart_file = ? WHERE id = ?`);
  const setPreviews = db.prepare(`UPDATE items SET previews_dir = ? WHERE id = ?`);
  const setDuration = db.prepare(`UPDATE items SET duration_ms = ? WHERE id = ?`);
  const removeItem = db.prepare(`DELETE FROM items WHERE id = ?`);
  const orphanItems = db.prepare<[number], { id: number }>(
    `SELECT id FROM items i WHERE library_id = ? AND NOT EXISTS (SELECT 1 FROM media_files f WHERE f.item_id = i.id)`,
  );

  const seriesById = db.prepare<[number], SeriesRow>(`SELECT * FROM series WHERE id = ?`);
  const seriesByKey = db.prepare<[number, string], SeriesRow>(`SELECT * FROM series WHERE library_id = ? AND group_key = ?`);
  const allSeries = db.prepare<[], SeriesRow>(`SELECT * FROM series ORDER BY sort_title, id`);
  const upsertSeries = db.prepare(
    `INSERT INTO series (library_id, group_key, title, sort_title, year, added_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (library_id, group_key) DO UPDATE SET title = excluded.title, sort_title = excluded.sort_title, year = COALESCE(series.year, excluded.year)
     RETURNING id`,
  );
  const setSeriesMetadata = db.prepare(
    `UPDATE series SET title = COALESCE(@title, title), sort_title = COALESCE(@sortTitle, sort_title), year = COALESCE(@year, year),
       plot = @plot, mpaa = @mpaa, rating = @rating, studio = @studio WHERE id = @id`,
  );
  const setSeriesArtwork = db.prepare(`UPDATE series SET poster_file = ?, fanart_file = ? WHERE id = ?`);
  const ensureSeason = db.prepare(
    `INSERT INTO seasons (series_id, number) SELECT @seriesId, @number WHERE NOT EXISTS (SELECT 1 FROM seasons WHERE series_id = @seriesId AND number IS @number)`,
  );
  const seasonsOf = db.prepare<[number], { id: number; series_id: number; number: number | null; poster_file: string | null }>(
    `SELECT * FROM seasons s WHERE series_id = ? AND EXISTS (SELECT 1 FROM items i WHERE i.series_id = s.series_id AND i.season IS s.number AND i.kind = 'episode')
     ORDER BY number IS NULL, number`,
  );
  const setSeasonPoster = db.prepare(`UPDATE seasons SET poster_file = ? WHERE series_id = ? AND number IS ?`);
  const orphanSeries = db.prepare(`DELETE FROM series WHERE library_id = ? AND NOT EXISTS (SELECT 1 FROM items i WHERE i.series_id = series.id)`);

  return {
    get(id: number): Item | null {
      const row = byId.get(id);
      return row ? toItem(row) : null;
    },
    findByKey(libraryId: number, groupKey: string): Item | null {
      const row = byKey.get(libraryId, groupKey);
      return row ? toItem(row) : null;
    },
    /** Movies and episodes, in title order. */
    listPlayable: (): Item[] => playable.all().map(toItem),
    listMovies: (): Item[] => movies.all().map(toItem),
    episodesOf: (seriesId: number): Item[] => ofSeries.all(seriesId).map(toItem),
    extrasOf: (itemId: number): Item[] => extrasOfItem.all(itemId).map(toItem),
    extrasOfSeries: (seriesId: number): Item[] => extrasOfSeries.all(seriesId).map(toItem),
    /** Inserts or updates the item that owns a group key; returns its id (stable across rescans). */
    upsertItem(item: ItemIdentity): number {
      return (upsertItem.get({ ...item, sortTitle: sortTitleOf(item.title) }) as { id: number }).id;
    },
    /** Gives an item a new identity (its file was renamed to another title); id and history stay. */
    reidentify(id: number, item: ItemIdentity): void {
      reidentify.run({ ...item, id, sortTitle: sortTitleOf(item.title) });
    },
    setMetadata(id: number, meta: ItemMetadata & { title?: string | null; year?: number | null }): void {
      setMetadata.run({ id, ...meta, title: meta.title ?? null, sortTitle: meta.title ? sortTitleOf(meta.title) : null, year: meta.year ?? null });
    },
    setArtwork: (id: number, poster: string | null, fanart: string | null) => void setArtwork.run(poster, fanart, id),
    setPreviews: (id: number, dir: string | null) => void setPreviews.run(dir, id),
    setDuration: (id: number, durationMs: number) => void setDuration.run(durationMs, id),
    remove: (id: number) => void removeItem.run(id),
    /** Removes items left without files and series left without items; returns the removed item ids. */
    removeOrphans(libraryId: number): number[] {
      const ids = orphanItems.all(libraryId).map((r) => r.id);
      for (const id of ids) removeItem.run(id);
      orphanSeries.run(libraryId);
      return ids;
    },

    getSeries(id: number): Series | null {
      const row = seriesById.get(id);
      return row ? toSeries(row) : null;
    },
    listSeries: (): Series[] => allSeries.all().map(toSeries),
    findSeriesByKey(libraryId: number, groupKey: string): Series | null {
      const row = seriesByKey.get(libraryId, groupKey);
      return row ? toSeries(row) : null;
    },
    upsertSeries(s: { libraryId: number; groupKey: string; title: string; year: number | null; addedAt: number }): number {
      return (upsertSeries.get(s.libraryId, s.groupKey, s.title, sortTitleOf(s.title), s.year, s.addedAt) as { id: number }).id;
    },
    setSeriesMetadata(id: number, meta: Omit<ItemMetadata, 'originalTitle' | 'tagline'> & { title?: string | null; year?: number | null }): void {
      setSeriesMetadata.run({ id, ...meta, title: meta.title ?? null, sortTitle: meta.title ? sortTitleOf(meta.title) : null, year: meta.year ?? null });
    },
    setSeriesArtwork: (id: number, poster: string | null, fanart: string | null) => void setSeriesArtwork.run(poster, fanart, id),
    ensureSeason: (seriesId: number, number: number | null) => void ensureSeason.run({ seriesId, number }),
    seasonsOf: (seriesId: number) => seasonsOf.all(seriesId).map((r) => ({ id: r.id, seriesId: r.series_id, number: r.number, posterFile: r.poster_file })),
    setSeasonPoster: (seriesId: number, number: number | null, poster: string | null) => void setSeasonPoster.run(poster, seriesId, number),
  };
}

export type { MediaInfo };
