// What the transcodes folder holds, per title: the finished ladder's rungs (transcodes/<item>/), the
// head start and just-in-time segments (transcodes/.live/<item>/), and the rest (remuxes, scratch).
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MASTER_PLAYLIST } from '../../../transcoder/src/index.js';
import type { Logger } from '../log.js';
import { createFolderSizer, eachLimited, isMissing } from './folder-sizes.js';
import { masterVariants, type RungUsage } from './storage.js';

export const LIVE_DIR = '.live';
export const TMP_DIR = '.tmp';
const ITEM_DIR = /^[1-9]\d*$/;
const RUNG_DIR = /^\d+$/;
/** the folder sizes measured by the last run, in transcodes/ (see createFolderSizer) */
const SIZES_FILE = '.sizes.json';
/** How often the measured sizes are written while they change (the whole list: ~4 MB for 10,000 titles). */
const SAVE_INTERVAL_MS = 60_000;
/** Titles measured at once when measuring all (each stats its files in parallel): enough to keep libuv's 4 threads busy. */
const MEASURE_CONCURRENCY = 8;

export interface LadderUsage {
  /** the folder name under transcodes/ */
  dir: string;
  /** lowest first */
  rungs: RungUsage[];
  /** master playlist, audio and subtitle renditions */
  sharedBytes: number;
}

export type TranscodeUsage = ReturnType<typeof createTranscodeUsage>;

/**
 * Sizes, measured once per run of the server (the sizes saved by the last run spare the stat of
 * every unchanged folder's files), then again only for the titles marked changed: a job finished for
 * one, or its stream was served (just-in-time segments may have been made).
 */
export function createTranscodeUsage(deps: { transcodesDir: string; log: Logger; now: () => number }) {
  const ladders = new Map<number, LadderUsage>();
  const live = new Map<number, number>();
  const changed = new Set<number>();
  let otherBytes = 0;
  /** the remembered folders outside ladders and .live (remuxes), as last measured */
  let otherFolders = new Set<string>();
  let measuredAll: Promise<void> | null = null;
  let isMeasured = false;
  let unsaved = false;
  let savedAt = 0;
  const liveDir = join(deps.transcodesDir, LIVE_DIR);
  const sizesFile = join(deps.transcodesDir, SIZES_FILE);
  const sizer = createFolderSizer(deps.transcodesDir);

  const measureLadder = async (itemId: number): Promise<void> => {
    const dir = String(itemId);
    const path = join(deps.transcodesDir, dir);
    const entries = await readdir(path, { withFileTypes: true }).catch((err: unknown) => (isMissing(err) ? null : Promise.reject(err)));
    if (entries === null) return void ladders.delete(itemId);
    const [master, sizes] = await Promise.all([
      readFile(join(path, MASTER_PLAYLIST), 'utf8').catch(() => ''),
      Promise.all(entries.map((e) => (e.isDirectory() ? sizer.bytesOf(join(path, e.name)) : e.isFile() ? sizer.fileBytes(join(path, e.name)) : 0))),
    ]);
    const names = new Map(masterVariants(master).map((v) => [v.folder, v.name]));
    const rungs: RungUsage[] = [];
    let sharedBytes = 0;
    entries.forEach((e, i) => {
      if (e.isDirectory() && RUNG_DIR.test(e.name)) rungs.push({ folder: e.name, name: names.get(e.name) ?? e.name, bytes: sizes[i]! });
      else sharedBytes += sizes[i]!;
    });
    rungs.sort((a, b) => Number(a.folder) - Number(b.folder));
    ladders.set(itemId, { dir, rungs, sharedBytes });
  };

  const measureLive = async (itemId: number): Promise<void> => {
    const bytes = await sizer.bytesOf(join(liveDir, String(itemId)));
    if (bytes > 0) live.set(itemId, bytes);
    else live.delete(itemId);
  };

  const itemDirs = async (dir: string): Promise<number[]> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => (isMissing(err) ? [] : Promise.reject(err)));
    return entries.filter((e) => e.isDirectory() && ITEM_DIR.test(e.name)).map((e) => Number(e.name));
  };

  const measureAll = async (): Promise<void> => {
    const started = deps.now();
    sizer.load(await readFile(sizesFile, 'utf8').then((text) => JSON.parse(text) as unknown, () => null));
    const [ladderIds, liveIds] = await Promise.all([itemDirs(deps.transcodesDir), itemDirs(liveDir)]);
    await eachLimited(ladderIds, MEASURE_CONCURRENCY, measureLadder);
    await eachLimited(liveIds, MEASURE_CONCURRENCY, measureLive);
    isMeasured = true;
    deps.log.info({ titles: new Set([...ladderIds, ...liveIds]).size, ms: deps.now() - started }, 'transcodes measured');
  };

  /** Anything neither a ladder nor .live: remuxes, and the jobs' scratch folders (.tmp, never remembered: files grow in them). */
  const measureOther = async (): Promise<number> => {
    const entries = await readdir(deps.transcodesDir, { withFileTypes: true }).catch((err: unknown) => (isMissing(err) ? [] : Promise.reject(err)));
    const folders = new Set<string>();
    let bytes = 0;
    for (const e of entries) {
      // the saved sizes are Seed's own bookkeeping, not transcodes
      if (e.name === LIVE_DIR || e.name.startsWith(SIZES_FILE) || (e.isDirectory() && ITEM_DIR.test(e.name))) continue;
      const path = join(deps.transcodesDir, e.name);
      bytes += e.isDirectory() ? await sizer.bytesOf(path, { remember: e.name !== TMP_DIR, visit: (key) => folders.add(key) }) : await sizer.fileBytes(path);
    }
    otherFolders = folders;
    return bytes;
  };

  /** Remembers the folder sizes for the next start (written whole, then renamed into place). */
  const save = async (): Promise<void> => {
    // only folders of titles still there: ".live/12/0" and "12/0" belong to title 12
    sizer.prune((key) => {
      const [first, second] = key.split(/[\\/]/);
      if (first === LIVE_DIR) return live.has(Number(second));
      return ITEM_DIR.test(first ?? '') ? ladders.has(Number(first)) : otherFolders.has(key);
    });
    await writeFile(`${sizesFile}.tmp`, JSON.stringify(sizer.save()));
    await rename(`${sizesFile}.tmp`, sizesFile);
    unsaved = false;
    savedAt = deps.now();
  };

  return {
    /** The title's files changed: measured again at the next refresh. */
    markChanged: (itemId: number) => void changed.add(itemId),
    /** The sizes, up to date: the first call measures everything, later ones only the titles marked changed. */
    async refresh(): Promise<void> {
      // marks made while measuring are kept for the next refresh
      const ids = [...changed];
      changed.clear();
      const first = measuredAll === null;
      measuredAll ??= measureAll().catch((err: unknown) => {
        measuredAll = null;
        throw err;
      });
      await measuredAll;
      for (const id of ids) await Promise.all([measureLadder(id), measureLive(id)]);
      otherBytes = await measureOther();
      if (ids.length > 0) unsaved = true;
      // the whole list is written: at most once a minute while streams are served, and at shutdown
      if (first || (unsaved && deps.now() - savedAt >= SAVE_INTERVAL_MS)) await save();
    },
    /** False until the first measurement since start-up is done. */
    isMeasured: () => isMeasured,
    /** Writes what was measured since the last save (at shutdown). */
    async flush(): Promise<void> {
      if (unsaved) await save();
    },
    /** Every title with files: a ladder, a head start, or both. */
    itemIds: (): number[] => [...new Set([...ladders.keys(), ...live.keys()])],
    ladder: (itemId: number): LadderUsage | null => ladders.get(itemId) ?? null,
    liveBytes: (itemId: number): number => live.get(itemId) ?? 0,
    /** All of transcodes/. */
    usedBytes: (): number =>
      [...ladders.values()].reduce((sum, l) => sum + l.rungs.reduce((s, r) => s + r.bytes, 0) + l.sharedBytes, 0) + [...live.values()].reduce((a, b) => a + b, 0) + otherBytes,
    /** Some rungs of a ladder were removed (its master changed too: measured again at the next refresh). */
    removedRungs(itemId: number, folders: ReadonlySet<string>): void {
      const ladder = ladders.get(itemId);
      if (ladder) ladders.set(itemId, { ...ladder, rungs: ladder.rungs.filter((r) => !folders.has(r.folder)) });
      changed.add(itemId);
    },
    /** A whole ladder was removed. */
    removedLadder: (itemId: number) => void ladders.delete(itemId),
  };
}
