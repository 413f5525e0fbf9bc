import type { Db } from '../db/open.js';
import type { MediaInfo } from '../../../transcoder/src/index.js';
import type { Item, NewItem } from './catalog.types.js';

interface ItemRow {
  id: number;
  library_id: number;
  path: string;
  kind: 'movie' | 'episode';
  title: string;
  series_title: string | null;
  season: number | null;
  episode: number | null;
  year: number | null;
  duration_ms: number;
  width: number | null;
  height: number | null;
  size_bytes: number;
  mtime_ms: number;
  media_json: string;
  poster_file: string | null;
  added_at: number;
}

const toItem = (r: ItemRow): Item => ({
  id: r.id,
  libraryId: r.library_id,
  path: r.path,
  kind: r.kind,
  title: r.title,
  seriesTitle: r.series_title,
  season: r.season,
  episode: r.episode,
  year: r.year,
  durationMs: r.duration_ms,
  width: r.width,
  height: r.height,
  sizeBytes: r.size_bytes,
  mtimeMs: r.mtime_ms,
  media: Object.freeze(JSON.parse(r.media_json) as MediaInfo),
  posterFile: r.poster_file,
  addedAt: r.added_at,
});

export type CatalogStore = ReturnType<typeof createCatalogStore>;

export function createCatalogStore(db: Db) {
  const all = db.prepare<[], ItemRow>(
    `SELECT * FROM items ORDER BY COALESCE(series_title, title) COLLATE NOCASE, season, episode, title COLLATE NOCASE, id`,
  );
  const byId = db.prepare<[number], ItemRow>(`SELECT * FROM items WHERE id = ?`);
  const byPath = db.prepare<[string], ItemRow>(`SELECT * FROM items WHERE path = ?`);
  const inLibrary = db.prepare<[number], { id: number; path: string; size_bytes: number; mtime_ms: number }>(
    `SELECT id, path, size_bytes, mtime_ms FROM items WHERE library_id = ?`,
  );
  const upsert = db.prepare(
    `INSERT INTO items (library_id, path, kind, title, series_title, season, episode, year, duration_ms, width, height,
                        size_bytes, mtime_ms, media_json, added_at)
     VALUES (@libraryId, @path, @kind, @title, @seriesTitle, @season, @episode, @year, @durationMs, @width, @height,
             @sizeBytes, @mtimeMs, @mediaJson, @addedAt)
     ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, title = excluded.title, series_title = excluded.series_title,
       season = excluded.season, episode = excluded.episode, year = excluded.year, duration_ms = excluded.duration_ms,
       width = excluded.width, height = excluded.height, size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms,
       media_json = excluded.media_json
     RETURNING id`,
  );
  const setPoster = db.prepare(`UPDATE items SET poster_file = ? WHERE id = ?`);
  const remove = db.prepare(`DELETE FROM items WHERE id = ?`);

  return {
    list: (): Item[] => all.all().map(toItem),
    get(id: number): Item | null {
      const row = byId.get(id);
      return row ? toItem(row) : null;
    },
    findByPath(path: string): Item | null {
      const row = byPath.get(path);
      return row ? toItem(row) : null;
    },
    /** What a rescan compares against: path → size and mtime. */
    filesIn(libraryId: number): Map<string, { id: number; sizeBytes: number; mtimeMs: number }> {
      return new Map(inLibrary.all(libraryId).map((r) => [r.path, { id: r.id, sizeBytes: r.size_bytes, mtimeMs: r.mtime_ms }]));
    },
    /** Inserts or updates by path; a changed file keeps its id. */
    save(item: NewItem): number {
      const { media, ...rest } = item;
      const row = upsert.get({ ...rest, mediaJson: JSON.stringify(media) }) as { id: number };
      return row.id;
    },
    setPoster: (id: number, file: string | null) => void setPoster.run(file, id),
    remove: (id: number) => void remove.run(id),
  };
}
