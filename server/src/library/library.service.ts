import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { ProbeMedia } from '../../../transcoder/src/index.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import type { MediaFileStore } from '../catalog/media-file.store.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { LibraryStore } from './library.store.js';
import type { Library, LibraryKind } from './library.types.js';
import { scanLibrary, type ScanProgress, type ScanSummary } from './scanner.js';

export type { ScanSummary };

/**
 * Checks a folder the user typed: absolute, existing, a folder. Returns its real path.
 * Nothing is written; the message names the field.
 */
export async function checkLibraryFolder(path: string, field = 'path'): Promise<string> {
  if (!isAbsolute(path)) throw badRequest(`${field}: "${path}" must be an absolute path to a folder`);
  try {
    const real = await realpath(resolve(path));
    if (!(await stat(real)).isDirectory()) throw new Error('not a folder');
    return real;
  } catch {
    throw badRequest(`${field}: ${path} is not an existing folder`);
  }
}

/** What happens after a scan changed titles: metadata, artwork, transcodes. */
export type AfterScan = (summary: ScanSummary, signal: AbortSignal) => Promise<void>;

export interface LibraryInput {
  paths: string[];
  /** start the first scan in the background (default); callers that scan themselves say false */
  scanNow?: boolean;
  name?: string;
  kind?: LibraryKind;
}

export type LibraryService = ReturnType<typeof createLibraryService>;

export function createLibraryService(deps: {
  libraries: LibraryStore;
  catalog: CatalogStore;
  files: MediaFileStore;
  probe: ProbeMedia;
  afterScan: AfterScan;
  /** files probed at once during a scan */
  probeConcurrency: number;
  /** a file changed more recently than this is still being copied and waits */
  stabilityMs: number;
  /** the folder list changed (the watcher follows) */
  onFoldersChanged?: () => void;
  now: () => number;
  log: Logger;
}) {
  const running = new Map<number, Promise<ScanSummary>>();
  const queued = new Map<number, Promise<ScanSummary>>();
  const progress = new Map<number, ScanProgress>();
  const recheckTimers = new Map<number, NodeJS.Timeout>();
  const stopper = new AbortController();

  async function scanOnce(library: Library): Promise<ScanSummary> {
    const summary = await scanLibrary(
      library,
      deps,
      { signal: stopper.signal, onProgress: (p) => progress.set(library.id, p) },
    );
    if (!stopper.signal.aborted) {
      progress.set(library.id, { phase: 'metadata', done: 0, total: summary.changedItemIds.length });
      await deps.afterScan(summary, stopper.signal);
    }
    deps.log.info({ ...summary, skipped: summary.skipped.length, changedItemIds: summary.changedItemIds.length }, 'scan finished');
    // files still being copied are looked at again once they have had time to settle
    if (summary.pending > 0 && !stopper.signal.aborted) {
      clearTimeout(recheckTimers.get(library.id));
      recheckTimers.set(
        library.id,
        setTimeout(() => {
          recheckTimers.delete(library.id);
          void scan(library.id).catch(() => undefined);
        }, deps.stabilityMs + 200).unref(),
      );
    }
    return summary;
  }

  /**
   * Scans a library. Asked while a scan runs, it answers with the one scan queued after it, so the
   * answer always reflects the disk as it was when asked (changes may have come in meanwhile).
   */
  function scan(id: number): Promise<ScanSummary> {
    if (!deps.libraries.get(id)) throw notFound(`library ${id}`);
    const current = running.get(id);
    if (current) {
      let next = queued.get(id);
      if (!next) {
        next = current.catch(() => undefined).then(() => {
          queued.delete(id);
          return deps.libraries.get(id) && !stopper.signal.aborted ? start(id) : current;
        });
        queued.set(id, next);
      }
      return next;
    }
    return start(id);
  }

  function start(id: number): Promise<ScanSummary> {
    const library = deps.libraries.get(id)!;
    const promise = scanOnce(library)
      .catch((err: unknown) => {
        deps.log.error({ err, libraryId: id }, 'scan failed');
        throw err;
      })
      .finally(() => {
        running.delete(id);
        progress.delete(id);
      });
    running.set(id, promise);
    return promise;
  }

  async function checkPaths(paths: string[], selfId: number | null): Promise<string[]> {
    if (paths.length === 0) throw badRequest('paths: at least one folder is required');
    const real: string[] = [];
    for (const [i, path] of paths.entries()) {
      const resolved = await checkLibraryFolder(path, paths.length > 1 ? `paths.${i}` : 'path');
      const owner = deps.libraries.findFolder(resolved);
      if (owner && owner.libraryId !== selfId) throw conflict(`path: ${resolved} is already a folder of library ${owner.libraryId}`);
      if (!real.includes(resolved)) real.push(resolved);
    }
    return real;
  }

  return {
    list: () => deps.libraries.list(),
    get(id: number): Library {
      const library = deps.libraries.get(id);
      if (!library) throw notFound(`library ${id}`);
      return library;
    },
    /** a scan runs, is queued, or waits for files still being copied */
    isScanning: (id: number) => running.has(id) || queued.has(id) || recheckTimers.has(id),
    progressOf: (id: number): ScanProgress | null => progress.get(id) ?? null,
    /** Validates and adds a library; the first scan runs in the background. */
    async add(input: LibraryInput): Promise<Library> {
      const paths = await checkPaths(input.paths, null);
      const name = input.name?.trim() || basename(paths[0]!) || paths[0]!;
      const id = deps.libraries.insert({ name, kind: input.kind ?? 'mixed', paths, createdAt: deps.now() });
      deps.log.info({ libraryId: id, paths }, 'library added');
      deps.onFoldersChanged?.();
      if (input.scanNow !== false) void scan(id).catch(() => undefined);
      return deps.libraries.get(id)!;
    },
    /** Renames, changes the kind or the folders; a changed folder list or kind rescans. */
    async update(id: number, change: { name?: string; kind?: LibraryKind; paths?: string[] }): Promise<Library> {
      const library = this.get(id);
      const paths = change.paths ? await checkPaths(change.paths, id) : library.folders.map((f) => f.path);
      const name = change.name?.trim() || library.name;
      const kind = change.kind ?? library.kind;
      deps.libraries.update(id, { name, kind, paths });
      deps.onFoldersChanged?.();
      const foldersChanged = paths.join('\n') !== library.folders.map((f) => f.path).join('\n');
      if (foldersChanged || kind !== library.kind) {
        if (kind !== library.kind) deps.files.markStale(id); // every name is read anew under the new kind
        deps.catalog.removeOrphans(id);
        void scan(id).catch(() => undefined);
      }
      return deps.libraries.get(id)!;
    },
    /** Removes the library and its catalogue entries; the video files themselves are never touched. */
    async remove(id: number): Promise<void> {
      this.get(id);
      await running.get(id)?.catch(() => undefined);
      deps.libraries.remove(id);
      deps.onFoldersChanged?.();
      deps.log.info({ libraryId: id }, 'library removed');
    },
    /** Adds a folder unless a library already has it; returns the library either way. */
    async ensure(path: string, opts: { scanNow?: boolean } = {}): Promise<Library> {
      const real = await checkLibraryFolder(path, 'library');
      const folder = deps.libraries.findFolder(real);
      return folder ? deps.libraries.get(folder.libraryId)! : this.add({ paths: [real], scanNow: opts.scanNow });
    },
    scan,
    scanAll(): void {
      for (const library of deps.libraries.list()) void scan(library.id).catch(() => undefined);
    },
    skipped: (id: number) => deps.libraries.skipped(id),
    /** Stops scanning (at the next file) and waits for scans to settle. */
    async stop(): Promise<void> {
      stopper.abort(new Error('server shutting down'));
      for (const timer of recheckTimers.values()) clearTimeout(timer);
      await Promise.allSettled([...running.values(), ...queued.values()]);
    },
  };
}
