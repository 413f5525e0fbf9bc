import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { ProbeMedia } from '../../../transcoder/src/index.js';
import { displaySize } from '../../../transcoder/src/index.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { LibraryStore } from './library.store.js';
import type { Library, LibraryKind } from './library.types.js';
import { parseName } from './parse-name.js';
import { walkVideos, type FoundFile } from './walk.js';

export interface ScanSummary {
  libraryId: number;
  found: number;
  added: number;
  updated: number;
  removed: number;
  skipped: { path: string; reason: string }[];
  ms: number;
}

/** Makes a poster frame for a new item; returns the file name under artwork/, or null. */
export type MakePoster = (itemId: number, input: string, durationMs: number) => Promise<string | null>;

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

export type LibraryService = ReturnType<typeof createLibraryService>;

export function createLibraryService(deps: {
  libraries: LibraryStore;
  catalog: CatalogStore;
  probe: ProbeMedia;
  makePoster: MakePoster;
  onItemChanged: (itemId: number) => void;
  /** files probed at once during a scan */
  probeConcurrency: number;
  now: () => number;
  log: Logger;
}) {
  const scans = new Map<number, Promise<ScanSummary>>();
  const stopper = new AbortController();

  async function scanOnce(library: Library): Promise<ScanSummary> {
    const started = deps.now();
    const summary: ScanSummary = { libraryId: library.id, found: 0, added: 0, updated: 0, removed: 0, skipped: [], ms: 0 };
    const known = deps.catalog.filesIn(library.id);
    const skippedBefore = new Map(deps.libraries.skipped(library.id).map((s) => [s.path, s]));
    const seen = new Set<string>();
    const skip = (path: string, reason: string, sizeBytes: number, mtimeMs: number) => {
      summary.skipped.push({ path, reason });
      deps.libraries.recordSkip({ path, libraryId: library.id, reason, sizeBytes, mtimeMs, seenAt: deps.now() });
      deps.log.warn({ path, reason }, 'file skipped');
    };

    const importFile = async (file: FoundFile, isNew: boolean): Promise<void> => {
      let media;
      try {
        media = await deps.probe(file.path, stopper.signal);
      } catch (err) {
        if (stopper.signal.aborted) return;
        return skip(file.path, `ffprobe cannot read it: ${(err as Error).message}`, file.sizeBytes, file.mtimeMs);
      }
      if (!media.video) return skip(file.path, 'no video stream', file.sizeBytes, file.mtimeMs);
      deps.libraries.clearSkip(file.path);
      const name = parseName(file.path);
      const shown = displaySize(media.video);
      const id = deps.catalog.save({
        libraryId: library.id,
        path: file.path,
        kind: name.kind,
        title: name.kind === 'movie' ? name.title : (name.title ?? `Episode ${name.episode}`),
        seriesTitle: name.kind === 'episode' ? name.seriesTitle : null,
        season: name.kind === 'episode' ? name.season : null,
        episode: name.kind === 'episode' ? name.episode : null,
        year: name.kind === 'movie' ? name.year : null,
        durationMs: media.durationMs,
        width: shown.width || null,
        height: shown.height || null,
        sizeBytes: file.sizeBytes,
        mtimeMs: file.mtimeMs,
        media,
        addedAt: deps.now(),
      });
      if (isNew) summary.added++;
      else summary.updated++;
      deps.catalog.setPoster(id, await deps.makePoster(id, file.path, media.durationMs));
      deps.onItemChanged(id);
    };

    // ffprobe and the poster grab are mostly process start-up: a few at once keep the cores busy
    const inFlight = new Set<Promise<void>>();
    for await (const file of walkVideos(library.path, (path, err) => deps.log.warn({ path, err: err.message }, 'cannot read'))) {
      if (stopper.signal.aborted) break;
      seen.add(file.path);
      summary.found++;
      const before = known.get(file.path);
      if (before && before.sizeBytes === file.sizeBytes && before.mtimeMs === file.mtimeMs) continue; // unchanged: stat only
      const skippedEarlier = skippedBefore.get(file.path);
      if (skippedEarlier && skippedEarlier.sizeBytes === file.sizeBytes && skippedEarlier.mtimeMs === file.mtimeMs) {
        summary.skipped.push({ path: file.path, reason: skippedEarlier.reason });
        continue;
      }
      const task = importFile(file, !before).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= deps.probeConcurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (!stopper.signal.aborted) {
      for (const [path, { id }] of known) {
        if (seen.has(path)) continue;
        deps.catalog.remove(id);
        summary.removed++;
      }
      deps.libraries.markScanned(library.id, deps.now());
    }
    summary.ms = deps.now() - started;
    deps.log.info({ ...summary, skipped: summary.skipped.length }, 'scan finished');
    return summary;
  }

  function scan(id: number): Promise<ScanSummary> {
    const library = deps.libraries.get(id);
    if (!library) throw notFound(`library ${id}`);
    const running = scans.get(id);
    if (running) return running;
    const promise = scanOnce(library).finally(() => scans.delete(id));
    scans.set(id, promise);
    return promise;
  }

  return {
    list: () => deps.libraries.list(),
    get(id: number): Library {
      const library = deps.libraries.get(id);
      if (!library) throw notFound(`library ${id}`);
      return library;
    },
    isScanning: (id: number) => scans.has(id),
    /** Validates and adds a library; the first scan runs in the background. */
    async add(input: { path: string; name?: string; kind?: LibraryKind }): Promise<Library> {
      const path = await checkLibraryFolder(input.path);
      if (deps.libraries.findByPath(path)) throw conflict(`path: ${path} is already a library`);
      const library = deps.libraries.insert({ name: input.name?.trim() || basename(path) || path, kind: input.kind ?? 'mixed', path, createdAt: deps.now() });
      deps.log.info({ libraryId: library.id, path }, 'library added');
      void scan(library.id).catch((err) => deps.log.error({ err, libraryId: library.id }, 'scan failed'));
      return library;
    },
    /** Adds a folder unless it already is a library; returns the library either way. */
    async ensure(path: string): Promise<Library> {
      const real = await checkLibraryFolder(path, 'library');
      return deps.libraries.findByPath(real) ?? this.add({ path: real });
    },
    scan,
    scanAll(): void {
      for (const library of deps.libraries.list()) void scan(library.id).catch((err) => deps.log.error({ err, libraryId: library.id }, 'scan failed'));
    },
    skipped: (id: number) => deps.libraries.skipped(id),
    /** Stops scanning (at the next file) and waits for scans to settle. */
    async stop(): Promise<void> {
      stopper.abort(new Error('server shutting down'));
      await Promise.allSettled([...scans.values()]);
    },
  };
}
