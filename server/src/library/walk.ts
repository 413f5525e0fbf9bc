import { opendir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Whether `path` is a folder that can be reached now (not there, unmounted, not a folder: false). */
export const isFolder = (path: string): Promise<boolean> => stat(path).then((s) => s.isDirectory(), () => false);

export interface FoundFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  /** ctime: when the file last changed in any way, on this machine's clock (a preserved or future mtime does not fool it) */
  changedMs: number;
  dev: string;
  inode: string;
}

export interface WalkResult {
  files: FoundFile[];
  /** names in each folder that was read (for sidecar files: NFO, artwork, subtitles) */
  listings: Map<string, string[]>;
}

// NAS and OS clutter that is never media (Synology, QNAP, macOS, Windows, Linux)
const SKIPPED_DIRS = new Set(['@eadir', '#recycle', '#snapshot', '.@__thumb', '$recycle.bin', 'system volume information', 'lost+found', '.trash', '.trashes']);

/**
 * Every file below root (hidden entries and NAS clutter skipped), with the folder listings.
 * Symlinked folders are followed once: a link loop is reported through onError, not followed
 * forever. An unreadable folder or a file removed mid-walk is reported and skipped, never fatal.
 */
export async function walkTree(root: string, onError: (path: string, reason: string) => void, signal?: AbortSignal): Promise<WalkResult> {
  const files: FoundFile[] = [];
  const listings = new Map<string, string[]>();
  const visited = new Set<string>();

  const visit = async (dir: string): Promise<void> => {
    if (signal?.aborted) return;
    let identity: string;
    try {
      const info = await stat(dir);
      identity = `${info.dev}:${info.ino}`;
    } catch (err) {
      return onError(dir, `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (visited.has(identity)) return onError(dir, 'folder link loop: already scanned through another path');
    visited.add(identity);
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      return onError(dir, `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const names: string[] = [];
    const subdirs: string[] = [];
    const toStat: string[] = [];
    try {
      for await (const entry of handle) {
        names.push(entry.name);
        if (entry.name.startsWith('.') || entry.name.startsWith('._')) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name.toLowerCase())) subdirs.push(path);
        } else {
          toStat.push(path); // files, and links whose target is a file or a folder
        }
      }
    } catch (err) {
      onError(dir, `folder listing failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    listings.set(dir, names);
    // stats of one folder in parallel: each is a round trip to libuv's thread pool
    await Promise.all(
      toStat.map(async (path) => {
        try {
          const info = await stat(path, { bigint: true });
          if (info.isDirectory()) {
            if (!SKIPPED_DIRS.has(basename(path).toLowerCase())) subdirs.push(path);
          } else if (info.isFile()) {
            files.push({ path, sizeBytes: Number(info.size), mtimeMs: Math.floor(Number(info.mtimeMs)), changedMs: Number(info.ctimeMs), dev: String(info.dev), inode: String(info.ino) });
          }
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return; // removed mid-scan, or a dangling link: nothing to index
          onError(path, `cannot read file: ${code ?? (err as Error).message}`);
        }
      }),
    );
    // a few folders at once keeps the thread pool busy without opening thousands of handles
    for (let i = 0; i < subdirs.length; i += 8) await Promise.all(subdirs.slice(i, i + 8).map(visit));
  };

  await visit(root);
  return { files, listings };
}
