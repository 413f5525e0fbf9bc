import { dirname, extname } from 'node:path';
import { displaySize, type MediaInfo, type ProbeMedia } from '../../../transcoder/src/index.js';
import type { CatalogStore, ItemIdentity } from '../catalog/catalog.store.js';
import type { KnownFile, MediaFileStore } from '../catalog/media-file.store.js';
import type { Logger } from '../log.js';
import { partialHash } from './file-identity.js';
import type { LibraryStore } from './library.store.js';
import type { Library, LibraryFolder } from './library.types.js';
import { parsePath, type ParsedPath } from './parse-path.js';
import { isFolder, walkTree, type FoundFile } from './walk.js';

export interface ScanProgress {
  phase: 'walking' | 'probing' | 'metadata';
  done: number;
  total: number;
}

export interface ScanSummary {
  libraryId: number;
  found: number;
  added: number;
  updated: number;
  moved: number;
  removed: number;
  /** files still being written: looked at again once they stop changing */
  pending: number;
  offlineFolders: string[];
  skipped: { path: string; reason: string }[];
  /** items whose files were added or changed (their metadata and transcodes are refreshed) */
  changedItemIds: number[];
  /** unchanged items whose NFO or artwork changed: their metadata is read again, nothing is transcoded */
  refreshItemIds: number[];
  ms: number;
}

export interface ScanDeps {
  libraries: LibraryStore;
  catalog: CatalogStore;
  files: MediaFileStore;
  probe: ProbeMedia;
  now: () => number;
  log: Logger;
  /** files probed at once */
  probeConcurrency: number;
  /** a file whose mtime or ctime is younger than this is still being copied */
  stabilityMs: number;
}

interface Candidate {
  file: FoundFile;
  folder: LibraryFolder;
  parsed: ParsedPath;
}

/** Metadata and artwork files beside the media (Kodi NFO, posters, fanart, thumbs). */
const SIDECAR = /\.(nfo|jpe?g|png|webp|tbn)$/i;

const SUBTITLE_FORMATS: Record<string, string> = { '.srt': 'srt', '.ass': 'ass', '.ssa': 'ssa', '.vtt': 'vtt', '.sub': 'sub', '.idx': 'vobsub', '.sup': 'pgs', '.smi': 'smi' };

/** The path without its extension: what a subtitle's videoStem names. */
const stemOf = (path: string) => path.slice(0, path.length - extname(path).length);

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * One pass over a library: folders that cannot be reached are marked offline (their titles kept);
 * unchanged files cost one stat; moved files keep their row (and so their item, history and
 * transcodes), matched by device+inode+size, else by size and a partial content hash; new and
 * changed files are probed and grouped into items; files gone from reachable folders are removed.
 */
export async function scanLibrary(library: Library, deps: ScanDeps, opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {}): Promise<ScanSummary> {
  const started = deps.now();
  const summary: ScanSummary = { libraryId: library.id, found: 0, added: 0, updated: 0, moved: 0, removed: 0, pending: 0, offlineFolders: [], skipped: [], changedItemIds: [], refreshItemIds: [], ms: 0 };
  const changed = new Set<number>();
  const skip = (path: string, reason: string, file?: Pick<FoundFile, 'sizeBytes' | 'mtimeMs'>) => {
    summary.skipped.push({ path, reason });
    if (file) deps.libraries.recordSkip({ path, libraryId: library.id, reason, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, seenAt: deps.now() });
    deps.log.warn({ path, reason }, 'file skipped');
  };
  opts.onProgress?.({ phase: 'walking', done: 0, total: library.folders.length });

  const known = new Map(deps.files.known(library.id).map((k) => [k.path, k]));

  // 1. walk the reachable folders; an unreachable one keeps its titles, marked offline
  const candidates: Candidate[] = [];
  const subtitles: Candidate[] = [];
  const sidecars = new Map<string, number>();
  const onlineFolders = new Set<number>();
  const walkProblems = new Set<string>();
  for (const folder of library.folders) {
    const reachable = await isFolder(folder.path);
    if (!reachable) {
      deps.libraries.setFolderOnline(folder.id, false);
      deps.files.setFolderMissing(folder.id, true);
      summary.offlineFolders.push(folder.path);
      deps.log.warn({ folder: folder.path }, 'library folder offline: its titles are kept and shown as offline');
      continue;
    }
    if (!folder.online) {
      deps.libraries.setFolderOnline(folder.id, true);
      deps.files.setFolderMissing(folder.id, false);
    }
    onlineFolders.add(folder.id);
    // what the walk could not go into (a link loop, a folder or file it may not read): listed with the
    // skipped files, so the admin sees it on the Libraries page, not only in the log
    const walked = await walkTree(
      folder.path,
      (path, reason) => {
        walkProblems.add(path);
        skip(path, reason, { sizeBytes: 0, mtimeMs: 0 });
      },
      opts.signal,
    );
    for (const file of walked.files) {
      if (SIDECAR.test(file.path)) {
        sidecars.set(file.path, file.mtimeMs);
        continue;
      }
      const before = known.get(file.path);
      if (before && before.sizeBytes === file.sizeBytes && before.mtimeMs === file.mtimeMs) {
        // unchanged and known to be a video: its name is read only if something asks (a rescan stays one stat)
        let cached: ParsedPath | undefined;
        candidates.push({ file, folder, get parsed() { return (cached ??= parsePath(file.path, { kind: library.kind, root: folder.path })); } });
        continue;
      }
      let parsed: ParsedPath;
      try {
        parsed = parsePath(file.path, { kind: library.kind, root: folder.path });
      } catch (err) {
        skip(file.path, `name not understood: ${(err as Error).message}`, file);
        continue;
      }
      if (parsed.kind === 'ignored') continue;
      (parsed.kind === 'subtitle' ? subtitles : candidates).push({ file, folder, parsed });
    }
  }
  if (opts.signal?.aborted) return finish();

  // 2. compare with what the catalogue knows
  const skippedBefore = new Map(deps.libraries.skipped(library.id).map((s) => [s.path, s]));
  const seen = new Set<string>();
  const fresh: Candidate[] = [];
  const modified: { c: Candidate; before: KnownFile }[] = [];
  const unsettled: Candidate[] = [];
  for (const c of candidates) {
    summary.found++;
    seen.add(c.file.path);
    const before = known.get(c.file.path);
    if (before && before.sizeBytes === c.file.sizeBytes && before.mtimeMs === c.file.mtimeMs) continue; // unchanged: one stat
    if (deps.now() - c.file.changedMs < deps.stabilityMs) {
      // still being copied: probing it now would read half a file (unless it is a known file renamed, below)
      if (before) summary.pending++;
      else unsettled.push(c);
      continue;
    }
    const skipped = skippedBefore.get(c.file.path);
    if (skipped && skipped.sizeBytes === c.file.sizeBytes && skipped.mtimeMs === c.file.mtimeMs) {
      summary.skipped.push({ path: c.file.path, reason: skipped.reason });
      continue;
    }
    if (before) modified.push({ c, before });
    else fresh.push(c);
  }
  const gone = [...known.values()].filter((k) => !seen.has(k.path) && onlineFolders.has(k.folderId));
  // a rename touches the file (its ctime), but the same inode and size as a known file is that file
  // renamed, not a copy in progress: it keeps its row now, or the old one would be removed meanwhile
  const goneKeys = new Set(gone.map((g) => `${g.dev}:${g.inode}:${g.sizeBytes}`));
  for (const c of unsettled) {
    if (goneKeys.has(`${c.file.dev}:${c.file.inode}:${c.file.sizeBytes}`)) fresh.push(c);
    else summary.pending++;
  }
  // a skipped file that is no longer there (deleted, renamed, removed mid-scan) leaves the list
  const onDisk = new Set(candidates.map((c) => c.file.path));
  const onlinePaths = library.folders.filter((f) => onlineFolders.has(f.id)).map((f) => f.path);
  for (const path of skippedBefore.keys()) {
    if (!onDisk.has(path) && !walkProblems.has(path) && onlinePaths.some((root) => path.startsWith(root))) deps.libraries.clearSkip(path);
  }

  // 3. moves and renames: the same file under a new name keeps its row
  const goneByInode = new Map(gone.map((g) => [`${g.dev}:${g.inode}:${g.sizeBytes}`, g]));
  const goneSizes = new Set(gone.map((g) => g.sizeBytes));
  const moved = new Set<number>();
  const stillFresh: Candidate[] = [];
  for (const c of fresh) {
    let match = goneByInode.get(`${c.file.dev}:${c.file.inode}:${c.file.sizeBytes}`);
    let hash: string | null = null;
    if (!match && goneSizes.has(c.file.sizeBytes)) {
      hash = await partialHash(c.file.path, c.file.sizeBytes).catch(() => null);
      match = gone.find((g) => !moved.has(g.id) && g.sizeBytes === c.file.sizeBytes && g.partialHash !== null && g.partialHash === hash);
    }
    if (match && !moved.has(match.id)) {
      moved.add(match.id);
      const existing = deps.files.get(match.id)!;
      const itemId = resolveMovedItem(library, c.parsed, existing.media, match.itemId, deps);
      deps.files.move(match.id, {
        path: c.file.path,
        folderId: c.folder.id,
        itemId,
        version: c.parsed.version,
        part: c.parsed.part,
        format3D: c.parsed.format3D,
        mtimeMs: c.file.mtimeMs,
        dev: c.file.dev,
        inode: c.file.inode,
      });
      if (itemId !== match.itemId) changed.add(itemId);
      summary.moved++;
    } else {
      stillFresh.push(c);
    }
  }

  // 4. files gone for good
  for (const g of gone) {
    if (moved.has(g.id)) continue;
    deps.files.remove(g.id);
    summary.removed++;
  }

  // 5. probe new and changed files, owners before extras so an extra finds its movie
  const toProbe = [...stillFresh.map((c) => ({ c, before: null as KnownFile | null })), ...modified].sort(
    (a, b) => Number(a.c.parsed.kind === 'extra') - Number(b.c.parsed.kind === 'extra'),
  );
  let probed = 0;
  const owners = toProbe.filter((t) => t.c.parsed.kind !== 'extra');
  const extras = toProbe.filter((t) => t.c.parsed.kind === 'extra');
  const importOne = async ({ c, before }: { c: Candidate; before: KnownFile | null }) => {
    if (opts.signal?.aborted) return;
    let media: MediaInfo;
    try {
      media = await deps.probe(c.file.path, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) return;
      return skip(c.file.path, describeProbeFailure(c.file, err as Error), c.file);
    } finally {
      opts.onProgress?.({ phase: 'probing', done: ++probed, total: toProbe.length });
    }
    if (!media.video) return skip(c.file.path, media.audio.length > 0 ? 'audio only: no video stream' : 'no video stream', c.file);
    deps.libraries.clearSkip(c.file.path);
    // read before the title is made: with an await between the two, a title would be listed without its
    // file for that long (and Play on it answered "offline")
    const hash = await partialHash(c.file.path, c.file.sizeBytes).catch(() => null);
    if (opts.signal?.aborted) return;
    const itemId = resolveItem(library, c.parsed, media, deps);
    const shown = displaySize(media.video);
    deps.files.save({
      itemId,
      folderId: c.folder.id,
      path: c.file.path,
      version: c.parsed.version,
      part: c.parsed.part,
      format3D: c.parsed.format3D,
      sizeBytes: c.file.sizeBytes,
      mtimeMs: c.file.mtimeMs,
      dev: c.file.dev,
      inode: c.file.inode,
      partialHash: hash,
      durationMs: media.durationMs,
      width: shown.width || null,
      height: shown.height || null,
      media,
      addedAt: deps.now(),
    });
    if (before) summary.updated++;
    else summary.added++;
    changed.add(itemId);
  };
  await pool(owners, deps.probeConcurrency, importOne);
  await pool(extras, deps.probeConcurrency, importOne);

  // 6. subtitles next to their video (name.en.forced.srt → name.mkv)
  attachSubtitles(library.id, subtitles, candidates, deps.files);

  // 7. NFO or artwork added, changed or removed: the titles in that folder (or below a show folder) read their metadata again
  const sidecarsBefore = deps.libraries.sidecars(library.id);
  const changedSidecars = [...sidecars].filter(([path, mtime]) => sidecarsBefore.get(path) !== mtime).map(([path, mtimeMs]) => ({ path, mtimeMs }));
  const removedSidecars = [...sidecarsBefore.keys()].filter((path) => !sidecars.has(path) && !library.folders.some((f) => !onlineFolders.has(f.id) && path.startsWith(f.path)));
  if (changedSidecars.length > 0 || removedSidecars.length > 0) {
    const dirs = new Set([...changedSidecars.map((c) => dirname(c.path)), ...removedSidecars.map((p) => dirname(p))]);
    const refresh = new Set<number>();
    for (const c of candidates) {
      const dir = dirname(c.file.path);
      if (!dirs.has(dir) && !dirs.has(dirname(dir))) continue;
      const row = known.get(c.file.path);
      if (row && !changed.has(row.itemId)) refresh.add(row.itemId);
    }
    summary.refreshItemIds = [...refresh];
    deps.libraries.syncSidecars(library.id, changedSidecars, removedSidecars);
  }

  // 8. durations of changed items, and items left without files
  for (const itemId of changed) {
    const files = deps.files.ofItem(itemId);
    const version = files[0]?.version ?? null;
    deps.catalog.setDuration(itemId, files.filter((f) => f.version === version).reduce((sum, f) => sum + f.durationMs, 0));
  }
  const removedItems = new Set(deps.catalog.removeOrphans(library.id));
  summary.changedItemIds = [...changed].filter((id) => !removedItems.has(id));
  summary.refreshItemIds = summary.refreshItemIds.filter((id) => !removedItems.has(id));
  if (!opts.signal?.aborted) deps.libraries.markScanned(library.id, deps.now());
  return finish();

  function finish(): ScanSummary {
    summary.ms = deps.now() - started;
    return summary;
  }
}

function describeProbeFailure(file: FoundFile, err: Error): string {
  if (/No such file or directory/i.test(err.message)) return 'removed while it was being scanned';
  if (file.sizeBytes === 0) return 'empty file (0 bytes)';
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return 'not readable: permission denied';
  // ffprobe names the file in its message; the list shows the path already
  return `not a playable video: ${err.message.split(`${file.path}: `).join('')}`;
}

/** The identity of the item a file belongs to, from its parsed name (creating its series if needed). */
function itemIdentity(library: Library, parsed: ParsedPath, media: MediaInfo, deps: Pick<ScanDeps, 'catalog' | 'now'>): ItemIdentity {
  const now = deps.now();
  const base = { libraryId: library.id, endingEpisode: null, airDate: null, extraType: null, parentItemId: null, seriesId: null, season: null, episode: null, addedAt: now };
  const embeddedTitle = media.tags.title?.trim() || null;
  switch (parsed.kind) {
    case 'episode': {
      const seriesTitle = parsed.title ?? 'Unknown series';
      const seriesId = deps.catalog.upsertSeries({ libraryId: library.id, groupKey: seriesKeyOf(seriesTitle), title: seriesTitle, year: null, addedAt: now });
      deps.catalog.ensureSeason(seriesId, parsed.season);
      const label = parsed.episodeTitle ?? embeddedTitle ?? (parsed.airDate ? parsed.airDate : parsed.episode !== null ? `Episode ${parsed.episode}` : seriesTitle);
      return {
        ...base,
        groupKey: parsed.groupKey,
        kind: 'episode',
        title: label,
        year: parsed.year,
        seriesId,
        season: parsed.season,
        episode: parsed.episode,
        endingEpisode: parsed.endingEpisode,
        airDate: parsed.airDate,
      };
    }
    case 'extra': {
      const owner = deps.catalog.findByKey(library.id, parsed.groupKey);
      const ownerSeries = owner ? null : deps.catalog.findSeriesByKey(library.id, seriesKeyOf(parsed.title ?? ''));
      return {
        ...base,
        groupKey: `extra:${parsed.path}`,
        kind: 'extra',
        title: embeddedTitle ?? extraTitleOf(parsed.path),
        year: parsed.year,
        extraType: parsed.extraType,
        parentItemId: owner?.kind === 'movie' || owner?.kind === 'episode' ? owner.id : null,
        seriesId: owner?.seriesId ?? ownerSeries?.id ?? null,
      };
    }
    default:
      return { ...base, groupKey: parsed.groupKey, kind: 'movie', title: parsed.title ?? 'Untitled', year: parsed.year };
  }
}

/** The item a file belongs to, created or updated from its parsed name. */
function resolveItem(library: Library, parsed: ParsedPath, media: MediaInfo, deps: Pick<ScanDeps, 'catalog' | 'now'>): number {
  return deps.catalog.upsertItem(itemIdentity(library, parsed, media, deps));
}

/**
 * The item of a moved file. When the file was its item's only file and its new name belongs to no
 * existing title, the item itself is renamed: a title renamed on disk keeps its id and history.
 */
function resolveMovedItem(library: Library, parsed: ParsedPath, media: MediaInfo, previousItemId: number, deps: Pick<ScanDeps, 'catalog' | 'files' | 'now'>): number {
  const identity = itemIdentity(library, parsed, media, deps);
  const owner = deps.catalog.findByKey(library.id, identity.groupKey);
  if (owner) return owner.id;
  if (deps.files.ofItem(previousItemId).length === 1) {
    deps.catalog.reidentify(previousItemId, identity);
    return previousItemId;
  }
  return deps.catalog.upsertItem(identity);
}

/** One series per library and normalised name ("The Office" and "the office" are one show). */
export const seriesKeyOf = (title: string) => `series:${title.normalize('NFKC').toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;

/** "Making of-featurette.mkv" → "Making of" */
function extraTitleOf(path: string): string {
  const base = path.split(/[\\/]/).at(-1) ?? path;
  const stem = base.slice(0, base.length - extname(base).length);
  // only the "-trailer" suffix convention is a marker; "Official Trailer" inside Trailers/ is a title
  return stem.replace(/[-_](trailer|featurette|behindthescenes|deleted|deletedscene|interview|scene|short|other|clip)$/i, '').replace(/[._]+/g, ' ').trim() || stem;
}

function attachSubtitles(libraryId: number, subtitles: readonly Candidate[], videos: readonly Candidate[], files: MediaFileStore): void {
  const byStem = new Map<string, Candidate[]>();
  // "Subs/English.srt" names no video: it belongs to every video of its title
  const byTitle = new Map<string, Candidate[]>();
  for (const s of subtitles) {
    const [map, key] = s.parsed.videoStem ? [byStem, s.parsed.videoStem] : [byTitle, s.parsed.groupKey];
    map.set(key, [...(map.get(key) ?? []), s]);
  }
  const hadSubtitles = files.pathsWithSubtitles(libraryId);
  const entries = videos
    .map((v) => ({
      videoPath: v.file.path,
      subs: [...(byStem.get(stemOf(v.file.path)) ?? []), ...(byTitle.size === 0 || v.parsed.kind === 'extra' ? [] : (byTitle.get(v.parsed.groupKey) ?? []))],
    }))
    .filter((e) => e.subs.length > 0 || hadSubtitles.has(e.videoPath))
    .map((e) => ({
      videoPath: e.videoPath,
      subs: e.subs.map((s) => ({
        path: s.file.path,
        format: SUBTITLE_FORMATS[extname(s.file.path).toLowerCase()] ?? extname(s.file.path).slice(1).toLowerCase(),
        language: s.parsed.language,
        forced: s.parsed.forced === true,
        isDefault: s.parsed.default === true,
        hearingImpaired: s.parsed.hearingImpaired === true,
      })),
    }));
  files.syncSubtitles(entries);
}
