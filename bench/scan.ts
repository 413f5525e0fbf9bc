// bench/scan: the library scanner against the floor any scanner that probes every file has to pay.
//   1. first scan of N files (hard links of a few tiny clips under realistic movie and episode names)
//      against plain `ffprobe -show_format -show_streams` run over the same files with xargs -P <cores>;
//      the scan is timed until the catalogue is complete (artwork and metadata follow in the background)
//   2. rescan of the same unchanged library at --rescan-files (default 10,000), in a child process
//      that reports its own peak memory
//   3. 10 files copied into a watched folder: time from the end of the copy until all are in the catalogue
//   npx tsx bench/scan.ts [--files 1000] [--rescan-files 10000] [--rounds 3]
import { execFile, spawnSync } from 'node:child_process';
import { cp, link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pino from 'pino';
import { resolveConfig } from '../server/src/config/config.js';
import { createSeed } from '../server/src/main.js';
import { createLibraryStore } from '../server/src/library/library.store.js';
import { scanLibrary } from '../server/src/library/scanner.js';
import { statSync, writeFileSync } from 'node:fs';
import { createProbe, createRunFfmpeg, locateFastProbe, locateTool, type MediaInfo } from '../transcoder/src/index.js';
import { median } from './stats.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000' },
    'rescan-files': { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    child: { type: 'string' },
  },
});
const cores = cpus().length;
const config = (dataDir: string) => ({ ...resolveConfig(dataDir, { file: {}, env: {}, flags: { logLevel: 'silent' } }), watch: false, rescanIntervalMinutes: 0, transcodeConcurrency: 1 });

/** Realistic names: movies in their folders, episodes in season folders. */
function nameOf(i: number): string {
  if (i % 3 === 0) return `Film ${i} (${1950 + (i % 70)})/Film ${i} (${1950 + (i % 70)}) - 1080p.mkv`;
  const show = Math.floor(i / 60);
  const season = 1 + (Math.floor(i / 12) % 5);
  return `Show ${show}/Season ${String(season).padStart(2, '0')}/Show ${show} - S${String(season).padStart(2, '0')}E${String(i % 12 + 1).padStart(2, '0')} - Episode Title.mkv`;
}

async function makeLibrary(dir: string, clips: string[], count: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, nameOf(i));
    await mkdir(dirname(path), { recursive: true });
    await link(clips[i % clips.length]!, path);
    paths.push(path);
  }
  return paths;
}

/** Child mode: rescan an existing data folder once and print ms and peak RSS as JSON. */
if (values.child) {
  const [dataDir, libraryId] = values.child.split(',') as [string, string];
  const seed = createSeed(config(dataDir), pino({ level: 'silent' }), { stabilityMs: 0 });
  await seed.runner.stop();
  const start = performance.now();
  const summary = await seed.libraries.scan(Number(libraryId));
  const ms = performance.now() - start;
  await seed.shutdown();
  process.stdout.write(JSON.stringify({ ms, found: summary.found, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}

const files = Number(values.files);
const rescanFiles = Number(values['rescan-files']);
const rounds = Number(values.rounds);
const work = await mkdtemp(join(tmpdir(), 'seed-bench-scan-'));
const ffmpegPath = locateTool('ffmpeg', null)!.path;
const ffprobePath = locateTool('ffprobe', null)!.path; // "plain ffprobe": the system's
const fastProbe = locateFastProbe(); // what Seed tries first when scanning
try {
  const clips: string[] = [];
  for (const [i, pattern] of ['testsrc2', 'smptebars', 'testsrc'].entries()) {
    const clip = join(work, `clip-${i}.mkv`);
    await createRunFfmpeg(ffmpegPath)(['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `${pattern}=size=320x180:rate=15:duration=2`, '-f', 'lavfi', '-i', 'sine=duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', '-y', clip]);
    clips.push(clip);
  }

  // 1. first scan against xargs ffprobe, alternating
  const library = join(work, 'library');
  const paths = await makeLibrary(library, clips, files);
  const list = join(work, 'files.txt');
  writeFileSync(list, paths.join('\0'));
  const floor: number[] = [];
  const floorFast: number[] = [];
  const scans: number[] = [];
  const enrich: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    await run('sh', ['-c', `xargs -0 -P ${cores} -n 1 "${ffprobePath}" -v error -show_format -show_streams < "${list}" > /dev/null`], { maxBuffer: 1 << 30 });
    floor.push(performance.now() - start);
    if (fastProbe) {
      start = performance.now();
      await run('sh', ['-c', `xargs -0 -P ${cores} -n 1 "${fastProbe.path}" -v error -show_format -show_streams < "${list}" > /dev/null`], { maxBuffer: 1 << 30 });
      floorFast.push(performance.now() - start);
    }

    const dataDir = join(work, `data-${round}`);
    const seed = createSeed(config(dataDir), pino({ level: 'silent' }), { stabilityMs: 0 });
    await seed.runner.stop(); // scanning alone: no transcodes start
    const lib = await seed.libraries.add({ paths: [library], scanNow: false });
    start = performance.now();
    const summary = await seed.libraries.scan(lib.id);
    const total = performance.now() - start;
    if (summary.added !== files) throw new Error(`expected ${files} added, got ${summary.added}`);
    scans.push(summary.ms);
    enrich.push(total - summary.ms);
    await seed.shutdown();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`bench/scan: ${cores} cores, ${rounds} rounds; plain ffprobe: ${ffprobePath}; Seed scans with ${fastProbe?.path ?? ffprobePath} first`);
  console.log(`1. first scan of ${files} files (hard links of 3 clips, realistic names)`);
  console.log(`   xargs -P ${cores} ffprobe (floor)         median ${(median(floor) / 1000).toFixed(2)} s  (${((files * 1000) / median(floor)).toFixed(0)} files/s)`);
  console.log(`   seed scan, catalogue complete      median ${(median(scans) / 1000).toFixed(2)} s  (${((files * 1000) / median(scans)).toFixed(0)} files/s)`);
  if (fastProbe) console.log(`   xargs -P ${cores} + the static ffprobe Seed tries first: median ${(median(floorFast) / 1000).toFixed(2)} s  (${((files * 1000) / median(floorFast)).toFixed(0)} files/s)`);
  console.log(`   throughput ratio seed / floor = ${(median(floor) / median(scans)).toFixed(2)}${fastProbe ? `; seed / static-ffprobe floor = ${(median(floorFast) / median(scans)).toFixed(2)}` : ''}`);
  console.log(`   then artwork and metadata (a representative frame per title) median ${(median(enrich) / 1000).toFixed(2)} s`);

  // 2. rescan of an unchanged library, populated with a probe that reuses results for hard links
  const big = join(work, 'big');
  await makeLibrary(big, clips, rescanFiles);
  const dataDir = join(work, 'data-big');
  const probeOnce = createProbe(ffprobePath);
  const byInode = new Map<string, Promise<MediaInfo>>();
  const seed = createSeed(config(dataDir), pino({ level: 'silent' }), { stabilityMs: 0 });
  await seed.runner.stop();
  const lib = await seed.libraries.add({ paths: [big], scanNow: false });
  // populate quickly: the rescan is what is measured, and every file is a hard link of 3 clips
  await scanLibrary(seed.libraries.get(lib.id), {
    libraries: createLibraryStore(seed.db),
    catalog: seed.catalog,
    files: seed.files,
    probe: (path) => {
      const key = String(statSync(path).ino);
      if (!byInode.has(key)) byInode.set(key, probeOnce(path));
      return byInode.get(key)!;
    },
    now: Date.now,
    log: pino({ level: 'silent' }),
    probeConcurrency: 4,
    stabilityMs: 0,
  });
  await seed.shutdown();
  const rescans = [];
  for (let round = 0; round < rounds; round++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scan.ts', '--child', `${dataDir},${lib.id}`], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`rescan child failed: ${child.stderr}`);
    rescans.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; found: number; maxRssMb: number });
  }
  console.log(`2. rescan of ${rescanFiles} unchanged files (own process)`);
  console.log(`   median ${(median(rescans.map((r) => r.ms)) / 1000).toFixed(2)} s, peak RSS median ${median(rescans.map((r) => r.maxRssMb)).toFixed(0)} MB (process total, Node included); runs: ${rescans.map((r) => `${(r.ms / 1000).toFixed(2)} s/${r.maxRssMb.toFixed(0)} MB`).join(', ')}`);

  // 3. live watching: 10 files copied into a watched folder
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const watched = join(work, `watched-${round}`);
    await mkdir(watched, { recursive: true });
    const data = join(work, `data-watch-${round}`);
    const seed = createSeed({ ...config(data), watch: true }, pino({ level: 'silent' }), { stabilityMs: 2000 });
    await seed.runner.stop();
    const l = await seed.libraries.add({ paths: [watched], scanNow: false });
    await seed.libraries.scan(l.id);
    seed.startWatching();
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 10; i++) await cp(clips[i % 3]!, join(watched, `Copied ${i} (2020).mkv`));
    const copied = performance.now();
    while (seed.catalog.listMovies().length < 10) await new Promise((r) => setTimeout(r, 20));
    latencies.push(performance.now() - copied);
    await seed.shutdown();
  }
  console.log(`3. 10 files copied into a watched folder: visible after median ${(median(latencies) / 1000).toFixed(2)} s (runs: ${latencies.map((x) => (x / 1000).toFixed(2)).join(' ')}); files count as stable 2 s after their last change`);
} finally {
  await rm(work, { recursive: true, force: true });
}
