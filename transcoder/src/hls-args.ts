import { join } from 'node:path';
import type { AudioPlan } from './audio-plan.js';
import { hwInitArgs, hwUploadFilter, videoEncoderArgs, type HardwareEncoder } from './hw-encoders.js';
import type { PlannedRung } from './ladder.js';
import type { PlannedSubtitle } from './subtitle-plan.js';
import { webvttOutput } from './webvtt.js';

export interface HlsJob {
  input: string;
  /** the input is an ffmpeg concat list: a multi-part title (cd1, cd2…) played as one */
  concat?: boolean;
  outDir: string;
  segmentSeconds: number;
  /** already clamped to the source by planLadder() */
  rungs: readonly PlannedRung[];
  /** null: the source has no audio stream */
  audio: { kbps: number } | null;
  /** HDR (PQ or HLG) source: tone-map to SDR BT.709 before scaling, so 8-bit H.264 does not look washed out */
  toneMap?: boolean;
  /** cap the frame rate (a 120 fps phone clip plays at 60); 0 or absent keeps the source's */
  maxFrameRate?: number;
  /** the second try after a failed quality check: regenerate timestamps, constant frame rate */
  safe?: boolean;
  /** which source tracks play (planAudio); absent: the first, muxed, no alternatives. Unused when audio is null */
  audioTracks?: AudioPlan;
  /** planSubtitles(); the embedded WebVTT ones are converted in the same run, sidecars by runHls afterwards */
  subtitles?: readonly PlannedSubtitle[];
  /** x264's speed against size; DEFAULT_PRESET when absent */
  preset?: X264Preset;
  /** the title's length: an alternative audio track is padded with silence to it (absent: as long as it is) */
  durationMs?: number;
  /** a hardware H.264 encoder instead of libx264 (chooseEncoder()); null or absent: libx264 */
  videoEncoder?: HardwareEncoder | null;
}

/** x264's presets, fastest first: a slower one gives a smaller file at the same quality. */
export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;
export type X264Preset = (typeof X264_PRESETS)[number];
export const DEFAULT_PRESET: X264Preset = 'veryfast';

/** The most frames per second a rung keeps (DESIGN: frame rate kept, capped at 60). */
export const MAX_FRAME_RATE = 60;

// PQ/HLG → linear light → BT.709 primaries → Hable tone curve → BT.709 limited-range 8-bit
// (the zscale + tonemap chain from ffmpeg's filter documentation; needs ffmpeg built with libzimg)
export const TONE_MAP_FILTER = 'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p';

/** Master playlist written next to one folder per rung, named 0, 1, … from the lowest. */
export const MASTER_PLAYLIST = 'master.m3u8';

/** The folder of rung i of a rendition. */
export const rungDir = (index: number): string => String(index);

/** The folder of the n-th alternative audio rendition, from 1 (the main track is muxed into the rungs). */
export const audioDir = (n: number): string => `a${n}`;

/** The folder of the i-th WebVTT subtitle rendition, from 0; it holds SUBTITLE_FILE and index.m3u8. */
export const subtitleDir = (index: number): string => `s${index}`;
export const SUBTITLE_FILE = 'sub.vtt';

export type WebvttSubtitle = Extract<PlannedSubtitle, { kind: 'webvtt' }>;

/** The subtitles a ladder carries, each with its folder: the plan's WebVTT ones in order, in s0, s1, … */
export function webvttSubtitles(plan: readonly PlannedSubtitle[] = []): { dir: string; subtitle: WebvttSubtitle }[] {
  return plan.filter((s): s is WebvttSubtitle => s.kind === 'webvtt').map((subtitle, i) => ({ dir: subtitleDir(i), subtitle }));
}

/**
 * H.264 level for a rung, written into the stream and into CODECS, so a TV can tell before
 * downloading whether it can decode it (levels: ITU-T H.264 Table A-1, by frame size and rate).
 */
export function h264Level(rung: Pick<PlannedRung, 'width' | 'height'>, frameRate: number): { level: string; hex: string } {
  const frameMacroblocks = Math.ceil(rung.width / 16) * Math.ceil(rung.height / 16);
  const macroblocksPerSecond = frameMacroblocks * Math.max(frameRate, 24);
  // [MaxFS, MaxMBPS, level, level_idc in hex]
  const table = [
    [1_620, 40_500, '3.0', '1e'],
    [3_600, 108_000, '3.1', '1f'],
    [5_120, 216_000, '3.2', '20'],
    [8_192, 245_760, '4.0', '28'],
    [8_704, 522_240, '4.2', '2a'],
    [36_864, 983_040, '5.1', '33'],
  ] as const;
  const row = table.find(([maxFs, maxMbps]) => frameMacroblocks <= maxFs && macroblocksPerSecond <= maxMbps) ?? ([0, 0, '5.2', '34'] as const);
  return { level: row[2], hex: row[3] };
}

/**
 * The longest GOP, in frames, of an encode whose keyframes are forced at segment boundaries: over two
 * segments, so the encoder puts no keyframes of its own in between (600 while the frame rate is unknown).
 */
export function gopFrames(frameRate: number, segmentSeconds: number): number {
  return frameRate > 0 ? Math.ceil(frameRate * segmentSeconds * 2) : 600;
}

/**
 * An alternative audio track's timeline made the title's: it starts at 0 (a track that starts late
 * is led in with silence) and, given the title's length, runs to its end (padded). An audio-only
 * HLS output cuts every segment length from its first packet, so a just-in-time run started at
 * segment k (liveAudioArgs) cuts where the ladder does only when both start from the title's 0.
 */
export function alternativeAudioFilter(durationMs?: number, fromSeconds = 0): string[] {
  const pad = durationMs !== undefined && durationMs > 0;
  return ['-af', `aresample=async=1:first_pts=0${pad ? ',apad' : ''}`, ...(pad ? ['-t', Math.max(0, durationMs / 1000 - fromSeconds).toFixed(3)] : [])];
}

/** One HLS output of mpegts segments into dir. */
function hlsOutput(dir: string, segmentSeconds: number): string[] {
  return [
    // keep ffmpeg's timeline (source 0 → PTS 1.4 s) in every output: by default both the hls muxer and the
    // mpegts one inside it shift an output until its first DTS is 0, which moves a video rung by its B-frame
    // delay and an audio-only rendition by nothing, so alternative audio and subtitles would be out of sync
    '-avoid_negative_ts', 'disabled',
    '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled',
    '-hls_time', String(segmentSeconds), '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', join(dir, 'seg-%05d.ts'),
    join(dir, 'index.m3u8'),
  ];
}

/**
 * The ladder's filter graph, one output [vN] per rung: the source (after `before`) scaled to the top
 * rung, and each lower rung scaled from the one above it — a cascade, 9 % faster than scaling every
 * rung from a 1080p source on 2 cores (bench/transcode), at no visible cost in a downscale. Rungs
 * not in ascending order (never from planLadder) are each scaled from the source.
 */
export function ladderFilter(rungs: readonly PlannedRung[], before: readonly string[], upload: string | null): string {
  const head = `[0:v:0]${before.map((f) => `${f},`).join('')}`;
  const scale = (r: PlannedRung) => `scale=${r.width}:${r.height},setsar=1`;
  const leaf = (i: number) => (upload ? `,${upload}[v${i}]` : `[v${i}]`);
  const ascending = rungs.every((r, i) => i === 0 || (r.width >= rungs[i - 1]!.width && r.height >= rungs[i - 1]!.height));
  if (!ascending || rungs.length === 1) {
    const n = rungs.length;
    return [`${head}split=${n}${rungs.map((_, i) => `[s${i}]`).join('')}`, ...rungs.map((r, i) => `[s${i}]${scale(r)}${leaf(i)}`)].join(';');
  }
  const chains: string[] = [];
  let from = head;
  for (let i = rungs.length - 1; i > 0; i--) {
    // one copy to this rung's encoder (uploaded first, for a hardware one), one down to the next rung
    chains.push(upload ? `${from}${scale(rungs[i]!)},split=2[u${i}][c${i}]` : `${from}${scale(rungs[i]!)},split=2[v${i}][c${i}]`);
    if (upload) chains.push(`[u${i}]${upload}[v${i}]`);
    from = `[c${i}]`;
  }
  chains.push(`${from}${scale(rungs[0]!)}${leaf(0)}`);
  return chains.join(';');
}

/**
 * One ffmpeg process decodes once and feeds every rung (ladderFilter), one HLS output per rung.
 * Keyframes are forced at every segment boundary so all rungs cut at the same instants and
 * players can switch there. The main audio track is muxed into every rung; each alternative track
 * is one more audio-only HLS output (aN), and each embedded text subtitle one more WebVTT output (sN).
 * With a hardware encoder, its device is opened before the input and each rung's scaled frames are
 * uploaded to it. The master playlist is written afterwards from the measured segments.
 */
export function hlsArgs(job: HlsJob, frameRate = 0): string[] {
  const n = job.rungs.length;
  if (n === 0) throw new Error('hlsArgs needs at least one rung');
  const audio = job.audio ? { kbps: job.audio.kbps, main: job.audioTracks?.main.sourceIndex ?? 0, alternatives: job.audioTracks?.alternatives ?? [] } : null;
  // stereo AAC-LC, which every HLS player decodes
  const aac = audio ? ['-c:a', 'aac', '-b:a', `${audio.kbps}k`, '-ac', '2'] : [];
  const before = [...(job.toneMap ? [TONE_MAP_FILTER] : []), ...(job.maxFrameRate ? [`fps=${job.maxFrameRate}`] : [])];
  const encoder = job.videoEncoder ?? null;
  // segments can only start on a keyframe, so force one at every boundary, the same on every rung
  const keyframes = `expr:gte(t,n_forced*${job.segmentSeconds})`;
  const outputs = job.rungs.flatMap((r, i) => [
    '-map', `[v${i}]`,
    ...(audio ? ['-map', `0:a:${audio.main}`] : []),
    ...(encoder
      ? videoEncoderArgs(encoder, r, { level: h264Level(r, frameRate).level, forceKeyFrames: keyframes, gop: gopFrames(frameRate, job.segmentSeconds) })
      : [
          '-c:v', 'libx264', '-preset', job.preset ?? DEFAULT_PRESET, '-profile:v', 'high', '-level:v', h264Level(r, frameRate).level, '-pix_fmt', 'yuv420p',
          '-b:v', `${r.videoKbps}k`,
          // a capped VBV keeps each rung's peak near its nominal rate, which BANDWIDTH promises
          '-maxrate:v', `${Math.round(r.videoKbps * 1.07)}k`, '-bufsize:v', `${r.videoKbps * 2}k`,
          '-force_key_frames', keyframes, '-sc_threshold', '0',
        ]),
    ...aac,
    ...hlsOutput(join(job.outDir, rungDir(i)), job.segmentSeconds),
  ]);
  const alternatives = (audio?.alternatives ?? []).flatMap((track, i) => [
    '-map', `0:a:${track.sourceIndex}`, ...alternativeAudioFilter(job.durationMs), ...aac,
    ...hlsOutput(join(job.outDir, audioDir(i + 1)), job.segmentSeconds),
  ]);
  const subtitles = webvttSubtitles(job.subtitles).flatMap(({ dir, subtitle }) =>
    subtitle.source.kind === 'embedded'
      ? webvttOutput(subtitle.source.sourceIndex, join(job.outDir, dir, SUBTITLE_FILE))
      : [],
  );
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    '-progress', 'pipe:1',
    ...(encoder ? hwInitArgs(encoder) : []),
    // broken or missing timestamps are the usual reason a ladder comes out short or uneven
    ...(job.safe ? ['-fflags', '+genpts'] : []),
    ...(job.concat ? ['-f', 'concat', '-safe', '0'] : []),
    '-i', job.input,
    // a hardware encoder gets the frames after the software scale, in its format, uploaded when it must be
    '-filter_complex', ladderFilter(job.rungs, before, encoder ? hwUploadFilter(encoder) : null),
    ...(job.safe ? ['-vsync', 'cfr'] : []),
    ...outputs,
    ...alternatives,
    ...subtitles,
  ];
}

/** One JPEG frame grab for the poster: seek before the input (fast), scale to a card's width. */
export function posterArgs(input: string, output: string, atSeconds: number, width = 480): string[] {
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-ss', atSeconds.toFixed(3), '-i', input,
    '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '4',
    '-y', output,
  ];
}

/** Where in a title to grab the poster frame: 10 % in, but never past the first minutes. */
export function posterTimeSeconds(durationMs: number): number {
  return Math.min(durationMs * 0.1, 300_000) / 1000;
}
