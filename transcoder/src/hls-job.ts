import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { h264Level, hlsArgs, MASTER_PLAYLIST, rungDir, type HlsJob } from './hls-args.js';
import { masterPlaylist, measureBitrates, parseMediaPlaylist, type MeasuredVariant } from './master-playlist.js';
import type { RunFfmpeg } from './run-ffmpeg.js';
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

/** H.264 High profile (0x64, no constraint flags) at the rung's level; AAC-LC audio. */
const codecsOf = (levelHex: string, hasAudio: boolean) => `avc1.6400${levelHex}${hasAudio ? ',mp4a.40.2' : ''}`;

/**
 * Encodes into tmpDir, writes the master playlist from the measured segments, and renames tmpDir
 * into finalDir when everything succeeded, so a half-written rendition is never served.
 * Progress is 0..1 from ffmpeg's `-progress` out_time.
 */
export async function runHls(
  req: HlsRunRequest,
  deps: { runFfmpeg: RunFfmpeg; signal?: AbortSignal; onProgress?: (fraction: number) => void; check?: ProbeMedia },
): Promise<void> {
  const frameRate = req.frameRate ?? 0;
  await rm(req.tmpDir, { recursive: true, force: true });
  try {
    for (let i = 0; i < req.rungs.length; i++) await mkdir(join(req.tmpDir, rungDir(i)), { recursive: true });
    if (req.inputs.length === 0) throw new Error('runHls needs an input');
    let input = req.inputs[0]!;
    if (req.inputs.length > 1) {
      input = join(req.tmpDir, 'parts.txt');
      await writeFile(input, concatList(req.inputs));
    }
    await deps.runFfmpeg(hlsArgs({ ...req, input, concat: req.inputs.length > 1, outDir: req.tmpDir }, frameRate), {
      signal: deps.signal,
      onStdoutLine: (line) => {
        const match = /^out_time_us=(\d+)/.exec(line);
        if (match && req.durationMs > 0 && deps.onProgress) deps.onProgress(Math.min(1, Number(match[1]) / 1000 / req.durationMs));
      },
    });
    if (deps.check) {
      await checkRendition(req.tmpDir, { rungs: req.rungs.length, sourceMs: req.durationMs, segmentSeconds: req.segmentSeconds, audio: req.audio !== null, probe: deps.check });
    }
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
    await writeFile(join(req.tmpDir, MASTER_PLAYLIST), masterPlaylist(variants, frameRate));
    await rm(join(req.tmpDir, 'parts.txt'), { force: true });
    await rm(req.finalDir, { recursive: true, force: true });
    await rename(req.tmpDir, req.finalDir);
  } finally {
    await rm(req.tmpDir, { recursive: true, force: true });
  }
}

/** An ffmpeg concat-demuxer list; single quotes in paths are closed, escaped and reopened. */
export function concatList(paths: readonly string[]): string {
  return paths.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n') + '\n';
}
