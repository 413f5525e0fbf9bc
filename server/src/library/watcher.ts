import { watch, type FSWatcher } from 'chokidar';
import { sep } from 'node:path';
import type { Logger } from '../log.js';
import type { LibraryFolder } from './library.types.js';

export interface LibraryWatcher {
  /** Watches exactly the given folders (call after libraries change). */
  sync(folders: readonly LibraryFolder[]): void;
  close(): Promise<void>;
}

/**
 * Live watching: any change under a library folder asks for a scan of that library after a short
 * quiet period. The scan itself decides what changed (one stat per unchanged file) and waits for
 * files still being copied, so bursts of events (a copy of a season) become one or two scans.
 */
export function createLibraryWatcher(deps: { onChange: (libraryId: number) => void; debounceMs: number; log: Logger; usePolling?: boolean }): LibraryWatcher {
  let folders: readonly LibraryFolder[] = [];
  const timers = new Map<number, NodeJS.Timeout>();
  const watcher: FSWatcher = watch([], {
    ignoreInitial: true,
    // hidden files and folders: partial downloads (.part), rsync temp files, NAS metadata
    ignored: (path: string) => path.split(sep).some((part) => part.startsWith('.') && part.length > 1),
    followSymlinks: true,
    usePolling: deps.usePolling ?? false,
    interval: 500,
  });

  const libraryOf = (path: string) => folders.find((f) => path === f.path || path.startsWith(f.path + sep))?.libraryId;
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
      if (removed.length > 0) watcher.unwatch(removed);
      if (added.length > 0) watcher.add(added);
    },
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await watcher.close();
    },
  };
}
