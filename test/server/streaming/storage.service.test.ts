// The disk quota on a real folder (fake segments of known sizes) with a real SQLite: what is measured,
// what is evicted and how (master rewritten, row updated or removed, head start kept and queued), what
// is left alone, and the sizes remembered across a restart.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createCatalogStore } from '../../../server/src/catalog/catalog.store.js';
import { openDatabase, type Db } from '../../../server/src/db/open.js';
import { createRenditionStore, type RenditionStore } from '../../../server/src/streaming/rendition.store.js';
import { createServedStore, TOUCH_INTERVAL_MS, type ServedStore } from '../../../server/src/streaming/served.store.js';
import { createStorageService, WATCHING_MS } from '../../../server/src/streaming/storage.service.js';
import { masterPlaylist, type MeasuredVariant } from '../../../transcoder/src/master-playlist.js';
import type { PlannedRung } from '../../../transcoder/src/ladder.js';
import { tempDir } from '../../helpers/server.js';

const KB = 1000;
const HEIGHTS = [240, 360, 720] as const;
const DAY = 86_400_000;

let work: string;
let transcodesDir: string;
let db: Db;
let renditions: RenditionStore;
let served: ServedStore;
let clock: number;
let quota: number;
let running: Set<number>;
let headStarts: number[];

const plannedRung = (height: number): PlannedRung => ({ name: `${height}p`, height, width: Math.round((height * 16) / 9 / 2) * 2, videoKbps: height * 3 });

function service() {
  const storage = createStorageService({
    transcodesDir,
    renditions,
    served,
    catalog: createCatalogStore(db),
    quotaBytes: () => quota,
    inProgress: () => running,
    queueHeadStart: (itemId) => void headStarts.push(itemId),
    log: pino({ level: 'silent' }),
    now: () => clock,
    freeBytes: async () => 500 * KB * KB,
  });
  return storage;
}

/** Writes `count` files of `bytes` each; answers the bytes written. */
async function files(dir: string, count: number, bytes: number, name = (i: number) => `seg-${String(i).padStart(5, '0')}.ts`): Promise<number> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) await writeFile(join(dir, name(i)), Buffer.alloc(bytes, 1));
  return count * bytes;
}

/**
 * A finished ladder like runHls leaves: rung folders 0..n-1 (4 segments each), an alternative audio
 * rendition a1, a master listing them. Answers the bytes of each rung folder and of the rest.
 */
async function ladder(itemId: number, rungKb: number[], opts: { createdAt?: number; row?: boolean } = {}) {
  const dir = join(transcodesDir, String(itemId));
  const rungs = rungKb.map((_, i) => plannedRung(HEIGHTS[i]!));
  const rungBytes: number[] = [];
  for (const [i, kb] of rungKb.entries()) {
    const playlist = '#EXTM3U\n#EXTINF:2.0,\nseg-00000.ts\n#EXT-X-ENDLIST\n';
    await mkdir(join(dir, String(i)), { recursive: true });
    await writeFile(join(dir, String(i), 'index.m3u8'), playlist);
    rungBytes.push((await files(join(dir, String(i)), 4, (kb * KB) / 4)) + playlist.length);
  }
  let sharedBytes = await files(join(dir, 'a1'), 2, 5 * KB);
  const variants: MeasuredVariant[] = rungs.map((rung, i) => ({ rung, uri: `${i}/index.m3u8`, peakBps: 1000, averageBps: 900, codecs: 'avc1.64001f,mp4a.40.2' }));
  const master = masterPlaylist(variants, 25, { audio: [{ name: 'English', language: 'en', uri: null }, { name: 'Deutsch', language: 'de', uri: 'a1/index.m3u8' }], subtitles: [] });
  await writeFile(join(dir, 'master.m3u8'), master);
  sharedBytes += Buffer.byteLength(master);
  if (opts.row !== false) renditions.save({ itemId, mediaFileId: null, dir: String(itemId), rungs, createdAt: opts.createdAt ?? 0 });
  return { dir, rungBytes, sharedBytes, total: rungBytes.reduce((a, b) => a + b, 0) + sharedBytes };
}

/** A head start: the first segments of rungs 0 and 1 under .live. */
async function headStart(itemId: number, kb = 10): Promise<number> {
  let bytes = 0;
  for (const rung of [0, 1]) bytes += await files(join(transcodesDir, '.live', String(itemId), String(rung)), 2, (kb * KB) / 4);
  await writeFile(join(transcodesDir, '.live', String(itemId), 'plan.key'), 'key');
  return bytes + 3;
}

beforeEach(async () => {
  work = await tempDir('seed-storage-');
  transcodesDir = join(work, 'transcodes');
  await mkdir(transcodesDir);
  db = openDatabase(':memory:');
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 's', 'The Show', 'show', 0)`).run();
  const insert = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, series_id, season, episode, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 0)`);
  insert.run(1, 'a', 'movie', 'Old Film', 'old film', null, null, null);
  insert.run(2, 'b', 'movie', 'New Film', 'new film', null, null, null);
  insert.run(3, 'c', 'episode', 'Pilot', 'pilot', 1, 1, 2);
  renditions = createRenditionStore(db);
  served = createServedStore(db);
  clock = 100 * DAY;
  quota = Number.MAX_SAFE_INTEGER;
  running = new Set();
  headStarts = [];
});
afterEach(async () => {
  db.close();
  await rm(work, { recursive: true, force: true });
});

describe('measuring', () => {
  test('bytes per title and per rung (named from the master), head starts, scratch and remuxes in the total', async () => {
    const one = await ladder(1, [40, 80, 160]);
    const live1 = await headStart(1);
    const three = await ladder(3, [20, 40]);
    const live2 = await headStart(2, 30); // plays just in time: no ladder yet
    const scratch = await files(join(transcodesDir, '.tmp', '9', '0'), 3, 7 * KB);
    const remux = await files(join(transcodesDir, 'remux', '2'), 2, 11 * KB);
    served.touch(3, 42 * DAY);

    const report = await service().report();
    expect(report.measuring).toBe(false);
    expect(report.freeBytes).toBe(500 * KB * KB);
    expect(report.quotaBytes).toBe(quota);
    expect(report.usedBytes).toBe(one.total + live1 + three.total + live2 + scratch + remux);
    expect(report.titles).toEqual([
      { itemId: 1, title: 'Old Film', bytes: one.total + live1, rungs: HEIGHTS.map((h, i) => ({ name: `${h}p`, bytes: one.rungBytes[i] })), liveBytes: live1, lastServedAt: null },
      { itemId: 3, title: 'The Show — S01E02 · Pilot', bytes: three.total, rungs: [{ name: '240p', bytes: three.rungBytes[0] }, { name: '360p', bytes: three.rungBytes[1] }], liveBytes: 0, lastServedAt: 42 * DAY },
      { itemId: 2, title: 'New Film', bytes: live2, rungs: [], liveBytes: live2, lastServedAt: null },
    ]);
    expect((await service().report(1)).titles.map((t) => t.itemId)).toEqual([1]);
  });

  test('an empty or missing transcodes folder is 0 bytes', async () => {
    await rm(transcodesDir, { recursive: true });
    expect(await service().report()).toMatchObject({ usedBytes: 0, titles: [] });
  });

  test('sizes are remembered across a restart: an unchanged folder is not listed again, a changed one is', async () => {
    const one = await ladder(1, [40, 80]);
    expect((await service().report()).usedBytes).toBe(one.total);
    // kept in the transcodes folder, not counted as a transcode
    expect(existsSync(join(transcodesDir, '.sizes.json'))).toBe(true);
    expect((await service().report()).usedBytes).toBe(one.total);

    // a segment rewritten in place does not change its folder (finished ladders never do that): the saved size stands
    await truncate(join(one.dir, '0', 'seg-00000.ts'), 0);
    // a file added to a folder changes it: measured again
    const added = await files(join(one.dir, '1'), 1, 3 * KB, () => 'seg-00004.ts');
    const again = await service().report();
    expect(again.titles[0]!.rungs).toEqual([
      { name: '240p', bytes: one.rungBytes[0] },
      { name: '360p', bytes: one.rungBytes[1]! + added },
    ]);
    expect(again.usedBytes).toBe(one.total + added);
  });

  test('a finished job measures its title again; serving one marks it too (just-in-time segments)', async () => {
    const storage = service();
    expect((await storage.report()).titles).toEqual([]);
    const one = await ladder(1, [40]);
    expect((await storage.report()).titles).toEqual([]); // cached: nothing said the folder changed
    storage.afterJob(1);
    expect((await storage.report()).titles.map((t) => [t.itemId, t.bytes])).toEqual([[1, one.total]]);
    const live = await headStart(2);
    storage.touch(2);
    expect((await storage.report()).titles.map((t) => [t.itemId, t.bytes, t.lastServedAt])).toEqual([
      [1, one.total, null],
      [2, live, clock],
    ]);
  });
});

describe('over quota', () => {
  /** Title 1 served long ago, title 3 more recently; both with a head start. */
  async function twoTitles() {
    const one = await ladder(1, [40, 80, 160], { createdAt: 1 * DAY });
    const three = await ladder(3, [40, 80, 160], { createdAt: 1 * DAY });
    const live1 = await headStart(1);
    const live3 = await headStart(3);
    served.touch(1, 10 * DAY);
    served.touch(3, 20 * DAY);
    const storage = service();
    const { usedBytes } = await storage.report();
    return { one, three, live1, live3, storage, usedBytes };
  }

  test('the least recently served title loses its highest rung: its master no longer lists it, its row neither', async () => {
    const { one, three, storage, usedBytes } = await twoTitles();
    const master = await readFile(join(one.dir, 'master.m3u8'), 'utf8');
    quota = usedBytes - 1;
    const plan = await storage.enforce();
    expect(plan?.evictions).toEqual([{ kind: 'rungs', itemId: 1, folders: ['2'], bytes: one.rungBytes[2] }]);
    expect(existsSync(join(one.dir, '2'))).toBe(false);
    expect(existsSync(join(one.dir, '1', 'seg-00000.ts'))).toBe(true);
    const rewritten = await readFile(join(one.dir, 'master.m3u8'), 'utf8');
    expect(rewritten).not.toContain('2/index.m3u8');
    expect(rewritten).toContain('1/index.m3u8');
    expect(rewritten).toContain('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Deutsch"');
    expect(rewritten.split('\n')).toHaveLength(master.split('\n').length - 2);
    expect(existsSync(join(one.dir, 'master.m3u8.tmp'))).toBe(false);
    expect(renditions.get(1)!.rungs.map((r) => r.name)).toEqual(['240p', '360p']);
    expect(renditions.get(3)!.rungs).toHaveLength(3);
    expect(headStarts).toEqual([]);
    const after = await storage.report();
    expect(after.usedBytes).toBe(usedBytes - one.rungBytes[2]! - (master.length - rewritten.length));
    expect(after.titles.find((t) => t.itemId === 1)!.rungs.map((r) => r.name)).toEqual(['240p', '360p']);
    expect(after.titles.find((t) => t.itemId === 3)!.bytes).toBe(three.total + (await headStart(3)));
  });

  test('a title losing every rung plays just in time again: row and folder gone, head start kept and queued again', async () => {
    const { one, three, live1, storage, usedBytes } = await twoTitles();
    quota = usedBytes - one.total - 1; // title 1's whole ladder, and one byte of title 3
    const plan = await storage.enforce();
    expect(plan?.evictions.map((e) => [e.kind, e.itemId])).toEqual([
      ['ladder', 1],
      ['rungs', 3],
    ]);
    expect(renditions.get(1)).toBeNull();
    expect(existsSync(one.dir)).toBe(false);
    expect(existsSync(join(three.dir, '2'))).toBe(false);
    expect(headStarts).toEqual([1]);
    // the head start stays: the title starts from disk while the rest is made just in time
    expect(existsSync(join(transcodesDir, '.live', '1', '0', 'seg-00000.ts'))).toBe(true);
    expect(existsSync(join(transcodesDir, '.live', '1', 'plan.key'))).toBe(true);
    const title1 = (await storage.report()).titles.find((t) => t.itemId === 1)!;
    expect(title1).toMatchObject({ bytes: live1, rungs: [], liveBytes: live1 });
    // the folder went through .tmp: nothing is left there
    expect(await readdir(join(transcodesDir, '.tmp'))).toEqual([]);
  });

  test('titles in progress, and titles served in the last minutes, are left alone', async () => {
    const { one, three, storage, usedBytes } = await twoTitles();
    quota = usedBytes - 1;
    running = new Set([1]); // a job or a just-in-time run is making title 1's files
    expect((await storage.enforce())?.evictions).toEqual([{ kind: 'rungs', itemId: 3, folders: ['2'], bytes: three.rungBytes[2] }]);
    expect(existsSync(join(one.dir, '2'))).toBe(true);

    running = new Set();
    served.touch(1, clock - WATCHING_MS + 1); // somebody is watching title 1's finished ladder
    served.touch(3, clock - WATCHING_MS + 2);
    quota = 0;
    const plan = await storage.enforce();
    expect(plan?.evictions).toEqual([]);
    expect(plan?.overBytes).toBeGreaterThan(0);
    expect(existsSync(join(one.dir, '2'))).toBe(true);
  });

  test('a ladder no row points at (its title changed) goes first, and whole, without a head start queued', async () => {
    const { usedBytes, storage } = await twoTitles();
    const orphan = await ladder(2, [40], { row: false });
    storage.afterJob(2);
    quota = usedBytes + orphan.total - 1;
    expect((await storage.enforce())?.evictions).toEqual([{ kind: 'ladder', itemId: 2, bytes: orphan.total }]);
    expect(existsSync(orphan.dir)).toBe(false);
    expect(headStarts).toEqual([]);
  });

  test('after a job finishes over quota, the eviction runs by itself', async () => {
    const { storage, usedBytes, one } = await twoTitles();
    quota = usedBytes; // at the quota
    await ladder(2, [40], { createdAt: clock });
    storage.afterJob(2); // over it now, by title 2's ladder
    await storage.report(); // waits for the run afterJob started
    expect(existsSync(join(one.dir, '2'))).toBe(false);
    expect(renditions.get(2)).not.toBeNull();
  });

  test('no eviction when the free space cannot be read', async () => {
    const { one } = await twoTitles();
    quota = 0;
    const storage = createStorageService({
      transcodesDir, renditions, served, catalog: createCatalogStore(db), quotaBytes: () => quota, inProgress: () => [], queueHeadStart: () => undefined,
      log: pino({ level: 'silent' }), now: () => clock, freeBytes: async () => null,
    });
    expect(await storage.enforce()).toBeNull();
    expect((await storage.report()).quotaBytes).toBeNull();
    expect(existsSync(join(one.dir, '2'))).toBe(true);
  });
});

describe('when each title was last served', () => {
  test('written at most once a minute per title, never backwards; a title that is gone is not recorded', () => {
    served.touch(1, 1_000);
    served.touch(1, 1_000 + TOUCH_INTERVAL_MS - 1);
    expect(served.get(1)).toBe(1_000);
    served.touch(1, 1_000 + TOUCH_INTERVAL_MS);
    expect(served.get(1)).toBe(1_000 + TOUCH_INTERVAL_MS);
    served.touch(2, 5_000);
    expect(served.all()).toEqual(new Map([[1, 1_000 + TOUCH_INTERVAL_MS], [2, 5_000]]));
    expect(() => served.touch(99, 1)).not.toThrow();
    expect(served.get(99)).toBeNull();
    // a removed title takes its row with it
    db.prepare('DELETE FROM items WHERE id = 2').run();
    expect([...served.all().keys()]).toEqual([1]);
  });
});
