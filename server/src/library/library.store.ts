import type { Db } from '../db/open.js';
import type { Library, LibraryFolder, LibraryKind, SkippedFile } from './library.types.js';

interface LibraryRow {
  id: number;
  name: string;
  kind: LibraryKind;
  created_at: number;
  last_scan_at: number | null;
  item_count: number;
}
interface FolderRow {
  id: number;
  library_id: number;
  path: string;
  online: number;
}

const toFolder = (r: FolderRow): LibraryFolder => ({ id: r.id, libraryId: r.library_id, path: r.path, online: r.online === 1 });

export type LibraryStore = ReturnType<typeof createLibraryStore>;

export function createLibraryStore(db: Db) {
  const select = `SELECT l.*, (SELECT COUNT(*) FROM items i WHERE i.library_id = l.id) AS item_count FROM libraries l`;
  const list = db.prepare<[], LibraryRow>(`${select} ORDER BY l.name COLLATE NOCASE, l.id`);
  const byId = db.prepare<[number], LibraryRow>(`${select} WHERE l.id = ?`);
  const foldersOf = db.prepare<[number], FolderRow>(`SELECT * FROM library_folders WHERE library_id = ? ORDER BY path`);
  const folderByPath = db.prepare<[string], FolderRow>(`SELECT * FROM library_folders WHERE path = ?`);
  const allFolders = db.prepare<[], FolderRow>(`SELECT * FROM library_folders ORDER BY path`);
  const insert = db.prepare(`INSERT INTO libraries (name, kind, created_at) VALUES (?, ?, ?)`);
  const insertFolder = db.prepare(`INSERT INTO library_folders (library_id, path) VALUES (?, ?)`);
  const deleteFolder = db.prepare(`DELETE FROM library_folders WHERE library_id = ? AND path = ?`);
  const update = db.prepare(`UPDATE libraries SET name = ?, kind = ? WHERE id = ?`);
  const remove = db.prepare(`DELETE FROM libraries WHERE id = ?`);
  const scanned = db.prepare(`UPDATE libraries SET last_scan_at = ? WHERE id = ?`);
  const setOnline = db.prepare(`UPDATE library_folders SET online = ? WHERE id = ?`);
  const skip = db.prepare(
    `INSERT INTO skipped_files (path, library_id, reason, size_bytes, mtime_ms, seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET library_id = excluded.library_id, reason = excluded.reason, size_bytes = excluded.size_bytes,
       mtime_ms = excluded.mtime_ms, seen_at = excluded.seen_at`,
  );
  const unskip = db.prepare(`DELETE FROM skipped_files WHERE path = ?`);
  const sidecarsOf = db.prepare<[number], { path: string; mtime_ms: number }>(`SELECT path, mtime_ms FROM sidecars WHERE library_id = ?`);
  const putSidecar = db.prepare(
    `INSERT INTO sidecars (path, library_id, mtime_ms) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET library_id = excluded.library_id, mtime_ms = excluded.mtime_ms`,
  );
  const dropSidecar = db.prepare(`DELETE FROM sidecars WHERE path = ?`);
  const skippedIn = db.prepare<[number], { path: string; library_id: number; reason: string; seen_at: number; size_bytes: number; mtime_ms: number }>(
    `SELECT * FROM skipped_files WHERE library_id = ? ORDER BY path`,
  );

  const toLibrary = (r: LibraryRow): Library => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    folders: foldersOf.all(r.id).map(toFolder),
    createdAt: r.created_at,
    lastScanAt: r.last_scan_at,
    itemCount: r.item_count,
  });

  return {
    list: (): Library[] => list.all().map(toLibrary),
    get(id: number): Library | null {
      const row = byId.get(id);
      return row ? toLibrary(row) : null;
    },
    /** The folder (of any library) with this exact path. */
    findFolder(path: string): LibraryFolder | null {
      const row = folderByPath.get(path);
      return row ? toFolder(row) : null;
    },
    allFolders: (): LibraryFolder[] => allFolders.all().map(toFolder),
    insert: db.transaction((lib: { name: string; kind: LibraryKind; paths: string[]; createdAt: number }): number => {
      const id = Number(insert.run(lib.name, lib.kind, lib.createdAt).lastInsertRowid);
      for (const path of lib.paths) insertFolder.run(id, path);
      return id;
    }) as (lib: { name: string; kind: LibraryKind; paths: string[]; createdAt: number }) => number,
    /** Renames, changes the kind and replaces the folder list (files of dropped folders go with them). */
    update: db.transaction((id: number, change: { name: string; kind: LibraryKind; paths: string[] }) => {
      update.run(change.name, change.kind, id);
      const current = foldersOf.all(id).map((f) => f.path);
      for (const path of current) if (!change.paths.includes(path)) deleteFolder.run(id, path);
      for (const path of change.paths) if (!current.includes(path)) insertFolder.run(id, path);
    }) as (id: number, change: { name: string; kind: LibraryKind; paths: string[] }) => void,
    remove: (id: number) => void remove.run(id),
    markScanned: (id: number, at: number) => void scanned.run(at, id),
    setFolderOnline: (folderId: number, online: boolean) => void setOnline.run(online ? 1 : 0, folderId),
    /** Remembers a file the scan could not use, so an unchanged file is not probed again. */
    recordSkip: (f: { path: string; libraryId: number; reason: string; sizeBytes: number; mtimeMs: number; seenAt: number }) =>
      void skip.run(f.path, f.libraryId, f.reason, f.sizeBytes, f.mtimeMs, f.seenAt),
    clearSkip: (path: string) => void unskip.run(path),
    /** NFO and artwork files last seen beside the media: path → mtime. */
    sidecars: (libraryId: number): Map<string, number> => new Map(sidecarsOf.all(libraryId).map((r) => [r.path, r.mtime_ms])),
    syncSidecars: db.transaction((libraryId: number, changed: { path: string; mtimeMs: number }[], removed: string[]) => {
      for (const c of changed) putSidecar.run(c.path, libraryId, c.mtimeMs);
      for (const path of removed) dropSidecar.run(path);
    }) as (libraryId: number, changed: { path: string; mtimeMs: number }[], removed: string[]) => void,
    skipped(libraryId: number): (SkippedFile & { sizeBytes: number; mtimeMs: number })[] {
      return skippedIn.all(libraryId).map((r) => ({ path: r.path, libraryId: r.library_id, reason: r.reason, seenAt: r.seen_at, sizeBytes: r.size_bytes, mtimeMs: r.mtime_ms }));
    },
  };
}
