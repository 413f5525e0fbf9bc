import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MASTER_PLAYLIST } from '../../../transcoder/src/index.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import { freeBytes as diskFreeBytes } from '../jobs/disk-full.js';
import type { Logger } from '../log.js';
import type { RenditionStore } from './rendition.store.js';
import { isMissing } from './folder-sizes.js';
import type { ServedStore } from './served.store.js';
import { masterWithout, planEviction, titleBytes, type Eviction, type EvictionPlan, type TitleUsage } from './storage.js';
import { createTranscodeUsage, TMP_DIR } from './transcode-usage.js';

/** A title served this recently is being watched from its finished ladder: its rungs stay. */
export const WATCHING_MS = 15 * 60_000;
/** How long a report waits for the first measurement before it answers with the sizes measured so far. */
const FIRST_REPORT_WAIT_MS = 2000;

export interface StorageTitle {
  itemId: number;
  /** "Show — S01E02 · Title" for an episode */
  title: string;
  bytes: number;
  /** the finished ladder's rungs, lowest first */
  rungs: { name: string; bytes: number }[];
  /** head-start and just-in-time segments */
  liveBytes: number;
  lastServedAt: number | null;
}

export interface StorageReport {
  /** everything under transcodes/ */
  usedBytes: number;
  /** null when the disk cannot be asked for its free space */
  quotaBytes: number | null;
  freeBytes: number | null;
  /** true while the first measurement since start-up runs: the sizes are those measured so far */
  measuring: boolean;
  /** the biggest first */
  titles: StorageTitle[];
}

export type StorageService = ReturnType<typeof createStorageService>;

/**
 * Keeps transcodes/ within its disk quota: measured as transcode-usage.ts says, and over quota whole
 * rungs are evicted as `planEviction` decides; head starts under .live are never touched. One run
 * (measure, plan, evict) at a time, after each finished job, at start-up and when the quota changes.
 */
export function createStorageService(deps: {
  transcodesDir: string;
  renditions: RenditionStore;
  served: ServedStore;
  catalog: CatalogStore;
  /** the byte budget, given the disk's free space and what transcodes use (settings.quotaBytes) */
  quotaBytes: (disk: { freeBytes: number; usedBytes: number }) => number;
  /** titles in progress: a job is making their files, or they are played just in time */
  inProgress: () => Iterable<number>;
  /**
   * Titles somebody will likely play next, kept whatever their age. TODO(watch history): "next up"
   * (the next episode of a show being watched) is not known yet; until then nothing is passed.
   */
  protectedItems?: () => ReadonlySet<number>;
  /** a title whose whole ladder went plays just in time again: its head start is made again */
  queueHeadStart: (itemId: number) => void;
  log: Logger;
  now: () => number;
  /** for tests: the disk's free bytes (default: statfs) */
  freeBytes?: (path: string) => Promise<number | null>;
}) {
  const usage = createTranscodeUsage({ transcodesDir: deps.transcodesDir, log: deps.log, now: deps.now });
  const freeOf = deps.freeBytes ?? diskFreeBytes;
  const inUse = (): Set<number> => new Set([...deps.inProgress(), ...(deps.protectedItems?.() ?? [])]);

  /** What the planner sees of each title. */
  const usages = (): TitleUsage[] => {
    const servedAt = deps.served.all();
    return usage.itemIds().map((itemId) => {
      const ladder = usage.ladder(itemId);
      const rendition = ladder ? deps.renditions.get(itemId) : null;
      return {
        itemId,
        rungs: ladder?.rungs ?? [],
        sharedBytes: ladder?.sharedBytes ?? 0,
        liveBytes: usage.liveBytes(itemId),
        hasRendition: rendition !== null && rendition.dir === ladder?.dir,
        // a ladder nobody played yet counts as used when it was made, or it would be the first to go
        lastUsedAt: Math.max(servedAt.get(itemId) ?? 0, rendition?.createdAt ?? 0),
      };
    });
  };

  /** Titles left alone now: in use, next up, or served in the last few minutes (somebody is watching). */
  const protectedNow = (): Set<number> => {
    const since = deps.now() - WATCHING_MS;
    const ids = inUse();
    for (const [itemId, at] of deps.served.all()) if (at >= since) ids.add(itemId);
    return ids;
  };

  const disk = async (): Promise<{ usedBytes: number; freeBytes: number | null; quotaBytes: number | null }> => {
    const used = usage.usedBytes();
    const free = await freeOf(deps.transcodesDir);
    return { usedBytes: used, freeBytes: free, quotaBytes: free === null ? null : deps.quotaBytes({ freeBytes: free, usedBytes: used }) };
  };

  async function evict(e: Eviction): Promise<boolean> {
    // a job or a player may have started on the title since the plan was made
    if (inUse().has(e.itemId)) return false;
    const ladder = usage.ladder(e.itemId);
    if (!ladder) return false;
    const path = join(deps.transcodesDir, ladder.dir);
    const rendition = deps.renditions.get(e.itemId);
    const served = rendition !== null && rendition.dir === ladder.dir;
    switch (e.kind) {
      case 'ladder': {
        // the row first: from now on the title is served just in time, never from a folder half removed
        if (served) deps.renditions.remove(e.itemId);
        // renamed away in one step, then removed at leisure (.tmp is emptied at start-up if this is cut short)
        const trash = join(deps.transcodesDir, TMP_DIR, `evicted-${e.itemId}-${deps.now()}`);
        await mkdir(join(deps.transcodesDir, TMP_DIR), { recursive: true });
        await rename(path, trash).then(
          () => rm(trash, { recursive: true, force: true }),
          (err: unknown) => (isMissing(err) ? undefined : Promise.reject(err)),
        );
        usage.removedLadder(e.itemId);
        if (served) deps.queueHeadStart(e.itemId);
        return true;
      }
      case 'rungs': {
        const gone = new Set(e.folders);
        const masterPath = join(path, MASTER_PLAYLIST);
        const master = await readFile(masterPath, 'utf8');
        // the new master replaces the old one in one rename: a player reads one or the other, and
        // no master lists a rung whose files are going
        await writeFile(`${masterPath}.tmp`, masterWithout(master, gone));
        await rename(`${masterPath}.tmp`, masterPath);
        if (served) {
          const names = new Set(ladder.rungs.filter((r) => gone.has(r.folder)).map((r) => r.name));
          deps.renditions.save({ ...rendition, rungs: rendition.rungs.filter((r) => !names.has(r.name)) });
        }
        for (const folder of e.folders) await rm(join(path, folder), { recursive: true, force: true });
        usage.removedRungs(e.itemId, gone);
        return true;
      }
    }
  }

  /** Measures, and evicts while over quota. */
  async function enforceOnce(): Promise<EvictionPlan | null> {
    await usage.refresh();
    const { usedBytes: used, quotaBytes, freeBytes } = await disk();
    if (quotaBytes === null) {
      deps.log.warn({ path: deps.transcodesDir }, 'cannot read the free disk space; transcodes are not evicted');
      return null;
    }
    const plan = planEviction(usages(), quotaBytes, { usedBytes: used, protectedIds: protectedNow() });
    if (plan.evictions.length === 0 && plan.overBytes === 0) return plan;
    let freed = 0;
    for (const e of plan.evictions) {
      try {
        if (await evict(e)) freed += e.bytes;
      } catch (err) {
        // one title's files (a master removed by hand, a permission) do not stop the others going
        usage.markChanged(e.itemId); // half done, perhaps: measured again next time
        deps.log.warn({ err, itemId: e.itemId }, 'could not evict a transcode; it is tried again next time');
      }
    }
    deps.log.info({ usedBytes: used, quotaBytes, freeBytes, freedBytes: freed, evicted: plan.evictions.map((e) => (e.kind === 'ladder' ? e.itemId : `${e.itemId}/${e.folders.join(',')}`)) }, 'transcodes over quota: rungs evicted');
    if (plan.overBytes > 0) deps.log.warn({ overBytes: plan.overBytes, quotaBytes }, 'transcodes are still over quota: the rest is head starts and titles in use');
    return plan;
  }

  // measuring and evicting one at a time, so sizes and folders agree
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
  // calls made while a run waits share it
  let waiting: Promise<EvictionPlan | null> | null = null;
  const enforce = (): Promise<EvictionPlan | null> =>
    (waiting ??= serial(() => {
      waiting = null;
      return enforceOnce();
    }));
  let stopped = false;
  const enforceInBackground = () => {
    if (!stopped) void enforce().catch((err: unknown) => deps.log.error({ err }, 'could not keep the transcodes within their quota'));
  };

  const displayTitle = (itemId: number): string => {
    const item = deps.catalog.get(itemId);
    if (!item) return `Title ${itemId} (removed)`;
    const series = item.kind === 'episode' && item.seriesId !== null ? deps.catalog.getSeries(item.seriesId) : null;
    if (!series) return item.title;
    const code = `S${String(item.season ?? 0).padStart(2, '0')}E${String(item.episode ?? 0).padStart(2, '0')}`;
    return `${series.title} — ${code} · ${item.title}`;
  };

  return {
    /** At start-up: measures everything, then evicts when over quota (in the background). */
    start: enforceInBackground,
    /** After a job for the title finished: its files changed; evicts when that went over quota. */
    afterJob(itemId: number): void {
      usage.markChanged(itemId);
      enforceInBackground();
    },
    /** The quota setting changed: evicts when it is now exceeded (in the background). */
    quotaChanged: enforceInBackground,
    /** The title's stream was served now (a playlist or a segment): call on every request, it is cheap. */
    touch(itemId: number): void {
      usage.markChanged(itemId);
      deps.served.touch(itemId, deps.now());
    },
    /** Measures and evicts now; resolves with what was planned (null: the free space is unknown). */
    enforce,
    /** At shutdown, before the database closes: no new run starts, the current one is waited for. */
    async stop(): Promise<void> {
      stopped = true;
      await tail;
      await usage.flush().catch((err: unknown) => deps.log.warn({ err }, 'could not save the measured transcode sizes'));
    },
    /** Space used, the quota and the free space, and the `limit` biggest titles with their size per rung. */
    report: async (limit = 50): Promise<StorageReport> => {
      // the first measurement of a big folder takes a while: after a short wait, what is measured so far is shown
      const measured = serial(usage.refresh);
      if (usage.isMeasured()) await measured;
      else await Promise.race([measured.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, FIRST_REPORT_WAIT_MS).unref())]);
      const servedAt = deps.served.all();
      const titles = usages()
        .map((t) => ({ usage: t, bytes: titleBytes(t) }))
        .sort((a, b) => b.bytes - a.bytes || a.usage.itemId - b.usage.itemId)
        .slice(0, limit)
        .map(({ usage, bytes }) => ({
          itemId: usage.itemId,
          title: displayTitle(usage.itemId),
          bytes,
          rungs: usage.rungs.map((r) => ({ name: r.name, bytes: r.bytes })),
          liveBytes: usage.liveBytes,
          lastServedAt: servedAt.get(usage.itemId) ?? null,
        }));
      return { ...(await disk()), measuring: !usage.isMeasured(), titles };
    },
  };
}
