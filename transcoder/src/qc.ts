import { join } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { rungDir } from './hls-args.js';
import { parseMediaPlaylist } from './master-playlist.js';
import type { ProbeMedia } from './probe.js';
import { probeSegmentStarts } from './qc-keyframes.js';
import { measureSsim, measureSsimAll, pickSamples, ssimThreshold, type SsimJob } from './qc-ssim.js';
import { TranscodeFailed, type RunFfmpeg } from './run-ffmpeg.js';

export class QcFailed extends Error {
  override name = 'QcFailed';
}

export interface RungPlaylist {
  rung: string;
  segments: readonly { seconds: number; uri: string }[];
}

/**
 * Pure checks of a finished ladder's playlists: every rung lasts as long as the source (within 1 %,
 * at least 0.1 s), and no segment is longer than the target by more than half a second (a longer
 * one means a keyframe was missing where a cut was due). Returns the problems, empty when fine.
 */
export function checkPlaylists(rungs: readonly RungPlaylist[], sourceMs: number, segmentSeconds: number): string[] {
  const problems: string[] = [];
  const tolerance = Math.max(sourceMs * 0.01, 100);
  for (const r of rungs) {
    if (r.segments.length === 0) {
      problems.push(`rung ${r.rung} has no segments`);
      continue;
    }
    const totalMs = r.segments.reduce((sum, s) => sum + s.seconds * 1000, 0);
    if (sourceMs > 0 && Math.abs(totalMs - sourceMs) > tolerance) {
      problems.push(`rung ${r.rung} lasts ${(totalMs / 1000).toFixed(2)} s, the source ${(sourceMs / 1000).toFixed(2)} s`);
    }
    const long = r.segments.findIndex((s) => s.seconds > segmentSeconds + 0.5);
    if (long >= 0) problems.push(`rung ${r.rung} segment ${long} lasts ${r.segments[long]!.seconds.toFixed(2)} s (target ${segmentSeconds} s)`);
  }
  return problems;
}

export interface QcOptions {
  /** the rungs as encoded, lowest first (folders 0, 1, …) */
  rungs: readonly { width: number; height: number }[];
  sourceMs: number;
  segmentSeconds: number;
  audio: boolean;
  probe: ProbeMedia;
  /** ffprobe for the keyframe check (it reads packet flags, which ProbeMedia does not); absent: skipped */
  ffprobePath?: string;
  /**
   * Compare sampled frames with the encode's own input by SSIM (see qc-ssim.ts); absent: skipped.
   * A multi-part title is sampled through the same concat list, which ffmpeg seeks across parts.
   */
  ssim?: { runFfmpeg: RunFfmpeg; source: SsimJob['source']; frameRate: number };
  signal?: AbortSignal;
}

// rungs checked at once: each check is one ffprobe or one (multi-threaded) ffmpeg, and two keep
// two cores busy while one of them waits on the disk
const QC_CONCURRENCY = 2;

/**
 * Quality control before a rendition is published: the playlists (checkPlaylists); each rung's
 * first segment probed for the expected streams (H.264 video; AAC audio when asked); every segment
 * starting on a keyframe; sampled frames as the source's by SSIM, above the rung's threshold.
 * Throws QcFailed naming every problem.
 */
export async function checkRendition(dir: string, opts: QcOptions): Promise<void> {
  const playlists: RungPlaylist[] = [];
  for (let i = 0; i < opts.rungs.length; i++) {
    const text = await readFile(join(dir, rungDir(i), 'index.m3u8'), 'utf8').catch(() => '');
    playlists.push({ rung: rungDir(i), segments: parseMediaPlaylist(text) });
  }
  const perRung: string[][] = playlists.map(() => []);
  // the rungs' scores from one run (each source instant decoded once); null: measured rung by rung
  const ladderScores = opts.ssim ? await ssimOfLadder(dir, playlists, opts.rungs, opts.ssim, opts.signal) : null;
  await eachLimited(playlists, QC_CONCURRENCY, async (p, i) => {
    if (p.segments.length === 0) return;
    perRung[i]!.push(...(await streamProblems(dir, p, opts.audio, opts.probe)));
    if (opts.ffprobePath) perRung[i]!.push(...(await keyframeProblems(dir, p, opts.ffprobePath, opts.signal)));
    if (opts.ssim) perRung[i]!.push(...(await ssimProblems(dir, p, opts.rungs[i]!, opts.ssim, opts.signal, ladderScores?.[i] ?? undefined)));
  });
  const problems = [...checkPlaylists(playlists, opts.sourceMs, opts.segmentSeconds), ...perRung.flat()];
  if (problems.length > 0) throw new QcFailed(`quality check failed: ${problems.join('; ')}`);
}

async function streamProblems(dir: string, p: RungPlaylist, audio: boolean, probe: ProbeMedia): Promise<string[]> {
  const media = await probe(join(dir, p.rung, p.segments[0]!.uri)).catch(() => null);
  if (!media) return [`rung ${p.rung}: its first segment cannot be read`];
  return [
    ...(media.video?.codec !== 'h264' ? [`rung ${p.rung}: no H.264 video in its segments`] : []),
    ...(audio && !media.audio.some((a) => a.codec === 'aac') ? [`rung ${p.rung}: no AAC audio in its segments`] : []),
  ];
}

/** "segment 3", "segments 1, 2, 3, 4, 5 and 7 more" */
const segmentsNamed = (indices: readonly number[]) =>
  `segment${indices.length > 1 ? 's' : ''} ${indices.length > 5 ? `${indices.slice(0, 5).join(', ')} and ${indices.length - 5} more` : indices.join(', ')}`;

/** A tool that failed on our own output is a finding; an abort is not. Paths are named from the rendition's folder. */
function unreadable(err: unknown, signal: AbortSignal | undefined, what: string, dir: string): string {
  if (signal?.aborted || !(err instanceof TranscodeFailed)) throw err;
  return `${what} (${err.message.replaceAll(join(dir, '/'), '')})`;
}

async function keyframeProblems(dir: string, p: RungPlaylist, ffprobePath: string, signal?: AbortSignal): Promise<string[]> {
  const paths = p.segments.map((s) => join(dir, p.rung, s.uri));
  const sizes = await Promise.all(paths.map((path) => stat(path).then((s) => s.size, () => -1)));
  const missing = sizes.flatMap((size, i) => (size < 0 ? [i] : []));
  if (missing.length > 0) return [`rung ${p.rung} ${segmentsNamed(missing)} ${missing.length > 1 ? 'are' : 'is'} missing`];
  try {
    const starts = await probeSegmentStarts(ffprobePath, paths.map((path, i) => ({ path, sizeBytes: sizes[i]! })), signal);
    const notKey = starts.flatMap((s, i) => (s === 'not-keyframe' ? [i] : []));
    const noVideo = starts.flatMap((s, i) => (s === 'no-video' ? [i] : []));
    return [
      ...(notKey.length > 0 ? [`rung ${p.rung} ${segmentsNamed(notKey)} ${notKey.length > 1 ? 'do' : 'does'} not start on a keyframe`] : []),
      ...(noVideo.length > 0 ? [`rung ${p.rung} ${segmentsNamed(noVideo)} ${noVideo.length > 1 ? 'have' : 'has'} no video`] : []),
    ];
  } catch (err) {
    return [unreadable(err, signal, `rung ${p.rung}: its segments cannot be read`, dir)];
  }
}

const samplesOf = (dir: string, p: RungPlaylist) => pickSamples(p.segments).map((s) => ({ ...s, segmentPath: join(dir, p.rung, p.segments[s.segment]!.uri) }));

/**
 * Every rung's SSIM scores from one ffmpeg run, when the rungs sample the same instants (they cut
 * together); null when they do not, or the run fails: then each rung is measured on its own, which
 * names the rung at fault.
 */
async function ssimOfLadder(dir: string, playlists: readonly RungPlaylist[], sizes: QcOptions['rungs'], ssim: NonNullable<QcOptions['ssim']>, signal?: AbortSignal): Promise<(number[] | null)[] | null> {
  const rungs = playlists.map((p, i) => ({ ...sizes[i]!, samples: samplesOf(dir, p) }));
  const instants = (r: (typeof rungs)[number]) => r.samples.map((s) => s.sourceSeconds.toFixed(3)).join(' ');
  if (rungs.length < 2 || rungs[0]!.samples.length === 0 || rungs.some((r) => instants(r) !== instants(rungs[0]!))) return null;
  try {
    return await measureSsimAll(ssim.runFfmpeg, { source: ssim.source, frameRate: ssim.frameRate, rungs }, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}

async function ssimProblems(dir: string, p: RungPlaylist, size: { width: number; height: number }, ssim: NonNullable<QcOptions['ssim']>, signal?: AbortSignal, measured?: number[]): Promise<string[]> {
  const samples = samplesOf(dir, p);
  if (samples.length === 0) return []; // only segments too short to sample (a title under half a second)
  try {
    const scores = measured ?? (await measureSsim(ssim.runFfmpeg, { source: ssim.source, frameRate: ssim.frameRate, ...size, samples }, signal));
    if (!scores) return [`rung ${p.rung}: its sampled frames could not all be compared with the source`];
    const worst = scores.indexOf(Math.min(...scores));
    const threshold = ssimThreshold(size);
    if (scores[worst]! >= threshold) return [];
    const at = samples[worst]!;
    return [`rung ${p.rung} (${size.width}x${size.height}) does not look like the source: SSIM ${scores[worst]!.toFixed(3)} in segment ${at.segment} (${at.sourceSeconds.toFixed(2)} s), below ${threshold}`];
  } catch (err) {
    return [unreadable(err, signal, `rung ${p.rung}: its frames cannot be compared with the source`, dir)];
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
