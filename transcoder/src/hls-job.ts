import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { audioDir, h264Level, hlsArgs, MASTER_PLAYLIST, rungDir, SUBTITLE_FILE, webvttSubtitles, type HlsJob, type WebvttSubtitle } from './hls-args.js';
import { masterPlaylist, measureBitrates, parseMediaPlaylist, type AudioRendition, type MeasuredVariant, type SubtitleRendition } from './master-playlist.js';
import { progressLines, TranscodeFailed, type RunFfmpeg } from './run-ffmpeg.js';
import { codecsOf } from './live-plan.js';
import { subtitleCharset, subtitlePlaylist, webvttArgs, webvttOutput, withTimestampMap } from './webvtt.js';
import type { ProbeMedia } from './probe.js';
import { checkRendition } from './qc.js';

export interface HlsRunRequest extends Omit<HlsJob, 'outDir' | 'input' | 'concat'> {
  /** one file, or the parts of a multi-part title in order */
  inputs: readonly string[];
  /** the finished rendition's folder; it appears only when complete */
  finalDir: string;
  /** scratch folder for this job, removed afterwards whatever happens */
  tmpDir: string;
  durationMs: number;
  /** the source's frame rate, kept on every rung; 0 when unknown */
  frameRate?: number;
}

/** What a finished ladder left out: the expected outcomes, not failures. */
export interface HlsResult {
  /** sidecar subtitles ffmpeg could not read (missing, not a subtitle file), with its reason */
  subtitlesLeftOut: { name: string; reason: string }[];
}

/**
 * Encodes into tmpDir, writes the master playlist from the measured segments, and renames tmpDir
 * into finalDir when everything succeeded, so a half-written rendition is never served.
 * Alternative audio tracks and embedded text subtitles come out of the same ffmpeg run; sidecar
 * subtitles are converted afterwards, one quick run each. Progress is 0..1 from ffmpeg's `-progress` out_time.
 */
export async function runHls(
  req: HlsRunRequest,
  deps: {
    runFfmpeg: RunFfmpeg;
    signal?: AbortSignal;
    onProgress?: (fraction: number) => void;
    /** quality control before publishing (see checkRendition); absent: none */
    check?: ProbeMedia;
    /** with check: ffprobe for the every-segment-on-a-keyframe check; absent: that check is skipped */
    ffprobePath?: string;
  },
): Promise<HlsResult> {
  const frameRate = req.frameRate ?? 0;
  const alternatives = req.audio ? (req.audioTracks?.alternatives ?? []) : [];
  const subtitles = webvttSubtitles(req.subtitles);
  await rm(req.tmpDir, { recursive: true, force: true });
  try {
    const dirs = [...req.rungs.map((_, i) => rungDir(i)), ...alternatives.map((_, i) => audioDir(i + 1)), ...subtitles.map((s) => s.dir)];
    for (const dir of dirs) await mkdir(join(req.tmpDir, dir), { recursive: true });
    if (req.inputs.length === 0) throw new Error('runHls needs an input');
    let input = req.inputs[0]!;
    if (req.inputs.length > 1) {
      input = join(req.tmpDir, 'parts.txt');
      await writeFile(input, concatList(req.inputs));
    }
    await deps.runFfmpeg(hlsArgs({ ...req, input, concat: req.inputs.length > 1, outDir: req.tmpDir }, frameRate), {
      signal: deps.signal,
      onStdoutLine: progressLines(req.durationMs, deps.onProgress),
    });
    if (deps.check) {
      await checkRendition(req.tmpDir, {
        rungs: req.rungs, sourceMs: req.durationMs, segmentSeconds: req.segmentSeconds, audio: req.audio !== null, probe: deps.check,
        ffprobePath: deps.ffprobePath, signal: deps.signal,
        ssim: { runFfmpeg: deps.runFfmpeg, source: { input, concat: req.inputs.length > 1, toneMap: req.toneMap, maxFrameRate: req.maxFrameRate }, frameRate },
      });
    }
    const subtitlesLeftOut: HlsResult['subtitlesLeftOut'] = [];
    const subtitleRenditions: SubtitleRendition[] = [];
    for (const { dir, subtitle } of subtitles) {
      const reason = await finishSubtitle(join(req.tmpDir, dir), subtitle, req.durationMs, deps);
      if (reason === null) subtitleRenditions.push({ name: subtitle.name, language: subtitle.language, uri: `${dir}/index.m3u8`, isForced: subtitle.isForced });
      else {
        subtitlesLeftOut.push({ name: subtitle.name, reason });
        await rm(join(req.tmpDir, dir), { recursive: true, force: true });
      }
    }
    const main = req.audioTracks?.main;
    const audioRenditions: AudioRendition[] =
      req.audio && main
        ? [{ name: main.name, language: main.language, uri: null }, ...alternatives.map((t, i) => ({ name: t.name, language: t.language, uri: `${audioDir(i + 1)}/index.m3u8` }))]
        : [];
    const variants: MeasuredVariant[] = [];
    for (const [i, rung] of req.rungs.entries()) {
      const dir = join(req.tmpDir, rungDir(i));
      const segments = parseMediaPlaylist(await readFile(join(dir, 'index.m3u8'), 'utf8'));
      const sized = await Promise.all(segments.map(async (s) => ({ seconds: s.seconds, bytes: (await stat(join(dir, s.uri))).size })));
      variants.push({
        rung,
        uri: `${rungDir(i)}/index.m3u8`,
        ...measureBitrates(sized),
        codecs: codecsOf(h264Level(rung, frameRate).hex, req.audio !== null),
      });
    }
    await writeFile(join(req.tmpDir, MASTER_PLAYLIST), masterPlaylist(variants, frameRate, { audio: audioRenditions, subtitles: subtitleRenditions }));
    await rm(join(req.tmpDir, 'parts.txt'), { force: true });
    await rm(req.finalDir, { recursive: true, force: true });
    await rename(req.tmpDir, req.finalDir);
    return { subtitlesLeftOut };
  } finally {
    await rm(req.tmpDir, { recursive: true, force: true });
  }
}

/**
 * Subtitle renditions made on their own, each in its dir (a title played before its ladder is made):
 * the embedded tracks read out of the source together, in one pass over the file (one by one when
 * that pass fails, so one bad track does not take the others with it); sidecars converted; then each
 * as in the ladder. Answers, in the same order, why each could not be made, or null.
 */
export async function makeSubtitleRenditions(
  items: readonly { dir: string; subtitle: WebvttSubtitle }[],
  source: { input: string; concat: boolean; durationMs: number },
  deps: { runFfmpeg: RunFfmpeg; signal?: AbortSignal },
): Promise<(string | null)[]> {
  for (const { dir } of items) await mkdir(dir, { recursive: true });
  const embedded = items.flatMap(({ dir, subtitle }) => (subtitle.source.kind === 'embedded' ? [{ dir, sourceIndex: subtitle.source.sourceIndex }] : []));
  const extract = async (which: typeof embedded): Promise<string | null> => {
    const outputs = which.flatMap(({ dir, sourceIndex }) => webvttOutput(sourceIndex, join(dir, SUBTITLE_FILE), true));
    try {
      await deps.runFfmpeg(['-nostdin', '-hide_banner', '-loglevel', 'error', ...(source.concat ? ['-f', 'concat', '-safe', '0'] : []), '-i', source.input, ...outputs], { signal: deps.signal });
      return null;
    } catch (err) {
      if (deps.signal?.aborted || !(err instanceof TranscodeFailed)) throw err;
      return err.message;
    }
  };
  const failed = new Map<string, string>();
  const together = embedded.length > 0 ? await extract(embedded) : null;
  if (together !== null && embedded.length === 1) failed.set(embedded[0]!.dir, together);
  else if (together !== null) {
    for (const item of embedded) {
      const reason = await extract([item]);
      if (reason !== null) failed.set(item.dir, reason);
    }
  }
  const reasons: (string | null)[] = [];
  for (const { dir, subtitle } of items) reasons.push(failed.get(dir) ?? (await finishSubtitle(dir, subtitle, source.durationMs, deps)));
  return reasons;
}

/**
 * Makes dir a subtitle rendition: converts a sidecar (the main run already wrote an embedded one), puts
 * the timestamp map into the WebVTT file and writes its playlist. Answers why a sidecar was left out, or null.
 */
async function finishSubtitle(
  dir: string,
  subtitle: WebvttSubtitle,
  durationMs: number,
  deps: { runFfmpeg: RunFfmpeg; signal?: AbortSignal },
): Promise<string | null> {
  const vtt = join(dir, SUBTITLE_FILE);
  if (subtitle.source.kind === 'sidecar') {
    const { path } = subtitle.source;
    try {
      const charset = subtitleCharset(await readFile(path), subtitle.language);
      await deps.runFfmpeg(webvttArgs(path, vtt, charset), { signal: deps.signal });
    } catch (err) {
      if (deps.signal?.aborted || !(err instanceof TranscodeFailed || isFileError(err))) throw err;
      return err.message;
    }
  }
  // a track without a single cue gives no file at all
  const text = await readFile(vtt, 'utf8').catch((err: unknown) => (isFileError(err) ? '' : Promise.reject(err)));
  await writeFile(vtt, withTimestampMap(text));
  await writeFile(join(dir, 'index.m3u8'), subtitlePlaylist(durationMs, SUBTITLE_FILE));
  return null;
}

const isFileError = (err: unknown): err is NodeJS.ErrnoException => err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';

/** An ffmpeg concat-demuxer list; single quotes in paths are closed, escaped and reopened. */
export function concatList(paths: readonly string[]): string {
  return paths.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n') + '\n';
}
