// bench/storage: how long the disk quota takes to measure the transcodes folder.
//   --titles ladders of --rungs rungs of --segments segments each (empty files: a stat costs the same
//   whatever the size), plus a head start under .live for each. Times the first full measurement
//   (every file stat'ed, page cache warm from writing them) and the measurement of one changed title.
//   npx tsx bench/storage.ts [--titles 200] [--rungs 4] [--segments 250]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openDatabase } from '../server/src/db/open.js';
import { createCatalogStore } from '../server/src/catalog/catalog.store.js';
import { createRenditionStore } from '../server/src/streaming/rendition.store.js';
import { createServedStore } from '../server/src/streaming/served.store.js';
import { createStorageService } from '../server/src/streaming/storage.service.js';

const { values } = parseArgs({ options: { titles: { type: 'string', default: '200' }, rungs: { type: 'string', default: '4' }, segments: { type: 'string', default: '250' } } });
const titles = Number(values.titles);
const rungs = Number(values.rungs);
const segments = Number(values.segments);

const root = await mkdtemp(join(tmpdir(), 'seed-bench-storage-'));
try {
  const transcodesDir = join(root, 'transcodes');
  const made = Date.now();
  for (let id = 1; id <= titles; id++) {
    const dir = join(transcodesDir, String(id));
    for (let r = 0; r < rungs; r++) {
      await mkdir(join(dir, String(r)), { recursive: true });
      await Promise.all(Array.from({ length: segments }, (_, i) => writeFile(join(dir, String(r), `seg-${String(i).padStart(5, '0')}.ts`), '')));
      await writeFile(join(dir, String(r), 'index.m3u8'), '');
    }
    await writeFile(join(dir, 'master.m3u8'), '#EXTM3U\n');
    for (const r of [0, 1]) {
      await mkdir(join(transcodesDir, '.live', String(id), String(r)), { recursive: true });
      await Promise.all(Array.from({ length: 8 }, (_, i) => writeFile(join(transcodesDir, '.live', String(id), String(r), `seg-${String(i).padStart(5, '0')}.ts`), '')));
    }
  }
  const files = titles * (rungs * (segments + 1) + 1 + 16);
  console.log(`made ${files} files in ${Date.now() - made} ms`);

  const db = openDatabase(join(root, 'seed.db'));
  const service = () => createStorageService({
    transcodesDir,
    renditions: createRenditionStore(db),
    served: createServedStore(db),
    catalog: createCatalogStore(db),
    quotaBytes: () => Number.MAX_SAFE_INTEGER,
    inProgress: () => [],
    queueHeadStart: () => undefined,
    log: pino({ level: 'silent' }),
    now: Date.now,
  });
  const storage = service();
  let t = performance.now();
  await storage.enforce();
  const full = performance.now() - t;
  storage.touch(1); // marks title 1 changed
  t = performance.now();
  await storage.report();
  const one = performance.now() - t;
  // a restart: the sizes saved by the first run spare the stat of every segment
  t = performance.now();
  await service().enforce();
  const again = performance.now() - t;
  const perTitle = (ms: number) => ms / titles;
  console.log(`first measurement: ${full.toFixed(0)} ms (${((full / files) * 1000).toFixed(1)} µs a file); one changed title: ${one.toFixed(1)} ms; after a restart: ${again.toFixed(0)} ms`);
  const files10k = 10_000 * (rungs * (segments + 1) + 17);
  console.log(`at 10,000 titles × ${rungs * segments} segments: first ~${((full / files) * files10k / 1000).toFixed(0)} s, after a restart ~${(perTitle(again) * 10).toFixed(1)} s`);
  db.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
