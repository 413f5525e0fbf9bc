import { watch, type FSWatcher } from 'chokidar';
import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import type { Logger } from '../log.js';
import type { LibraryFolder } from './library.types.js';
import { isFolder } from './walk.js';

export interface LibraryWatcher {
  /** Watches exactly the given folders (call after libraries change). */
  sync(folders: readonly LibraryFolder[]): void;
  /** how many folders are watched now (the status of the watch, and tests) */
  watchedFolders(): number;
  close(): Promise<void>;
}

/** How often a library folder that went away (an unplugged disk, an unmounted share) is looked for. */
export const PROBE_MS = 10_000;

/**
 * Live watching: any change under a library folder asks for a scan of that library after a short
 * quiet period. The scan itself decides what changed (one stat per unchanged file) and waits for
 * files still being copied, so bursts of events (a copy of a season) become one or two scans.
 * Every library folder is also looked at every `probeMs`: one that went away is scanned (its titles show
 * offline), and when it is back it is watched anew and scanned, so its titles come back by themselves.
 */
export function createLibraryWatcher(deps: { onChange: (libraryId: number) => void; debounceMs: number; log: Logger; usePolling?: boolean; probeMs?: number }): LibraryWatcher {
  let folders: readonly LibraryFolder[] = [];
  const timers = new Map<number, NodeJS.Timeout>();
  /** whether each library folder was there at the last look */
  const present = new Map<string, boolean>();
  let probeTimer: NodeJS.Timeout | null = null;
  const watcher: FSWatcher = watch([], {
    ignoreInitial: true,
    // hidden files and folders: partial downloads (.part), rsync temp files, NAS metadata
    ignored: (path: string) => path.split(sep).some((part) => part.startsWith('.') && part.length > 1),
    // not into linked folders: two links back up the tree make the watch grow without end (the scan
    // follows links itself, with loop detection, and the periodic rescan covers what lies behind them)
    followSymlinks: false,
    usePolling: deps.usePolling ?? false,
    interval: 500,
  });

  /** each library folder's path as watched: its links resolved (links are not followed below it) */
  const watchedAs = new Map<string, string>();
  // resolved without blocking: a share that hangs must not hold up the server; one not there now is
  // watched as named, and again, resolved, when the probe finds it back
  const watchFolder = async (path: string) => {
    const real = await realpath(path).catch(() => path);
    if (!folders.some((f) => f.path === path)) return; // removed meanwhile
    watchedAs.set(path, real);
    watcher.add(real);
  };
  const unwatchFolder = (path: string) => {
    watcher.unwatch(watchedAs.get(path) ?? path);
    watchedAs.delete(path);
  };
  const within = (path: string, folder: string) => path === folder || path.startsWith(folder + sep);
  const libraryOf = (path: string) => folders.find((f) => within(path, watchedAs.get(f.path) ?? f.path) || within(path, f.path))?.libraryId;
  const schedule = (libraryId: number) => {
    clearTimeout(timers.get(libraryId));
    timers.set(
      libraryId,
      setTimeout(() => {
        timers.delete(libraryId);
        deps.onChange(libraryId);
      }, deps.debounceMs),
    );
  };
  // one stat per library folder every probeMs: a folder moved away whole (or a share unmounted) may
  // raise no event at all, and chokidar does not watch a folder again once it is gone
  const probe = async () => {
    for (const { path, libraryId } of folders) {
      const there = await isFolder(path);
      const was = present.get(path);
      present.set(path, there);
      if (was === undefined || was === there || !folders.some((f) => f.path === path)) continue;
      if (there) {
        unwatchFolder(path);
        await watchFolder(path);
      }
      deps.log.info({ path }, there ? 'library folder is back: scanning it' : 'library folder went away: scanning it');
      schedule(libraryId);
    }
  };

  watcher.on('all', (event, path) => {
    const libraryId = libraryOf(path);
    if (libraryId !== undefined) schedule(libraryId);
  });
  watcher.on('error', (err) => deps.log.warn({ err: (err as Error).message }, 'file watcher error; the periodic rescan still runs'));

  return {
    sync(next) {
      const before = new Set(folders.map((f) => f.path));
      const after = new Set(next.map((f) => f.path));
      folders = [...next];
      const removed = [...before].filter((p) => !after.has(p));
      const added = [...after].filter((p) => !before.has(p));
      for (const path of removed) {
        present.delete(path);
        unwatchFolder(path);
      }
      for (const path of added) void watchFolder(path);
      // the first look only learns whether each folder is there (one away already is scanned when it is back)
      if (added.length > 0) void probe();
      probeTimer ??= setInterval(() => void probe(), deps.probeMs ?? PROBE_MS).unref();
    },
    watchedFolders: () => Object.keys(watcher.getWatched()).length,
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      if (probeTimer) clearInterval(probeTimer);
      probeTimer = null;
      await watcher.close();
    },
  };
}
