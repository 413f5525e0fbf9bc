// bench/playback/start: video start time, Play pressed → first frame, measured in the page (headless
// Chromium, video.js with VHS as Seed's player sets it up), one fresh browser context per play (no
// HTTP cache). Seed runs as `seed serve` in its own process; the variants alternate in every round:
//   a. direct play: an H.264/AAC MP4, /playback answers "direct"
//      floor: the same MP4 as a plain file from nginx
//   b. HLS, its ladder encoded (/playback?prefer=hls on a title whose ladder is done)
//      floor: the same ladder's files from nginx, played by the same page code
//   c. HLS just in time: a title never played nor encoded (a fresh copy each round, scanned while
//      the job queue is paused so no head start or ladder job encodes it), /playback?prefer=hls
//      floor: (b)'s floor
//   d. a seek to 50 % right after the start (at its first frame, so the target is not buffered yet,
//      on the floor either; --seek-after N: once N seconds have played): the seek call → the first frame
//      presented at the new position, on a fresh never-encoded title; floor: the same seek on nginx's
//      ladder (and, for reference, on Seed's encoded ladder)
// For Seed, "Play pressed" is before the fetch of /api/items/{id}/playback: its round trip counts.
// The player is 1280x720. VHS picks its first rung from navigator.connection.downlink whenever that is
// under 10 Mbit/s, and Chromium's estimate does not count loopback traffic (it stays at 1.45 Mbit/s
// here). Seed's player turns that off (useNetworkInformationApi: false, renderer/src/lib/player/
// VideoPlayer.svelte), and so does this page by default; --network-information on shows VHS's default.
// Before each play the script waits until none of Seed's ffmpeg runs is busy (a just-in-time run goes
// on until nobody has asked for its segments for 30 s), so one variant's encode does not slow another.
//   npx tsx bench/playback/start.ts [--rounds 5] [--seconds 60] [--height 1080] [--seek-after 0] [--network-information off]
//     [--only 'd.'] (the variants whose name has it) [--requests] (every request on the way to the frame)
import { copyFile, link, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { median } from '../stats.js';
import { cleanupOnExit, ladderDir, ladderReady, scannedItems, sourceClip, startSeedProcess, startStaticServer, tempDir, until, type ItemSummary, type SeedProcess, type StaticServer } from './fixture.js';
import { HLS_TYPE, launchBrowser, MP4_TYPE, openPlayer, type PlayResult, type RequestTiming, type SeekResult } from './page.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '60' },
    height: { type: 'string', default: '1080' },
    'seek-after': { type: 'string', default: '0' },
    'network-information': { type: 'string', default: 'off' },
    only: { type: 'string', default: '' },
    requests: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const height = Number(values.height);
const SEEK_FRACTION = 0.5;
/** the seek comes once the start has played this far (0: at its first frame, when the target is not buffered yet) */
const seekAfter = Number(values['seek-after']);
if (!['on', 'off'].includes(values['network-information']!)) throw new Error('--network-information is on or off');
/** 'on': VHS as Seed sets it up; 'off': VHS estimates bandwidth from its downloads only */
const vhs = values['network-information'] === 'off' ? { useNetworkInformationApi: false } : {};

const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** the slowest request on the way to the frame: "seg-00007.ts 1.21 s from +0.05 s" */
const slowest = (requests: RequestTiming[]) => {
  // --requests: every request on the way, in order
  if (values.requests) return requests.map((q) => `${q.path.split('/').slice(-2).join('/')} +${fmt(q.start)} ${fmt(q.ms)}`).join(', ') || 'no request';
  const r = [...requests].sort((a, b) => b.ms - a.ms)[0];
  return r ? `slowest request ${r.path.split('/').slice(-2).join('/')} ${fmt(r.ms)} from +${fmt(r.start)}` : 'no request';
};

/** Hard link (no copy of the bytes), else a copy (another file system). */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}

/** ffmpeg processes working for this Seed (its data folder is in their arguments) and not paused (SIGSTOP). */
async function busyFfmpeg(dataDir: string): Promise<number[]> {
  const busy: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0');
      if (!/ffmpeg/.test(cmdline[0] ?? '') || !cmdline.some((a) => a.includes(dataDir))) continue;
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'T' && state !== 'Z') busy.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return busy;
}

/** Waits (up to 2 min) until Seed encodes nothing; answers the seconds waited. */
async function quiet(seed: SeedProcess): Promise<number> {
  const start = performance.now();
  await until(async () => (await busyFfmpeg(seed.dataDir)).length === 0, "Seed's ffmpeg runs to end", 120_000);
  return (performance.now() - start) / 1000;
}

interface Sample {
  ms: number;
  detail: string;
}

let seed: SeedProcess | null = null;
let nginx: StaticServer | null = null;
let browser: Browser | null = null;
let work: string | null = null;
/** Closes what was started (once), also on Ctrl-C. */
const cleanup = cleanupOnExit(async () => {
  await browser?.close().catch(() => undefined);
  await nginx?.stop().catch(() => undefined);
  await seed?.stop().catch(() => undefined);
  if (work) await rm(work, { recursive: true, force: true });
});
try {
  const source = await sourceClip(seconds, height);
  work = await tempDir('seed-bench-start-');
  const libraryDir = join(work, 'library');
  await mkdir(libraryDir);
  await linkOrCopy(source, join(libraryDir, 'Clip (2000).mp4'));

  say(`source: ${seconds} s at ${height}p (${source}); ${rounds} rounds`);
  seed = await startSeedProcess({ libraries: [libraryDir] });
  const [clip] = await scannedItems(seed, 1);
  const ladderStart = performance.now();
  await ladderReady(seed, clip!.id);
  say(`ladder of the encoded title made in ${((performance.now() - ladderStart) / 1000).toFixed(1)} s`);

  // the fresh titles: scanned with the queue paused, so only a player's request encodes them
  await seed.api('/api/jobs/pause', { method: 'POST' });
  await until(async () => ((await seed!.api<{ counts: Record<string, number> }>('/api/jobs')).counts.running ?? 0) === 0 || null, 'running jobs to end', 300_000);
  const freshCount = rounds * 3;
  for (let i = 1; i <= freshCount; i++) await linkOrCopy(source, join(libraryDir, `Fresh ${i} (${2000 + i}).mp4`));
  const { libraries } = await seed.api<{ libraries: { id: number }[] }>('/api/libraries');
  await seed.api(`/api/libraries/${libraries[0]!.id}/scan`, { method: 'POST' });
  const items = await scannedItems(seed, 1 + freshCount);
  const fresh: ItemSummary[] = items.filter((i) => i.id !== clip!.id).sort((a, b) => a.id - b.id);
  if (fresh.length !== freshCount) throw new Error(`expected ${freshCount} fresh titles, found ${fresh.map((i) => i.title).join(', ')}`);
  for (const item of fresh) if (item.transcode.status === 'done') throw new Error(`${item.title} has a ladder already`);

  // the floor: the same files, plain, from nginx
  const staticRoot = join(work, 'static');
  await mkdir(staticRoot);
  await symlink(ladderDir(seed.dataDir, clip!.id), join(staticRoot, 'ladder'));
  await linkOrCopy(source, join(staticRoot, 'clip.mp4'));
  nginx = await startStaticServer(staticRoot);
  browser = await launchBrowser();
  say(`Seed ${seed.url}, floor ${nginx.kind} ${nginx.url}`);

  const seedUrl = seed.url;
  const staticUrl = nginx.url;
  const playback = (id: number, preferHls: boolean) => `/api/items/${id}/playback${preferHls ? '?prefer=hls' : ''}`;
  const describe = (r: PlayResult) => `${r.method} ${r.height}p${r.decisionMs ? `, decision ${r.decisionMs.toFixed(0)} ms` : ''}; ${slowest(r.requests)}${r.how === 'rvfc' ? '' : `; by ${r.how}`}`;

  /** One play in a fresh context; `expect`: the method Seed must answer. */
  const startOnce = async (origin: string, opts: { playback?: string; src?: string; type?: string }, expect: string): Promise<Sample> => {
    const player = await openPlayer(browser!, origin, { vhs });
    try {
      const r = await player.play(opts);
      if (r.method !== expect) throw new Error(`expected ${expect}, got ${r.method} (${r.src})`);
      return { ms: r.ms, detail: describe(r) };
    } finally {
      await player.close();
    }
  };
  const seekOnce = async (origin: string, opts: { playback?: string; src?: string; type?: string }, seekAhead = false): Promise<Sample> => {
    const player = await openPlayer(browser!, origin, { vhs, seekAhead });
    try {
      const r = await player.play(opts);
      if (seekAfter > 0) await player.playedTo(seekAfter);
      const s: SeekResult = await player.seek(SEEK_FRACTION);
      const buffered = s.bufferedAtTarget > 0 ? `target buffered already (${s.bufferedAtTarget.toFixed(1)} s)` : `buffered to ${s.bufferedEnd.toFixed(1)} s`;
      return { ms: s.ms, detail: `to ${s.target.toFixed(1)} s, frame at ${s.mediaTime.toFixed(2)} s, ${s.height}p; ${buffered}; ${slowest(s.requests)}; start ${fmt(r.ms)}` };
    } finally {
      await player.close();
    }
  };

  let nextFresh = 0;
  const takeFresh = () => fresh[nextFresh++]!.id;
  const variants: Record<string, () => Promise<Sample>> = {
    'a. direct play, Seed': () => startOnce(seedUrl, { playback: playback(clip!.id, false) }, 'direct'),
    'a. direct play, floor (nginx, the same MP4)': () => startOnce(staticUrl, { src: '/clip.mp4', type: MP4_TYPE }, 'static'),
    'b. HLS encoded, Seed': () => startOnce(seedUrl, { playback: playback(clip!.id, true) }, 'hls'),
    'b. HLS encoded, floor (nginx, the same ladder)': () => startOnce(staticUrl, { src: '/ladder/master.m3u8', type: HLS_TYPE }, 'static'),
    'c. HLS never encoded (just in time), Seed': () => startOnce(seedUrl, { playback: playback(takeFresh(), true) }, 'hls'),
    'd. seek to 50 %, never encoded, Seed': () => seekOnce(seedUrl, { playback: playback(takeFresh(), true) }, true),
    'd. seek to 50 %, never encoded, Seed without seek-ahead (reference)': () => seekOnce(seedUrl, { playback: playback(takeFresh(), true) }),
    'd. seek to 50 %, encoded, Seed (reference)': () => seekOnce(seedUrl, { playback: playback(clip!.id, true) }),
    'd. seek to 50 %, floor (nginx, the ladder)': () => seekOnce(staticUrl, { src: '/ladder/master.m3u8', type: HLS_TYPE }),
  };
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  let waited = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(variants)) {
      if (!name.includes(values.only!)) continue;
      waited += await quiet(seed);
      const sample = await fn();
      results[name]!.push(sample.ms);
      say(`  round ${round + 1} ${name}: ${fmt(sample.ms)} (${sample.detail})`);
    }
  }
  say(`(waited ${waited.toFixed(0)} s in all for Seed's just-in-time runs to end between plays)`);

  // the table
  const floorOf: Record<string, { floor: string; target: string; ok: (m: number, f: number) => boolean }> = {
    'a. direct play, Seed': { floor: 'a. direct play, floor (nginx, the same MP4)', target: '≤ 1.15x', ok: (m, f) => m <= f * 1.15 },
    'b. HLS encoded, Seed': { floor: 'b. HLS encoded, floor (nginx, the same ladder)', target: '≤ 1.15x', ok: (m, f) => m <= f * 1.15 },
    'c. HLS never encoded (just in time), Seed': { floor: 'b. HLS encoded, floor (nginx, the same ladder)', target: '≤ +1.0 s', ok: (m, f) => m - f <= 1000 },
    'd. seek to 50 %, never encoded, Seed': { floor: 'd. seek to 50 %, floor (nginx, the ladder)', target: '≤ +0.5 s', ok: (m, f) => m - f <= 500 },
    'd. seek to 50 %, never encoded, Seed without seek-ahead (reference)': { floor: 'd. seek to 50 %, floor (nginx, the ladder)', target: '(none)', ok: () => true },
    'd. seek to 50 %, encoded, Seed (reference)': { floor: 'd. seek to 50 %, floor (nginx, the ladder)', target: '(none)', ok: () => true },
  };
  say('');
  say(`Video start time, Play pressed → first frame (${seconds} s ${height}p source, ${rounds} rounds, medians):`);
  say('');
  say('| variant | median | min–max | n | vs floor | target |');
  say('| --- | --- | --- | --- | --- | --- |');
  for (const [name, xs] of Object.entries(results)) {
    if (xs.length === 0) continue;
    const m = median(xs);
    const range = `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
    const against = floorOf[name];
    let vs = '(floor)';
    let target = '';
    if (against && results[against.floor]!.length > 0) {
      const f = median(results[against.floor]!);
      const diff = m - f;
      vs = `${diff >= 0 ? '+' : '−'}${fmt(Math.abs(diff))}, ${(m / f).toFixed(2)}x`;
      target = against.target === '(none)' ? '' : `${against.target}: ${against.ok(m, f) ? 'met' : 'MISSED'}`;
    }
    say(`| ${name} | ${fmt(m)} | ${range} | ${xs.length} | ${vs} | ${target} |`);
  }
} finally {
  await cleanup();
}
