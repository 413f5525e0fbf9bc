import type { Db } from '../db/open.js';
import type { MediaInfo } from '../../../transcoder/src/index.js';
import type { MediaFile, NewMediaFile, Subtitle } from './catalog.types.js';

interface FileRow {
  id: number;
  item_id: number;
  folder_id: number;
  path: string;
  version: string | null;
  part: number | null;
  format_3d: string | null;
  size_bytes: number;
  mtime_ms: number;
  dev: string;
  inode: string;
  partial_hash: string | null;
  duration_ms: number;
  width: number | null;
  height: number | null;
  media_json: string;
  missing: number;
  added_at: number;
}

const toFile = (r: FileRow): MediaFile => ({
  id: r.id,
  itemId: r.item_id,
  folderId: r.folder_id,
  path: r.path,
  version: r.version,
  part: r.part,
  format3D: r.format_3d,
  sizeBytes: r.size_bytes,
  mtimeMs: r.mtime_ms,
  dev: r.dev,
  inode: r.inode,
  partialHash: r.partial_hash,
  durationMs: r.duration_ms,
  width: r.width,
  height: r.height,
  media: Object.freeze(JSON.parse(r.media_json) as MediaInfo),
  missing: r.missing === 1,
  addedAt: r.added_at,
});

/** What a rescan compares the disk against, without parsing media JSON. */
export interface KnownFile {
  id: number;
  itemId: number;
  folderId: number;
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  dev: string;
  inode: string;
  partialHash: string | null;
  missing: boolean;
}

export type MediaFileStore = ReturnType<typeof createMediaFileStore>;

export function createMediaFileStore(db: Db) {
  const byId = db.prepare<[number], FileRow>(`SELECT * FROM media_files WHERE id = ?`);
  const byPath = db.prepare<[string], FileRow>(`SELECT * FROM media_files WHERE path = ?`);
  const ofItem = db.prepare<[number], FileRow>(`SELECT * FROM media_files WHERE item_id = ? ORDER BY missing, version IS NOT NULL, version, part, id`);
  const known = db.prepare<[number], { id: number; item_id: number; folder_id: number; path: string; size_bytes: number; mtime_ms: number; dev: string; inode: string; partial_hash: string | null; missing: number }>(
    `SELECT f.id, f.item_id, f.folder_id, f.path, f.size_bytes, f.mtime_ms, f.dev, f.inode, f.partial_hash, f.missing
     FROM media_files f JOIN library_folders d ON d.id = f.folder_id WHERE d.library_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO media_files (item_id, folder_id, path, version, part, format_3d, size_bytes, mtime_ms, dev, inode, partial_hash, duration_ms, width, height, media_json, added_at)
     VALUES (@itemId, @folderId, @path, @version, @part, @format3D, @sizeBytes, @mtimeMs, @dev, @inode, @partialHash, @durationMs, @width, @height, @mediaJson, @addedAt)
     ON CONFLICT (path) DO UPDATE SET item_id = excluded.item_id, folder_id = excluded.folder_id, version = excluded.version, part = excluded.part,
       format_3d = excluded.format_3d, size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, dev = excluded.dev, inode = excluded.inode,
       partial_hash = excluded.partial_hash, duration_ms = excluded.duration_ms, width = excluded.width, height = excluded.height,
       media_json = excluded.media_json, missing = 0
     RETURNING id`,
  );
  const move = db.prepare(
    `UPDATE media_files SET path = @path, folder_id = @folderId, item_id = @itemId, version = @version, part = @part, format_3d = @format3D,
       mtime_ms = @mtimeMs, dev = @dev, inode = @inode, missing = 0 WHERE id = @id`,
  );
  const setMissing = db.prepare(`UPDATE media_files SET missing = ? WHERE folder_id = ?`);
  const remove = db.prepare(`DELETE FROM media_files WHERE id = ?`);
  const stale = db.prepare(`UPDATE media_files SET mtime_ms = -1 WHERE folder_id IN (SELECT id FROM library_folders WHERE library_id = ?)`);
  const deleteSubs = db.prepare(`DELETE FROM subtitles WHERE media_file_id = ?`);
  const insertSub = db.prepare(
    `INSERT INTO subtitles (media_file_id, path, format, language, forced, is_default, hearing_impaired) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET media_file_id = excluded.media_file_id, format = excluded.format, language = excluded.language,
       forced = excluded.forced, is_default = excluded.is_default, hearing_impaired = excluded.hearing_impaired`,
  );
  const presence = db.prepare<[], { item_id: number; total: number; missing: number }>(
    `SELECT item_id, COUNT(*) AS total, SUM(missing) AS missing FROM media_files GROUP BY item_id`,
  );
  // the same for some items only (a JSON array of ids): a shelf's cards, not the whole catalogue
  const presenceOf = db.prepare<[string], { item_id: number; total: number; missing: number }>(
    `SELECT item_id, COUNT(*) AS total, SUM(missing) AS missing FROM media_files WHERE item_id IN (SELECT value FROM json_each(?)) GROUP BY item_id`,
  );
  const idByPath = db.prepare<[string], { id: number }>(`SELECT id FROM media_files WHERE path = ?`);
  const withSubs = db.prepare<[number], { path: string }>(
    `SELECT DISTINCT f.path FROM subtitles s JOIN media_files f ON f.id = s.media_file_id JOIN library_folders d ON d.id = f.folder_id WHERE d.library_id = ?`,
  );
  const subsOf = db.prepare<[number], { id: number; media_file_id: number; path: string; format: string; language: string | null; forced: number; is_default: number; hearing_impaired: number }>(
    `SELECT * FROM subtitles WHERE media_file_id = ? ORDER BY language, forced, path`,
  );

  return {
    get(id: number): MediaFile | null {
      const row = byId.get(id);
      return row ? toFile(row) : null;
    },
    findByPath(path: string): MediaFile | null {
      const row = byPath.get(path);
      return row ? toFile(row) : null;
    },
    /** The files of an item: present before missing, the plain version first, parts in order. */
    ofItem: (itemId: number): MediaFile[] => ofItem.all(itemId).map(toFile),
    known(libraryId: number): KnownFile[] {
      return known.all(libraryId).map((r) => ({
        id: r.id,
        itemId: r.item_id,
        folderId: r.folder_id,
        path: r.path,
        sizeBytes: r.size_bytes,
        mtimeMs: r.mtime_ms,
        dev: r.dev,
        inode: r.inode,
        partialHash: r.partial_hash,
        missing: r.missing === 1,
      }));
    },
    /** Inserts or updates by path; returns the file id. */
    save(file: NewMediaFile): number {
      const { media, ...rest } = file;
      return (insert.get({ ...rest, mediaJson: JSON.stringify(media) }) as { id: number }).id;
    },
    /** A file moved or renamed: same row (and so the same item, history and transcodes), new place. */
    move(id: number, to: { path: string; folderId: number; itemId: number; version: string | null; part: number | null; format3D: string | null; mtimeMs: number; dev: string; inode: string }): void {
      move.run({ id, ...to });
    },
    setFolderMissing: (folderId: number, missing: boolean) => void setMissing.run(missing ? 1 : 0, folderId),
    remove: (id: number) => void remove.run(id),
    /** Makes the next scan look at every file of the library again (its rows, and so history, stay). */
    markStale: (libraryId: number) => void stale.run(libraryId),
    /** Item ids whose every file is missing (their folder is offline). */
    offlineItemIds: (): Set<number> => new Set(presence.all().filter((r) => r.total > 0 && r.missing === r.total).map((r) => r.item_id)),
    /** The same among `itemIds` only. */
    offlineAmong: (itemIds: readonly number[]): Set<number> =>
      itemIds.length === 0 ? new Set() : new Set(presenceOf.all(JSON.stringify(itemIds)).filter((r) => r.total > 0 && r.missing === r.total).map((r) => r.item_id)),
    /** Paths of the library's videos that have subtitles now. */
    pathsWithSubtitles: (libraryId: number): Set<string> => new Set(withSubs.all(libraryId).map((r) => r.path)),
    /** Replaces the subtitles of many videos (by path) in one transaction. */
    syncSubtitles: db.transaction((entries: { videoPath: string; subs: Omit<Subtitle, 'id' | 'mediaFileId'>[] }[]) => {
      for (const e of entries) {
        const row = idByPath.get(e.videoPath);
        if (!row) continue;
        deleteSubs.run(row.id);
        for (const s of e.subs) insertSub.run(row.id, s.path, s.format, s.language, s.forced ? 1 : 0, s.isDefault ? 1 : 0, s.hearingImpaired ? 1 : 0);
      }
    }) as (entries: { videoPath: string; subs: Omit<Subtitle, 'id' | 'mediaFileId'>[] }[]) => void,
    subtitlesOf(mediaFileId: number): Subtitle[] {
      return subsOf.all(mediaFileId).map((r) => ({
        id: r.id,
        mediaFileId: r.media_file_id,
        path: r.path,
        format: r.format,
        language: r.language,
        forced: r.forced === 1,
        isDefault: r.is_default === 1,
        hearingImpaired: r.hearing_impaired === 1,
      }));
    },
  };
}
