import type { Db } from '../db/open.js';
import type { Library, LibraryKind, SkippedFile } from './library.types.js';

interface LibraryRow {
  id: number;
  name: string;
  kind: LibraryKind;
  path: string;
  created_at: number;
  last_scan_at: number | null;
  item_count: number;
}

const toLibrary = (r: LibraryRow): Library => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  path: r.path,
  createdAt: r.created_at,
  lastScanAt: r.last_scan_at,
  itemCount: r.item_count,
});

export type LibraryStore = ReturnType<typeof createLibraryStore>;

export function createLibraryStore(db: Db) {
  const select = `SELECT l.*, (SELECT COUNT(*) FROM items i WHERE i.library_id = l.id) AS item_count FROM libraries l`;
  const list = db.prepare<[], LibraryRow>(`${select} ORDER BY l.name, l.id`);
  const byId = db.prepare<[number], LibraryRow>(`${select} WHERE l.id = ?`);
  const byPath = db.prepare<[string], LibraryRow>(`${select} WHERE l.path = ?`);
  const insert = db.prepare(`INSERT INTO libraries (name, kind, path, created_at) VALUES (?, ?, ?, ?)`);
  const scanned = db.prepare(`UPDATE libraries SET last_scan_at = ? WHERE id = ?`);
  const skip = db.prepare(
    `INSERT INTO skipped_files (path, library_id, reason, size_bytes, mtime_ms, seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, seen_at = excluded.seen_at`,
  );
  const unskip = db.prepare(`DELETE FROM skipped_files WHERE path = ?`);
  const skippedIn = db.prepare<[number], { path: string; library_id: number; reason: string; seen_at: number; size_bytes: number; mtime_ms: number }>(
    `SELECT * FROM skipped_files WHERE library_id = ? ORDER BY path`,
  );

  return {
    list: (): Library[] => list.all().map(toLibrary),
    get: (id: number): Library | null => {
      const row = byId.get(id);
      return row ? toLibrary(row) : null;
    },
    findByPath: (path: string): Library | null => {
      const row = byPath.get(path);
      return row ? toLibrary(row) : null;
    },
    insert(lib: { name: string; kind: LibraryKind; path: string; createdAt: number }): Library {
      const { lastInsertRowid } = insert.run(lib.name, lib.kind, lib.path, lib.createdAt);
      return toLibrary(byId.get(Number(lastInsertRowid))!);
    },
    markScanned: (id: number, at: number) => void scanned.run(at, id),
    /** Remembers a file the scan could not use, so an unchanged file is not probed again. */
    recordSkip: (f: { path: string; libraryId: number; reason: string; sizeBytes: number; mtimeMs: number; seenAt: number }) =>
      void skip.run(f.path, f.libraryId, f.reason, f.sizeBytes, f.mtimeMs, f.seenAt),
    clearSkip: (path: string) => void unskip.run(path),
    skipped(libraryId: number): (SkippedFile & { sizeBytes: number; mtimeMs: number })[] {
      return skippedIn.all(libraryId).map((r) => ({
        path: r.path,
        libraryId: r.library_id,
        reason: r.reason,
        seenAt: r.seen_at,
        sizeBytes: r.size_bytes,
        mtimeMs: r.mtime_ms,
      }));
    },
  };
}
