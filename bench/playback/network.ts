// bench/playback/network: Seed's encoded HLS ladder on a network that gets worse mid-play. Headless
// Chromium (video.js with VHS and its own ABR, as Seed's player) plays a title from `seed serve`
// through Chromium's network emulation (CDP Network.emulateNetworkConditions, ~5 ms latency): at
// --high Mbit/s, dropping to --low Mbit/s once --drop-at seconds have played, watched for --watch
// seconds of wall time. Recorded in the page:
//   - the rung shown over time (the video element's 'resize': its height) and the rung VHS asks for
//     (the quality level list's 'change'),
//   - stalls: 'waiting' after the first frame while not seeking, until 'playing' (or the clock moves),
//   - rebuffering ratio = time stalled / time watched (from the first frame).
// Targets: the player steps down after the drop, no stall longer than 1 s, rebuffering under 1 %.
// Two players alternate in every round (--players both|defaults|seed):
//   - VHS defaults: VHS takes navigator.connection.downlink as its bandwidth whenever that or its own
//     measurement is under 10 Mbit/s, and Chromium's emulation sets downlink (10, its cap, at
//     20 Mbit/s; 1.4 at 1.5 Mbit/s): the drop is seen at once;
//   - Seed's player (useNetworkInformationApi: false, as VideoPlayer.svelte sets it): the drop is seen
//     from the segments' download times, as on a LAN, where Chromium's own estimate does not follow
//     the network (it stays at 1.45 Mbit/s here: loopback traffic does not count in it).
// First it prints the master playlist's BANDWIDTH per rung and the bit rate the rung's segments
// really have (the lowest rung must fit under --low). The source (--seconds, default 120 s) is made
// once into test/.cache/bench-playback; its ladder takes a few minutes on 2 cores.
//   npx tsx bench/playback/network.ts [--rounds 3] [--seconds 120] [--height 1080] [--watch 90] [--drop-at 20] [--high 20] [--low 1.5] [--latency 5] [--players both]
import { link, copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, CDPSession } from 'playwright-core';
import { median } from '../stats.js';
import { cleanupOnExit, ladderDir, ladderReady, scannedItems, sourceClip, startSeedProcess, tempDir, type SeedProcess } from './fixture.js';
import { launchBrowser, openPlayer } from './page.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '120' },
    height: { type: 'string', default: '1080' },
    watch: { type: 'string', default: '90' },
    'drop-at': { type: 'string', default: '20' },
    high: { type: 'string', default: '20' },
    low: { type: 'string', default: '1.5' },
    latency: { type: 'string', default: '5' },
    players: { type: 'string', default: 'both' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const height = Number(values.height);
const watch = Number(values.watch);
const dropAt = Number(values['drop-at']);
const highMbps = Number(values.high);
const lowMbps = Number(values.low);
const latency = Number(values.latency);
if (!['both', 'defaults', 'seed'].includes(values.players!)) throw new Error('--players is both, defaults or seed');
if (watch + 5 > seconds) throw new Error(`--seconds ${seconds} is too short to watch ${watch} s`);

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const conditions = (mbps: number) => ({ offline: false, latency, downloadThroughput: (mbps * 1e6) / 8, uploadThroughput: (mbps * 1e6) / 8 });

interface Report {
  t: number;
  firstFrame: number | null;
  shown: { t: number; height: number }[];
  selected: { t: number; height: number; bitrate: number }[];
  /** at: the position; ahead: seconds buffered from there on when it stalled */
  stalls: { t: number; at: number; ahead: number; seconds: number }[];
  openStall: { t: number; seconds: number } | null;
  errors: { t: number; error: string }[];
  currentTime: number;
  buffered: number;
  bandwidth: number | null;
  downlink: number | null;
  ended: boolean;
  dropped: number | null;
}

/** The master playlist's variants: BANDWIDTH (and AVERAGE-BANDWIDTH) and the URI of each. */
function variantsOf(master: string): { bandwidth: number; average: number | null; resolution: string; uri: string }[] {
  const lines = master.split('\n').map((l) => l.trim());
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    const attr = (name: string) => new RegExp(`[:,]${name}=("[^"]*"|[^,]*)`).exec(line)?.[1]?.replace(/"/g, '') ?? null;
    out.push({ bandwidth: Number(attr('BANDWIDTH')), average: attr('AVERAGE-BANDWIDTH') ? Number(attr('AVERAGE-BANDWIDTH')) : null, resolution: attr('RESOLUTION') ?? '?', uri: lines[i + 1] ?? '' });
  }
  return out;
}

/** A rung's real bit rates from its files: the whole rung's average and its biggest segment's. */
async function measuredRate(dir: string): Promise<{ averageBps: number; peakBps: number; segments: number }> {
  const playlist = await readFile(join(dir, 'index.m3u8'), 'utf8');
  const lines = playlist.split('\n').map((l) => l.trim());
  let total = 0;
  let duration = 0;
  let peak = 0;
  let segments = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^#EXTINF:([\d.]+)/.exec(lines[i]!);
    if (!m) continue;
    const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'))!;
    const { size } = await stat(join(dir, uri.split('?')[0]!));
    const d = Number(m[1]);
    total += size;
    duration += d;
    segments++;
    if (d > 0.5) peak = Math.max(peak, (size * 8) / d);
  }
  return { averageBps: (total * 8) / duration, peakBps: peak, segments };
}

const mbit = (bps: number) => `${(bps / 1e6).toFixed(2)} Mbit/s`;

/** "1080p 0–21 s, 480p 21–33 s": heights over [from, to], times from `zero`. */
function timeline(events: { t: number; height: number }[], zero: number, end: number): { height: number; from: number; to: number }[] {
  const spans: { height: number; from: number; to: number }[] = [];
  const before = events.filter((e) => e.t <= zero).at(-1);
  let current = before?.height ?? events[0]?.height ?? 0;
  let from = 0;
  for (const e of events.filter((x) => x.t > zero)) {
    if (e.height === current) continue;
    spans.push({ height: current, from, to: e.t - zero });
    current = e.height;
    from = e.t - zero;
  }
  spans.push({ height: current, from, to: end - zero });
  return spans;
}
const spansText = (spans: { height: number; from: number; to: number }[]) => spans.map((s) => `${s.height}p ${s.from.toFixed(0)}–${s.to.toFixed(0)} s`).join(', ');
const heightAt = (events: { t: number; height: number }[], t: number) => events.filter((e) => e.t <= t).at(-1)?.height ?? null;

interface RoundResult {
  startMs: number;
  watched: number;
  stalled: number;
  ratio: number;
  longest: number;
  stalls: number;
  /** seconds from the drop until VHS asks for a lower rung / one is shown; null: never */
  askedDown: number | null;
  shownDown: number | null;
  finalHeight: number;
  summary: string;
}

let seed: SeedProcess | null = null;
let browser: Browser | null = null;
let work: string | null = null;
/** Closes what was started (once), also on Ctrl-C. */
const cleanup = cleanupOnExit(async () => {
  await browser?.close().catch(() => undefined);
  await seed?.stop().catch(() => undefined);
  if (work) await rm(work, { recursive: true, force: true });
});
try {
  const source = await sourceClip(seconds, height);
  work = await tempDir('seed-bench-network-');
  const libraryDir = join(work, 'library');
  await mkdir(libraryDir);
  await link(source, join(libraryDir, 'Clip (2000).mp4')).catch(() => copyFile(source, join(libraryDir, 'Clip (2000).mp4')));
  say(`source: ${seconds} s at ${height}p (${source}); ${rounds} rounds of ${watch} s at ${highMbps} Mbit/s, ${lowMbps} Mbit/s from ${dropAt} s of playback on; latency ${latency} ms`);
  seed = await startSeedProcess({ libraries: [libraryDir] });
  const [clip] = await scannedItems(seed, 1);
  const ladderStart = performance.now();
  await ladderReady(seed, clip!.id);
  say(`ladder made in ${((performance.now() - ladderStart) / 1000).toFixed(1)} s`);

  // what the master playlist promises against what the segments take
  const playbackPath = `/api/items/${clip!.id}/playback?prefer=hls`;
  const answer = await seed.api<{ method: string; url: string }>(playbackPath);
  if (answer.method !== 'hls') throw new Error(`expected hls, got ${answer.method}`);
  const master = await (await fetch(`${seed.url}${answer.url}`)).text();
  const dir = ladderDir(seed.dataDir, clip!.id);
  say('');
  say('| rung | RESOLUTION | BANDWIDTH | AVERAGE-BANDWIDTH | measured average | measured peak segment | fits under the low rate |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const v of variantsOf(master)) {
    const rungDir = join(dir, v.uri.split('?')[0]!.split('/')[0]!);
    const m = await measuredRate(rungDir);
    const fits = v.bandwidth <= lowMbps * 1e6 ? 'yes' : m.peakBps <= lowMbps * 1e6 ? 'its segments do, BANDWIDTH not' : 'no';
    say(`| ${v.uri.split('/')[0]} | ${v.resolution} | ${mbit(v.bandwidth)} | ${v.average === null ? '–' : mbit(v.average)} | ${mbit(m.averageBps)} | ${mbit(m.peakBps)} | ${fits} |`);
  }
  say('');

  browser = await launchBrowser();
  const playRound = async (round: number, vhs: Record<string, unknown>): Promise<RoundResult> => {
    let cdp: CDPSession | null = null;
    const player = await openPlayer(browser!, seed!.url, {
      width: 1920,
      height: 1080,
      vhs,
      setup: async (page) => {
        cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', conditions(highMbps));
      },
    });
    try {
      await player.call('window.bench.track()');
      const start = await player.play({ playback: playbackPath, timeoutMs: 60_000 });
      await player.call('window.bench.markFirstFrame()');
      const firstAt = performance.now();
      await sleep(dropAt * 1000);
      const before = await player.call<Report>('window.bench.report()');
      await cdp!.send('Network.emulateNetworkConditions', conditions(lowMbps));
      const dropT = (await player.call<Report>('window.bench.report()')).t;
      let after: Report | null = null;
      while ((performance.now() - firstAt) / 1000 < watch) {
        await sleep(1000);
        const r = await player.call<Report>('window.bench.report()');
        after ??= r;
        if (r.ended || r.errors.length > 0) break;
      }
      const rep = await player.call<Report>('window.bench.report()');
      if (rep.errors.length > 0) throw new Error(`player error: ${JSON.stringify(rep.errors)}`);
      const zero = rep.firstFrame!;
      const watched = rep.t - zero;
      const stalls = [...rep.stalls.map((s) => s.seconds), ...(rep.openStall ? [rep.openStall.seconds] : [])];
      const stalled = stalls.reduce((a, b) => a + b, 0);
      const shownAtDrop = heightAt(rep.shown, dropT);
      const askedAtDrop = heightAt(rep.selected, dropT);
      const shownDown = rep.shown.find((e) => e.t > dropT && shownAtDrop !== null && e.height < shownAtDrop);
      const askedDown = rep.selected.find((e) => e.t > dropT && askedAtDrop !== null && e.height < askedAtDrop);
      const shown = timeline(rep.shown, zero, rep.t);
      const asked = timeline(rep.selected, zero, rep.t);
      const result: RoundResult = {
        startMs: start.ms,
        watched,
        stalled,
        ratio: stalled / watched,
        longest: Math.max(0, ...stalls),
        stalls: stalls.length,
        askedDown: askedDown ? askedDown.t - dropT : null,
        shownDown: shownDown ? shownDown.t - dropT : null,
        finalHeight: shown.at(-1)!.height,
        summary: '',
      };
      const stallText =
        stalls.length === 0
          ? 'no stall'
          : [...rep.stalls.map((s) => `${s.seconds.toFixed(2)} s at ${(s.t - zero).toFixed(0)} s (position ${s.at.toFixed(2)} s, ${s.ahead.toFixed(0)} s buffered)`), ...(rep.openStall ? [`${rep.openStall.seconds.toFixed(2)} s still stalled at the end`] : [])].join(', ');
      const estimate = (r: Report | null) => (r ? `VHS ${r.bandwidth === null ? '?' : mbit(r.bandwidth)}, downlink ${r.downlink ?? '?'} Mbit/s, buffered ${r.buffered.toFixed(0)} s` : '?');
      result.summary = [
        `round ${round + 1}: start ${(start.ms / 1000).toFixed(2)} s at ${start.height}p; drop at ${(dropT - zero).toFixed(1)} s (before: ${estimate(before)}; 1 s after: ${estimate(after)})`,
        `  shown: ${spansText(shown)}`,
        `  asked: ${spansText(asked)}`,
        `  stepped down: asked ${result.askedDown === null ? 'never' : `+${result.askedDown.toFixed(1)} s after the drop`}, shown ${result.shownDown === null ? 'never' : `+${result.shownDown.toFixed(1)} s`}; at the end ${estimate(rep)}; dropped frames ${rep.dropped ?? '?'}`,
        `  stalls: ${stallText}; rebuffering ${(result.ratio * 100).toFixed(2)} % of ${watched.toFixed(0)} s`,
      ].join('\n');
      return result;
    } finally {
      await player.close();
    }
  };

  const players: Record<string, Record<string, unknown>> = {
    'VHS defaults (Network Information API on)': {},
    "Seed's player (useNetworkInformationApi: false, as VideoPlayer.svelte sets it)": { useNetworkInformationApi: false },
  };
  const chosen = Object.entries(players).filter((_, i) => values.players === 'both' || (values.players === 'defaults' ? i === 0 : i === 1));
  const results: Record<string, RoundResult[]> = Object.fromEntries(chosen.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, vhs] of chosen) {
      const result = await playRound(round, vhs);
      say(`${name}, ${result.summary}`);
      results[name]!.push(result);
    }
  }

  for (const [name, rs] of Object.entries(results)) {
    const med = (pick: (r: RoundResult) => number | null) => {
      const xs = rs.map(pick).filter((x): x is number => x !== null);
      return xs.length ? median(xs) : null;
    };
    const allDown = rs.every((r) => r.askedDown !== null);
    const longest = Math.max(...rs.map((r) => r.longest));
    const ratio = med((r) => r.ratio)!;
    say('');
    say(`${name}: Seed's encoded ladder at ${highMbps} → ${lowMbps} Mbit/s after ${dropAt} s, ${watch} s watched, ${rs.length} rounds (medians):`);
    say('');
    say('| measure | median | rounds | target |');
    say('| --- | --- | --- | --- |');
    const row = (measure: string, value: string, each: string, target: string) => say(`| ${measure} | ${value} | ${each} | ${target} |`);
    const s = (x: number | null, digits = 1) => (x === null ? 'never' : `${x.toFixed(digits)} s`);
    row('start (Play → first frame)', s(med((r) => r.startMs / 1000), 2), rs.map((r) => s(r.startMs / 1000, 2)).join(', '), '');
    row('asks for a lower rung, after the drop', s(med((r) => r.askedDown)), rs.map((r) => s(r.askedDown)).join(', '), `steps down: ${allDown ? 'met' : 'MISSED'}`);
    row('shows a lower rung, after the drop', s(med((r) => r.shownDown)), rs.map((r) => s(r.shownDown)).join(', '), '');
    row('rung shown at the end', `${med((r) => r.finalHeight)}p`, rs.map((r) => `${r.finalHeight}p`).join(', '), '');
    row('stalls', `${med((r) => r.stalls)}`, rs.map((r) => String(r.stalls)).join(', '), '');
    row('longest stall', s(med((r) => r.longest), 2), rs.map((r) => s(r.longest, 2)).join(', '), `≤ 1 s (every round): ${longest <= 1 ? 'met' : 'MISSED'}`);
    row('time stalled', s(med((r) => r.stalled), 2), rs.map((r) => s(r.stalled, 2)).join(', '), '');
    row('rebuffering ratio', `${(ratio * 100).toFixed(2)} %`, rs.map((r) => `${(r.ratio * 100).toFixed(2)} %`).join(', '), `< 1 %: ${ratio < 0.01 ? 'met' : 'MISSED'}`);
  }
} finally {
  await cleanup();
}
