import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TONE_MAP_FILTER } from './hls-args.js';
import type { RunFfmpeg } from './run-ffmpeg.js';

/** One compared instant: a frame inside a segment of the rung, and the same instant of the source. */
export interface SsimSample {
  /** index of the segment in the rung's playlist (the same on every rung: they cut together) */
  segment: number;
  /** from the segment's first frame */
  offsetSeconds: number;
  /** from the start of the title */
  sourceSeconds: number;
}

/** Where in the title frames are compared: early, middle and late, away from the opening and the credits. */
export const SAMPLE_FRACTIONS = [0.2, 0.5, 0.8] as const;

// a shorter segment (the tail of a title) leaves too few frames around its middle to compare
const MIN_SAMPLED_SEGMENT_SECONDS = 0.5;

/**
 * Pure: the segments holding each fraction of the title, sampled in their middle: never on the
 * cut (a keyframe, the best-looking frame of a segment), and counted from the segment's own first
 * frame, because an mpegts segment's timestamps start at an offset (1.4 s) and not at 0.
 * A segment picked twice is sampled once.
 */
export function pickSamples(segments: readonly { seconds: number }[], fractions: readonly number[] = SAMPLE_FRACTIONS): SsimSample[] {
  const starts: number[] = [];
  let total = 0;
  for (const s of segments) {
    starts.push(total);
    total += s.seconds;
  }
  const picked = new Set<number>();
  for (const f of fractions) {
    const at = total * f;
    let i = starts.findLastIndex((start) => start <= at);
    // the tail segment is often short: move to the one before it
    if (i > 0 && segments[i]!.seconds < MIN_SAMPLED_SEGMENT_SECONDS) i--;
    if (i >= 0 && segments[i]!.seconds >= MIN_SAMPLED_SEGMENT_SECONDS) picked.add(i);
  }
  return [...picked]
    .sort((a, b) => a - b)
    .map((i) => ({ segment: i, offsetSeconds: segments[i]!.seconds / 2, sourceSeconds: starts[i]! + segments[i]!.seconds / 2 }));
}

/**
 * Source frames compared with each sampled rung frame, centred on its instant; the best match
 * counts. Source and rung timelines can differ by a frame or two (a source whose audio starts
 * before its video, vsync), and in fast motion a frame's neighbour is another picture.
 */
export const SSIM_CANDIDATES = 5;

export interface SsimJob {
  /** the encode's input: a file, or an ffmpeg concat list of a multi-part title */
  source: { input: string; concat?: boolean; toneMap?: boolean; maxFrameRate?: number };
  /** the rung's frame rate; 0 when unknown */
  frameRate: number;
  width: number;
  height: number;
  samples: readonly (SsimSample & { segmentPath: string })[];
}

/**
 * Both frames are reduced (area average) to this many lines on the short side before they are
 * compared, so every rung is judged at the same coarse size: what is compared is the picture, not
 * its grain. A correct rung of a grainy source loses grain the encoder has no bits for, and at its
 * own size scores like a wrong picture; the coarser the comparison, the more the grain averages
 * out, and a wrong picture stays wrong. Measured (2026-11-26, 720p testsrc2 with temporal noise,
 * ladder rungs by hlsArgs): noise ±40 scored 0.65 (720p) and 0.68 (240p) at 240 lines, under the
 * 0.7 floor, and 0.87 / 0.90 at 120 lines; noise ±60 0.51 at 240 lines, 0.79 / 0.80 at 120; the
 * wrong picture (testsrc in place of testsrc2) 0.40 at 240 lines and 0.22 at 120.
 */
export const SSIM_ANALYSIS_LINES = 120;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Pure: the size frames of a rung are compared at (see SSIM_ANALYSIS_LINES); never larger than the rung. */
export function analysisSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, SSIM_ANALYSIS_LINES / Math.min(width, height));
  return scale === 1 ? { width, height } : { width: even(width * scale), height: even(height * scale) };
}

const seconds = (s: number) => Math.max(0, s).toFixed(3);

/**
 * One ffmpeg run comparing every sample of one rung: for each sample the source is seeked to just
 * before the instant (accurate seek: one GOP is decoded), given the encode's own filters and
 * scaled to the rung's size as the encode did; the rung's frame is picked by time from its
 * segment's first frame and repeated against each candidate. Both sides are concatenated,
 * renumbered so the ssim filter pairs them in order, and reduced to the analysis size; the
 * filter prints one `n:… All:…` line per pair on stdout. One run per rung, because those lines
 * do not say which ssim filter wrote them; the price is one source seek per sample and rung.
 */
export function ssimArgs(job: SsimJob): string[] {
  return ssimArgsAll({ source: job.source, frameRate: job.frameRate, rungs: [job] }, ['-']);
}

/** Many rungs of one title compared at the same instants (the rungs cut together, so they share samples). */
export interface SsimLadderJob {
  source: SsimJob['source'];
  frameRate: number;
  rungs: readonly Pick<SsimJob, 'width' | 'height' | 'samples'>[];
}

const seekOf = (s: SsimSample, frameRate: number) => seconds(s.sourceSeconds - ((SSIM_CANDIDATES - 1) / 2) * (1 / (frameRate > 0 ? frameRate : 30)));

/**
 * ssimArgs for every rung in one run: each sample of the source is seeked and decoded once and
 * split to every rung's size (the costly part: one GOP of the source per sample), each rung's ssim
 * filter writing its lines to its own stats file (`-` for stdout when there is one rung).
 * Needs the rungs' samples at the same source instants.
 */
export function ssimArgsAll(job: SsimLadderJob, statsFiles: readonly string[]): string[] {
  const samples = job.rungs[0]?.samples ?? [];
  if (samples.length === 0) throw new Error('ssimArgs needs at least one sample');
  const n = job.rungs.length;
  const inputs = [
    ...samples.flatMap((s) => [...(job.source.concat ? ['-f', 'concat', '-safe', '0'] : []), '-ss', seekOf(s, job.frameRate), '-i', job.source.input]),
    ...job.rungs.flatMap((r) => r.samples.flatMap((s) => ['-i', s.segmentPath])),
  ];
  // as hlsArgs, but the frames are counted off before the (slow) tone mapping
  const common = [...(job.source.maxFrameRate ? [`fps=${job.source.maxFrameRate}`] : []), `trim=end_frame=${SSIM_CANDIDATES}`, ...(job.source.toneMap ? [TONE_MAP_FILTER] : [])].join(',');
  const suffix = (r: number) => (n === 1 ? '' : `_${r}`);
  const chains = samples.flatMap((_, i) => [
    n === 1 ? `[${i}:v:0]${common},scale=${job.rungs[0]!.width}:${job.rungs[0]!.height},setsar=1,format=yuv420p[r${i}]` : `[${i}:v:0]${common},split=${n}${job.rungs.map((_, r) => `[a${i}_${r}]`).join('')}`,
    ...(n === 1 ? [] : job.rungs.map((rung, r) => `[a${i}_${r}]scale=${rung.width}:${rung.height},setsar=1,format=yuv420p[r${i}_${r}]`)),
  ]);
  const dists = job.rungs.flatMap((rung, r) =>
    rung.samples.map(
      // two trims: the first drops what lies before the instant, the second keeps one frame of the rest
      (s, i) => `[${samples.length + r * samples.length + i}:v:0]setpts=PTS-STARTPTS,trim=start=${seconds(s.offsetSeconds)},trim=end_frame=1,loop=loop=${SSIM_CANDIDATES - 1}:size=1:start=0[d${i}${suffix(r)}]`,
    ),
  );
  const compare = job.rungs.flatMap((rung, r) => {
    const analysis = analysisSize(rung.width, rung.height);
    const reduce = analysis.width === rung.width && analysis.height === rung.height ? '' : `,scale=${analysis.width}:${analysis.height}:flags=area`;
    const joined = (side: 'r' | 'd', out: string) =>
      `${samples.map((_, i) => `[${side}${i}${suffix(r)}]`).join('')}concat=n=${samples.length}:v=1:a=0,settb=1,setpts=N${reduce}[${out}${suffix(r)}]`;
    return [joined('d', 'dist'), joined('r', 'ref'), `[dist${suffix(r)}][ref${suffix(r)}]ssim=stats_file=${filterPath(statsFiles[r]!)}:shortest=1[out${suffix(r)}]`];
  });
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    ...inputs,
    '-filter_complex', [...chains, ...dists, ...compare].join(';'),
    ...job.rungs.flatMap((_, r) => ['-map', `[out${suffix(r)}]`, '-f', 'null', '-']),
  ];
}

/**
 * A path as a filter option's value: forward slashes (Windows takes them), and the characters the
 * option and graph parsers read (`:` of a drive letter, `,;[]'\`) escaped once for each parser.
 */
export function filterPath(path: string): string {
  return path === '-' ? path : path.replaceAll('\\', '/').replace(/[:,;[\]']/g, (c) => `\\\\\\${c}`);
}

/**
 * Every rung's best scores per sample from one run (ssimArgsAll), or null for the rungs whose
 * pairs were not all compared. Throws when the run fails: the caller then measures rung by rung,
 * to name the rung at fault.
 */
export async function measureSsimAll(runFfmpeg: RunFfmpeg, job: SsimLadderJob, signal?: AbortSignal, scratchDir = tmpdir()): Promise<(number[] | null)[]> {
  const dir = await mkdtemp(join(scratchDir, 'seed-ssim-'));
  try {
    const files = job.rungs.map((_, r) => join(dir, `rung-${r}.log`));
    await runFfmpeg(ssimArgsAll(job, files), { signal });
    return await Promise.all(files.map(async (f, r) => parseSsimStats((await readFile(f, 'utf8').catch(() => '')).split('\n'), job.rungs[r]!.samples.length)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Pure: the best SSIM ("All", luma and chroma weighted) among each sample's candidates, from the
 * ssim filter's stats lines; null when not every pair was compared (a segment without a frame
 * at the sampled instant, or a source that ends early).
 */
export function parseSsimStats(lines: readonly string[], samples: number, candidates = SSIM_CANDIDATES): number[] | null {
  const values = lines.flatMap((line) => {
    const match = /\bAll:([\d.]+)/.exec(line);
    return match ? [Number(match[1])] : [];
  });
  if (samples === 0 || values.length !== samples * candidates) return null;
  return Array.from({ length: samples }, (_, i) => Math.max(...values.slice(i * candidates, (i + 1) * candidates)));
}

/** Runs ssimArgs and returns the best score of each sample, or null (see parseSsimStats). */
export async function measureSsim(runFfmpeg: RunFfmpeg, job: SsimJob, signal?: AbortSignal): Promise<number[] | null> {
  const lines: string[] = [];
  await runFfmpeg(ssimArgs(job), { signal, onStdoutLine: (line) => lines.push(line) });
  return parseSsimStats(lines, job.samples.length);
}

/**
 * The least SSIM the worst sample of a rung may score, by the rung's short side (pure table).
 * First measured at 240 lines on 2–4 s ladders made by hlsArgs (240p / 360p / 480p / 720p):
 * - correct: testsrc2 0.997–0.9997; cellular-automaton detail 0.959–0.992; testsrc2 with temporal
 *   noise of ±8 / ±15 / ±25 ≥ 0.96 / ≥ 0.88 / ≥ 0.76;
 * - broken: testsrc in place of testsrc2 0.39–0.40; the picture upside down 0.36 (360p).
 * Compared at 120 lines since (SSIM_ANALYSIS_LINES), correct rungs score higher (grain ±60: ≥ 0.79)
 * and the broken ones of the tests still fail (under 0.6). Softness is not breakage: a gaussian
 * blur of σ 6 passes everywhere. A rung with noise laid over a clean picture is no longer told from
 * a grainy source's rung (±60 over it: 0.18–0.52 at 240 lines); an encoder does not add noise.
 */
export const SSIM_THRESHOLDS = [
  { maxLines: 240, minSsim: 0.6 },
  { maxLines: 360, minSsim: 0.65 },
  { maxLines: Number.POSITIVE_INFINITY, minSsim: 0.7 },
] as const;

/** Pure: the threshold of a rung of this size (its short side picks the row; portrait rungs too). */
export function ssimThreshold(rung: { width: number; height: number }): number {
  const lines = Math.min(rung.width, rung.height);
  return SSIM_THRESHOLDS.find((t) => lines <= t.maxLines)!.minSsim;
}
