import { watch, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { Logger } from '../log.js';
import type { LibraryFolder } from './library.types.js';

export interface LibraryWatcher {
  /** Watches exactly the given folders (call after libraries change). */
  sync(folders: readonly LibraryFolder[]): void;
  close(): Promise<void>;
}

/** How often a library folder that went away (an unplugged disk, an unmounted share) is looked for. */
export const PROBE_MS = 10_000;

const isFolder = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);

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
  // one stat per library folder every probeMs: a folder moved away whole (or a share unmounted) may
  // raise no event at all, and chokidar does not watch a folder again once it is gone
  const probe = async () => {
    for (const { path, libraryId } of folders) {
      const there = await isFolder(path);
      const was = present.get(path);
      present.set(path, there);
      if (was === undefined || was === there || !folders.some((f) => f.path === path)) continue;
      if (there) {
        watcher.unwatch(path);
        watcher.add(path);
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
      for (const path of removed) present.delete(path);
      if (removed.length > 0) watcher.unwatch(removed);
      if (added.length > 0) watcher.add(added);
      // the first look only learns whether each folder is there (one away already is scanned when it is back)
      if (added.length > 0) void probe();
      probeTimer ??= setInterval(() => void probe(), deps.probeMs ?? PROBE_MS).unref();
    },
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      if (probeTimer) clearInterval(probeTimer);
      probeTimer = null;
      await watcher.close();
    },
  };
}
