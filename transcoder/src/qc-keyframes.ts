import { runTool } from './run-ffmpeg.js';

/**
 * ffprobe argv listing the byte position and flags of every video packet of a rung's segments
 * read as one stream (the `concat:` protocol). It only demuxes, never decodes: ~0.1 s for a 2 s
 * ladder rung, where one ffprobe per segment costs ~0.1 s each (process start-up dominates).
 */
export function keyframeProbeArgs(segmentPaths: readonly string[]): string[] {
  return ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pos,flags', '-of', 'compact=p=0', `concat:${segmentPaths.join('|')}`];
}

export type SegmentStart = 'keyframe' | 'not-keyframe' | 'no-video';

/**
 * Pure: how each segment starts, from keyframeProbeArgs' output (`pos=564|flags=K_` lines) and
 * the segments' sizes in bytes: the first video packet at or after a segment's first byte
 * belongs to it, and starts it on a keyframe when its flags hold a K.
 */
export function segmentStarts(probeText: string, sizesBytes: readonly number[]): SegmentStart[] {
  const starts: SegmentStart[] = sizesBytes.map(() => 'no-video');
  const ends: number[] = [];
  let total = 0;
  for (const size of sizesBytes) ends.push((total += size));
  let segment = 0;
  let seen = false;
  for (const line of probeText.split('\n')) {
    const match = /pos=(\d+)\|flags=([^|\s]*)/.exec(line);
    if (!match) continue; // blank separators, or a packet without a position
    const pos = Number(match[1]);
    while (segment < ends.length && pos >= ends[segment]!) {
      segment++;
      seen = false;
    }
    if (segment >= ends.length) break;
    if (!seen) starts[segment] = match[2]!.includes('K') ? 'keyframe' : 'not-keyframe';
    seen = true;
  }
  return starts;
}

// Windows allows 32 767 characters on a command line and Linux 128 KiB in one argument; a
// two-hour title in 2 s segments has 3 600 of them, so a long rung is probed in batches
const MAX_CONCAT_CHARS = 8_000;

/** Splits paths into runs whose joined length stays under MAX_CONCAT_CHARS (at least one each). */
export function concatBatches(paths: readonly string[], maxChars = MAX_CONCAT_CHARS): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const path of paths) {
    if (current.length > 0 && chars + path.length + 1 > maxChars) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(path);
    chars += path.length + 1;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** How each of a rung's segments starts (see segmentStarts), probed in batches with ffprobe. */
export async function probeSegmentStarts(
  ffprobePath: string,
  segments: readonly { path: string; sizeBytes: number }[],
  signal?: AbortSignal,
): Promise<SegmentStart[]> {
  const out: SegmentStart[] = [];
  let from = 0;
  for (const batch of concatBatches(segments.map((s) => s.path))) {
    const sizes = segments.slice(from, from + batch.length).map((s) => s.sizeBytes);
    const { stdout } = await runTool(ffprobePath, keyframeProbeArgs(batch), { signal, captureStdout: true });
    out.push(...segmentStarts(stdout, sizes));
    from += batch.length;
  }
  return out;
}
