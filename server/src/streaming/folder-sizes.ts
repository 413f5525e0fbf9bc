// Sizes of folders on disk, measured by a stat of every file and remembered per folder, so the
// transcodes of 10,000 titles are measured again in seconds, not minutes (bench/storage.ts).
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** The path (or a folder on it) is not there: counted as 0 bytes, never an error. */
export const isMissing = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** A folder of files only, as last measured: its mtime changes when a file is added, removed or renamed in it. */
interface FolderSize {
  mtimeMs: number;
  bytes: number;
}

/**
 * Measures folders by a stat of every file, remembering the size of each folder that holds files
 * only (a rung, an audio or subtitle rendition, a head start) against its mtime: measured again,
 * such a folder costs one stat while nothing was added to it or removed from it. Finished ladders
 * never change in place; segments are whole files renamed or written once.
 */
export function createFolderSizer(root: string) {
  const known = new Map<string, FolderSize>();
  const fileBytes = (path: string) =>
    lstat(path).then(
      (s) => (s.isFile() ? s.size : 0),
      (err: unknown) => (isMissing(err) ? 0 : Promise.reject(err)),
    );

  /**
   * Bytes of the files under `dir`, at any depth; 0 when it is not there. `remember`: false for
   * scratch folders, whose files grow in place; `visit` is told each folder remembered.
   */
  async function bytesOf(dir: string, opts: { remember?: boolean; visit?: (key: string) => void } = {}): Promise<number> {
    const remember = opts.remember ?? true;
    const key = relative(root, dir);
    let info;
    try {
      info = await stat(dir);
    } catch (err) {
      if (!isMissing(err)) throw err;
      known.delete(key);
      return 0;
    }
    const last = known.get(key);
    if (remember) opts.visit?.(key);
    if (last && last.mtimeMs === info.mtimeMs) return last.bytes;
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => (isMissing(err) ? [] : Promise.reject(err)));
    const sizes = await Promise.all(entries.map((e) => (e.isDirectory() ? bytesOf(join(dir, e.name), opts) : e.isFile() ? fileBytes(join(dir, e.name)) : 0)));
    const bytes = sizes.reduce((a, b) => a + b, 0);
    // the mtime read before listing: a file added meanwhile makes the next look measure again
    if (remember && entries.every((e) => !e.isDirectory())) known.set(key, { mtimeMs: info.mtimeMs, bytes });
    return bytes;
  }

  return {
    bytesOf,
    fileBytes,
    /** Forgets folders for which `keep` (given the path relative to the root) is false. */
    prune(keep: (key: string) => boolean): void {
      for (const key of known.keys()) if (!keep(key)) known.delete(key);
    },
    /** What is remembered, to be saved: relative path → [mtimeMs, bytes]. */
    save: (): Record<string, [number, number]> => Object.fromEntries([...known].map(([key, v]) => [key, [v.mtimeMs, v.bytes]])),
    /** Takes back what `save` gave; anything unreadable is ignored (it is measured again). */
    load(saved: unknown): void {
      if (!saved || typeof saved !== 'object') return;
      for (const [key, value] of Object.entries(saved)) {
        if (Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) {
          known.set(key, { mtimeMs: value[0] as number, bytes: value[1] as number });
        }
      }
    },
  };
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
