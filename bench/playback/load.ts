// bench/playback/load: Seed serving a finished HLS ladder to many players at once, against Debian's
// nginx serving the same files from the same folder (sendfile, keep-alive: the floor a CDN edge sets).
//   1. real time: --clients simulated players on loopback, each for --seconds from its own start (the
//      starts spread over --stagger-seconds). A player asks for the master playlist, picks a rung,
//      asks for that rung's playlist, buffers --prefetch segments as fast as it can and starts
//      playing; from then on it asks for the next segment whenever its buffer falls below
//      --buffer-segments segment durations. A segment is late when its last byte arrives after the
//      playhead needed it (the prefetched ones: after --startup-seconds from the session's start);
//      a late segment stalls the player for as long as it was late, and later deadlines move with
//      it. Per segment: latency (request → last byte) and lateness.
//   2. throughput: the same players asking for segments back to back, as fast as they come, for
//      --burst-seconds; bytes of segments per second, Seed / nginx (target ≥ 0.8). --rounds rounds,
//      Seed and nginx alternating (and which goes first alternating too).
// Each player has one keep-alive connection (an http.Agent with maxSockets 1). Players are spread
// over the rungs (--rungs): `mixed` (default) puts every other player on the top rung and the rest
// round robin over the lower rungs (a household: TVs at the top, phones and tablets below); `top`
// and `spread` (round robin over all) are there too. A player at the end of the playlist loops to
// its start.
// The players run in a child process of their own (the load generator; its CPU time is reported),
// Seed runs as `seed serve` in another and nginx in its own: on 2 cores nothing measures from
// inside a process that also serves. The serving processes' CPU time per phase is read from /proc.
// A short burst against each (--warmup-seconds) comes first and is not counted. Only 127.0.0.1 is
// used; every phase ends by time.
//   npx tsx bench/playback/load.ts [--clients 50] [--seconds 60] [--burst-seconds 15] [--rounds 3]
//     [--source-seconds 120] [--source-height 1080] [--rungs mixed|top|spread]
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rm } from 'node:fs/promises';
import { Agent, get as httpGet } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from '../stats.js';
import { ladderDir, ladderReady, repoRoot, scannedItems, sourceClip, startSeedProcess, startStaticServer, tempDir, until, type SeedProcess, type StaticServer } from './fixture.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'burst-seconds': { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    'realtime-rounds': { type: 'string', default: '1' },
    'source-seconds': { type: 'string', default: '120' },
    'source-height': { type: 'string', default: '1080' },
    'stagger-seconds': { type: 'string', default: '5' },
    'startup-seconds': { type: 'string', default: '2' },
    prefetch: { type: 'string', default: '2' },
    'buffer-segments': { type: 'string', default: '3' },
    'warmup-seconds': { type: 'string', default: '3' },
    rungs: { type: 'string', default: 'mixed' },
    /** internal: this process is the load generator (forked by the benchmark) */
    generator: { type: 'boolean', default: false },
  },
});

// ---------------------------------------------------------------------------------------------
// The load generator: runs one phase per message from the parent and answers with what it saw.

type RungMix = 'mixed' | 'top' | 'spread';

interface PhaseJob {
  mode: 'realtime' | 'burst';
  /** absolute URL of the master playlist (Seed's carries ?token=) */
  master: string;
  clients: number;
  seconds: number;
  staggerSeconds: number;
  startupSeconds: number;
  prefetch: number;
  bufferSegments: number;
  rungs: RungMix;
}

interface PhaseResult {
  /** per segment: request → last byte, ms */
  latencies: number[];
  /** per segment: ms its last byte came after its deadline (realtime only; 0 when on time) */
  lateness: number[];
  /** per player: master request → playback start, ms (realtime only) */
  startups: number[];
  /** per player: total stall, ms (realtime only) */
  stalls: number[];
  /** the rung (index in the master, lowest bandwidth first) each player took */
  rungOfClient: number[];
  segmentBytes: number;
  /** first request → last byte of the phase, ms */
  wallMs: number;
  errors: string[];
  /** the generator's own CPU time during the phase */
  cpuUserMs: number;
  cpuSystemMs: number;
}

interface Fetched {
  status: number;
  bytes: number;
  /** request → last byte, ms */
  ms: number;
  /** performance.now() at the last byte */
  endAt: number;
  text?: string;
}

function fetchOnce(agent: Agent, url: URL, wantText: boolean): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = httpGet(url, { agent }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (wantText) chunks.push(chunk);
      });
      res.once('error', reject);
      res.once('end', () => {
        const endAt = performance.now();
        const length = res.headers['content-length'];
        if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} for ${url.pathname}`));
        if (length !== undefined && Number(length) !== bytes) return reject(new Error(`${bytes} of ${length} bytes for ${url.pathname}`));
        resolve({ status: res.statusCode, bytes, ms: endAt - start, endAt, text: wantText ? Buffer.concat(chunks).toString('utf8') : undefined });
      });
    });
    req.once('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer in 30 s for ${url.pathname}`)));
  });
}

interface Variant {
  bandwidth: number;
  url: URL;
}

/** The variants of a master playlist, lowest bandwidth first. */
function parseMaster(text: string, base: URL): Variant[] {
  const lines = text.split('\n').map((l) => l.trim());
  const out: Variant[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^#EXT-X-STREAM-INF:.*?\bBANDWIDTH=(\d+)/.exec(lines[i]!);
    if (!m) continue;
    const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#'));
    if (uri) out.push({ bandwidth: Number(m[1]), url: new URL(uri, base) });
  }
  return out.sort((a, b) => a.bandwidth - b.bandwidth);
}

function parseMedia(text: string, base: URL): { seconds: number; url: URL }[] {
  const out: { seconds: number; url: URL }[] = [];
  let pending: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) pending = Number(extinf[1]);
    else if (line && !line.startsWith('#') && pending !== null) {
      out.push({ seconds: pending, url: new URL(line, base) });
      pending = null;
    }
  }
  return out;
}

function rungFor(client: number, count: number, mix: RungMix): number {
  const top = count - 1;
  if (mix === 'top' || count === 1) return top;
  if (mix === 'spread') return top - (client % count);
  return client % 2 === 0 ? top : top - 1 - (Math.floor(client / 2) % (count - 1));
}

async function runPhase(job: PhaseJob): Promise<PhaseResult> {
  const cpuStart = process.cpuUsage();
  const result: PhaseResult = { latencies: [], lateness: [], startups: [], stalls: [], rungOfClient: [], segmentBytes: 0, wallMs: 0, errors: [], cpuUserMs: 0, cpuSystemMs: 0 };
  const phaseStart = performance.now();
  let lastByte = phaseStart;
  const error = (client: number, err: unknown) => {
    if (result.errors.length < 20) result.errors.push(`player ${client}: ${(err as Error).message}`);
  };

  const player = async (client: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const startAt = phaseStart + (job.mode === 'realtime' && job.clients > 1 ? (client * job.staggerSeconds * 1000) / job.clients : 0);
      await sleep(Math.max(0, startAt - performance.now()));
      const t0 = performance.now();
      const end = t0 + job.seconds * 1000;
      const masterUrl = new URL(job.master);
      const master = await fetchOnce(agent, masterUrl, true);
      const variants = parseMaster(master.text!, masterUrl);
      if (variants.length === 0) throw new Error('no variants in the master playlist');
      const rung = rungFor(client, variants.length, job.rungs);
      result.rungOfClient[client] = rung;
      const media = await fetchOnce(agent, variants[rung]!.url, true);
      const segments = parseMedia(media.text!, variants[rung]!.url);
      if (segments.length === 0) throw new Error('no segments in the media playlist');
      const segment = async (k: number): Promise<Fetched> => {
        const got = await fetchOnce(agent, segments[k % segments.length]!.url, false);
        result.latencies.push(got.ms);
        result.segmentBytes += got.bytes;
        if (got.endAt > lastByte) lastByte = got.endAt;
        return got;
      };
      const seconds = (k: number) => segments[k % segments.length]!.seconds * 1000;

      if (job.mode === 'burst') {
        // back to back from a different place in the title for each player, until the time is up
        for (let k = (client * 7) % segments.length; performance.now() < end; k++) {
          try {
            await segment(k);
          } catch (err) {
            error(client, err);
            await sleep(50);
          }
        }
        return;
      }

      // real time: prefetch, play, keep the buffer topped up
      let k = 0;
      let content = 0; // ms of media asked for before segment k
      const startupDeadline = t0 + job.startupSeconds * 1000;
      for (; k < Math.min(job.prefetch, segments.length); k++) {
        const got = await segment(k);
        result.lateness.push(Math.max(0, got.endAt - startupDeadline));
        content += seconds(k);
      }
      const playStart = performance.now();
      result.startups.push(playStart - t0);
      const meanSegmentMs = (segments.reduce((s, x) => s + x.seconds, 0) * 1000) / segments.length;
      const targetMs = job.bufferSegments * meanSegmentMs;
      let stall = 0;
      for (;;) {
        // the buffer (content − played) falls below the target at this moment
        const requestAt = playStart + stall + content - targetMs;
        if (requestAt >= end) break;
        if (requestAt > performance.now()) await sleep(requestAt - performance.now());
        const deadline = playStart + stall + content;
        let got: Fetched;
        try {
          got = await segment(k);
        } catch (err) {
          // a player retries a failed segment; its deadline stays where it was
          error(client, err);
          await sleep(100);
          continue;
        }
        const late = got.endAt - deadline;
        result.lateness.push(Math.max(0, late));
        if (late > 0) stall += late;
        content += seconds(k);
        k++;
      }
      result.stalls.push(stall);
    } catch (err) {
      error(client, err);
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: job.clients }, (_, i) => player(i)));
  const cpu = process.cpuUsage(cpuStart);
  result.wallMs = lastByte - phaseStart;
  result.cpuUserMs = cpu.user / 1000;
  result.cpuSystemMs = cpu.system / 1000;
  return result;
}

// ---------------------------------------------------------------------------------------------
// The benchmark: the source, Seed, nginx, the phases, the figures.

/** The processes listening on `port` (Seed's node; nginx's master and workers), from `ss`. */
function listenerPids(port: number): number[] {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return [...new Set([...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))];
}
/** CPU seconds (user + system, all threads) these processes used so far, from /proc. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      // gone
    }
  }
  return ticks / 100; // USER_HZ
}

const pct = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const mbps = (bytes: number, wallMs: number) => bytes / 1e6 / (wallMs / 1000);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

interface Target {
  name: 'Seed' | 'nginx';
  master: string;
  pids: number[];
}

interface Measured extends PhaseResult {
  target: Target['name'];
  /** CPU seconds of the serving processes during the phase */
  serverCpuSeconds: number;
}

async function main(): Promise<void> {
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const burstSeconds = Number(values['burst-seconds']);
  const rounds = Number(values.rounds);
  const realtimeRounds = Number(values['realtime-rounds']);
  const sourceSeconds = Number(values['source-seconds']);
  const sourceHeight = Number(values['source-height']);
  const rungs = values.rungs as RungMix;
  if (!['mixed', 'top', 'spread'].includes(rungs)) throw new Error(`--rungs is mixed, top or spread, not ${rungs}`);
  const base = {
    clients,
    staggerSeconds: Number(values['stagger-seconds']),
    startupSeconds: Number(values['startup-seconds']),
    prefetch: Number(values.prefetch),
    bufferSegments: Number(values['buffer-segments']),
    rungs,
  };

  let seed: SeedProcess | null = null;
  let nginx: StaticServer | null = null;
  let generator: ChildProcess | null = null;
  let library: string | null = null;
  const cleanup = async () => {
    generator?.kill();
    generator = null;
    await nginx?.stop().catch(() => undefined);
    nginx = null;
    await seed?.stop().catch(() => undefined);
    seed = null;
    if (library) await rm(library, { recursive: true, force: true });
    library = null;
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    const clip = await sourceClip(sourceSeconds, sourceHeight);
    library = await tempDir('seed-bench-load-lib-');
    const file = join(library, 'Load Test (2024)', 'Load Test (2024).mp4');
    await mkdir(join(library, 'Load Test (2024)'), { recursive: true });
    await link(clip, file).catch(() => copyFile(clip, file));

    const started = performance.now();
    seed = await startSeedProcess({ libraries: [library] });
    const [item] = await scannedItems(seed, 1);
    await ladderReady(seed, item!.id);
    const ladderSeconds = (performance.now() - started) / 1000;
    // the work that follows a ladder (artwork, metadata, measuring) done before anything is timed
    const s = seed;
    await until(async () => {
      const { counts } = await s.api<{ counts: Record<string, number> }>('/api/jobs');
      return (counts.queued ?? 0) + (counts.running ?? 0) === 0;
    }, 'an idle job queue', 120_000).catch(() => console.warn('(the job queue was still busy after 120 s; measuring anyway)'));
    await sleep(2000);

    const dir = ladderDir(seed.dataDir, item!.id);
    nginx = await startStaticServer(dir);
    if (nginx.kind !== 'nginx') console.warn('(nginx is not installed: the floor is python3 -m http.server, not comparable)');
    const playback = await seed.api<{ method: string; url: string | null }>(`/api/items/${item!.id}/playback?prefer=hls`);
    if (playback.method !== 'hls' || !playback.url) throw new Error(`playback answered ${JSON.stringify(playback)}`);
    const targets: Target[] = [
      { name: 'Seed', master: `${seed.url}${playback.url}`, pids: listenerPids(Number(new URL(seed.url).port)) },
      { name: 'nginx', master: `${nginx.url}/master.m3u8`, pids: listenerPids(Number(new URL(nginx.url).port)) },
    ];

    // what is served: the rungs, their segments and bit rates (from the files)
    const variants = parseMaster(await readFile(join(dir, 'master.m3u8'), 'utf8'), new URL('file:///x/'));
    const ladder: string[] = [];
    for (const v of variants) {
      const rungDir = join(dir, v.url.pathname.split('/').at(-2)!);
      const segs = parseMedia(await readFile(join(rungDir, 'index.m3u8'), 'utf8'), new URL('file:///x/'));
      const sizes = segs.map((sg) => readFileSync(join(rungDir, sg.url.pathname.split('/').at(-1)!)).length);
      const total = sizes.reduce((a, b) => a + b, 0);
      const secs = segs.reduce((a, b) => a + b.seconds, 0);
      ladder.push(`${v.url.pathname.split('/').at(-2)}: ${segs.length} segments of ~${(secs / segs.length).toFixed(1)} s, mean ${(total / segs.length / 1e6).toFixed(2)} MB, ${((total * 8) / secs / 1e6).toFixed(2)} Mb/s`);
    }
    const mixNote = rungs === 'mixed' ? 'every other player on the top rung, the rest round robin below' : rungs === 'top' ? 'all on the top rung' : 'round robin over all rungs';

    console.log(`bench/playback/load: ${clients} players on loopback, Seed (seed serve, own process) against ${nginx.kind} (same ladder folder)`);
    console.log(`source: ${sourceSeconds} s ${sourceHeight}p; ladder made and published in ${ladderSeconds.toFixed(1)} s:`);
    for (const line of ladder) console.log(`  rung ${line}`);
    console.log(`players: ${mixNote}; one keep-alive connection each; load generator in its own process`);
    console.log(`Seed pids ${targets[0]!.pids.join(',')}; ${nginx.kind} pids ${targets[1]!.pids.join(',')}`);
    console.log();

    generator = fork(fileURLToPath(import.meta.url), ['--generator'], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const gen = generator;
    const run = async (target: Target, job: Omit<PhaseJob, 'master'>): Promise<Measured> => {
      const cpuBefore = cpuSeconds(target.pids);
      const answer = await new Promise<PhaseResult | { fatal: string }>((resolve, reject) => {
        gen.once('message', (m) => resolve(m as PhaseResult | { fatal: string }));
        gen.once('exit', (code) => reject(new Error(`the load generator exited with ${code}`)));
        gen.send({ ...job, master: target.master } satisfies PhaseJob);
      });
      gen.removeAllListeners('exit');
      if ('fatal' in answer) throw new Error(`load generator: ${answer.fatal}`);
      return { ...answer, target: target.name, serverCpuSeconds: cpuSeconds(target.pids) - cpuBefore };
    };
    const order = (round: number) => (round % 2 === 0 ? targets : [...targets].reverse());

    // warm-up (JIT, connections, page cache): not counted
    if (Number(values['warmup-seconds']) > 0) for (const t of targets) await run(t, { ...base, mode: 'burst', seconds: Number(values['warmup-seconds']) });

    // 1. real time
    const realtime: Measured[] = [];
    for (let round = 0; round < realtimeRounds; round++) {
      for (const t of order(round)) {
        process.stderr.write(`real time, round ${round + 1}: ${t.name} (${seconds} s + ${base.staggerSeconds} s of staggered starts)…\n`);
        realtime.push(await run(t, { ...base, mode: 'realtime', seconds }));
      }
    }
    // 2. throughput
    const burst: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const t of order(round)) {
        process.stderr.write(`throughput, round ${round + 1}: ${t.name} (${burstSeconds} s)…\n`);
        burst.push(await run(t, { ...base, mode: 'burst', seconds: burstSeconds }));
      }
    }

    const genCpu = (m: Measured) => `${(((m.cpuUserMs + m.cpuSystemMs) / m.wallMs) * 100).toFixed(0)} %`;
    const srvCpu = (m: Measured) => `${((m.serverCpuSeconds * 1000) / m.wallMs * 100).toFixed(0)} %`;
    const rungCounts = (m: Measured) => {
      const counts = new Map<number, number>();
      for (const r of m.rungOfClient) if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
      return [...counts].sort((a, b) => b[0] - a[0]).map(([r, n]) => `${n}×rung ${r}`).join(' ');
    };

    console.log(`1. real time: each player ${seconds} s from its start (starts over ${base.staggerSeconds} s), prefetch ${base.prefetch} segments (deadline ${base.startupSeconds} s), then a request whenever the buffer < ${base.bufferSegments} segments`);
    if (realtime[0]) console.log(`   players per rung: ${rungCounts(realtime[0])}`);
    console.log(`   (MB/s here is what the players asked for; server CPU: the serving processes' CPU time / wall time, 100 % = one core; generator CPU likewise)`);
    console.log(`   ${pad('target', 6)} ${lpad('segments', 8)} ${lpad('late', 5)} ${lpad('stall s', 7)} ${lpad('p50 ms', 7)} ${lpad('p95 ms', 7)} ${lpad('p99 ms', 7)} ${lpad('max ms', 7)} ${lpad('startup p50/p99 ms', 18)} ${lpad('MB/s', 6)} ${lpad('server CPU', 10)} ${lpad('generator CPU', 13)} errors`);
    for (const m of realtime) {
      const late = m.lateness.filter((x) => x > 0).length;
      const stall = m.stalls.reduce((a, b) => a + b, 0) / 1000;
      console.log(
        `   ${pad(m.target, 6)} ${lpad(String(m.latencies.length), 8)} ${lpad(String(late), 5)} ${lpad(stall.toFixed(2), 7)} ${lpad(ms(pct(m.latencies, 50)), 7)} ${lpad(ms(pct(m.latencies, 95)), 7)} ${lpad(ms(pct(m.latencies, 99)), 7)} ${lpad(ms(pct(m.latencies, 100)), 7)} ${lpad(`${ms(pct(m.startups, 50))} / ${ms(pct(m.startups, 99))}`, 18)} ${lpad(mbps(m.segmentBytes, m.wallMs).toFixed(1), 6)} ${lpad(srvCpu(m), 10)} ${lpad(genCpu(m), 13)} ${m.errors.length}`,
      );
    }
    console.log();
    console.log(`2. throughput: ${clients} players asking for segments back to back, ${burstSeconds} s, ${rounds} rounds alternating`);
    console.log(`   ${pad('target', 6)} ${lpad('round', 5)} ${lpad('segments', 8)} ${lpad('MB/s', 7)} ${lpad('req/s', 6)} ${lpad('p50 ms', 7)} ${lpad('p95 ms', 7)} ${lpad('p99 ms', 7)} ${lpad('server CPU', 10)} ${lpad('CPU ms/100MB', 12)} ${lpad('generator CPU', 13)} errors`);
    for (let i = 0; i < burst.length; i++) {
      const m = burst[i]!;
      console.log(
        `   ${pad(m.target, 6)} ${lpad(String(Math.floor(i / 2) + 1), 5)} ${lpad(String(m.latencies.length), 8)} ${lpad(mbps(m.segmentBytes, m.wallMs).toFixed(1), 7)} ${lpad((m.latencies.length / (m.wallMs / 1000)).toFixed(0), 6)} ${lpad(ms(pct(m.latencies, 50)), 7)} ${lpad(ms(pct(m.latencies, 95)), 7)} ${lpad(ms(pct(m.latencies, 99)), 7)} ${lpad(srvCpu(m), 10)} ${lpad(((m.serverCpuSeconds * 1000) / (m.segmentBytes / 1e8)).toFixed(0), 12)} ${lpad(genCpu(m), 13)} ${m.errors.length}`,
      );
    }
    const throughputOf = (name: Target['name']) => burst.filter((m) => m.target === name).map((m) => mbps(m.segmentBytes, m.wallMs));
    const seedRuns = throughputOf('Seed');
    const nginxRuns = throughputOf('nginx');
    const perRound = seedRuns.map((x, i) => (x / nginxRuns[i]!).toFixed(2)).join(' ');
    const ratio = median(seedRuns) / median(nginxRuns);
    console.log();
    console.log(`   median: Seed ${median(seedRuns).toFixed(1)} MB/s, ${nginx.kind} ${median(nginxRuns).toFixed(1)} MB/s`);
    console.log(`   throughput ratio Seed / ${nginx.kind} = ${ratio.toFixed(2)} (per round ${perRound}) — target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}`);
    const lateTotal = realtime.filter((m) => m.target === 'Seed').reduce((n, m) => n + m.lateness.filter((x) => x > 0).length, 0);
    console.log(`   real time: ${lateTotal} Seed segments late — target 0: ${lateTotal === 0 ? 'met' : 'NOT met'}`);
    const errors = [...realtime, ...burst].flatMap((m) => m.errors.map((e) => `${m.target}: ${e}`));
    if (errors.length) console.log(`\nerrors (first ${Math.min(errors.length, 10)}):\n  ${errors.slice(0, 10).join('\n  ')}`);
  } finally {
    await cleanup();
  }
}

if (values.generator) {
  process.on('message', (job: PhaseJob) => {
    runPhase(job).then(
      (result) => process.send!(result),
      (err: unknown) => process.send!({ fatal: String((err as Error).stack ?? err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
