import { join } from 'node:path';
import { alternativeAudioFilter, gopFrames, h264Level, TONE_MAP_FILTER } from './hls-args.js';
import { hwInitArgs, hwUploadFilter, videoEncoderArgs, type HardwareEncoder } from './hw-encoders.js';
import type { PlannedRung } from './ladder.js';

export interface LiveJob {
  input: string;
  concat?: boolean;
  /** the first segment made, and when it starts (segmentStarts()[startIndex]) */
  startIndex: number;
  startSeconds: number;
  /** stop before the segment starting here (segmentStarts()[k]); absent: to the end */
  endSeconds?: number;
  segmentSeconds: number;
  /** the output frame rate (after the cap); 0 when unknown */
  frameRate: number;
  /** each rung with the folder its segments go to */
  rungs: readonly { rung: PlannedRung; dir: string }[];
  audio: { kbps: number } | null;
  /** N of `0:a:N`: the track muxed into the rungs (default 0) */
  audioStream?: number;
  toneMap?: boolean;
  maxFrameRate?: number;
  /** x264 preset; just in time favours speed */
  preset?: string;
  /** a hardware H.264 encoder instead of libx264 (chooseEncoder()); null or absent: libx264 */
  videoEncoder?: HardwareEncoder | null;
  /** report progress as key=value lines on stdout (`-progress pipe:1`) */
  progress?: boolean;
  /**
   * A player waits: no B-frames, so a segment closes a few frames sooner and encodes faster (a
   * seek into a 1080p title: 1.35–1.42 s against 1.64–1.86 s here), at some cost in size.
   */
  lowLatency?: boolean;
}

const SEEK_SLACK_SECONDS = 0.0006;

/** ffmpeg's own playlist of a just-in-time run: written next to the segments, never served. */
export const LIVE_SCRATCH_PLAYLIST = 'ffmpeg.m3u8';

/**
 * A just-in-time encode from segment k: seek to its boundary, force keyframes at the same instants
 * as a whole-title encode (the first frame at or after every multiple of the segment length, on the
 * source's timeline), and put the output on the whole-title encode's timeline, so its segments are
 * interchangeable with those of any other run. Segments are written as `.tmp` and
 * renamed when complete, so a half-written one is never served.
 */
export function liveArgs(job: LiveJob): string[] {
  const n = job.rungs.length;
  if (n === 0) throw new Error('liveArgs needs at least one rung');
  const s = job.segmentSeconds;
  const start = job.startSeconds.toFixed(6);
  // Seek a little before the boundary: containers that keep milliseconds (Matroska) store the
  // boundary frame of a 30000/1001 fps title at 4.004 s, not 4.004004 s, and a seek to the exact
  // time would drop it. 0.6 ms is more than that rounding and far less than a frame.
  const seek = Math.max(0, job.startSeconds - SEEK_SLACK_SECONDS);
  // Stop half a frame before the next run's first frame, which must not become a one-frame segment
  // written over the one already on disk.
  const halfFrame = 0.5 / (job.frameRate > 0 ? job.frameRate : 30);
  const before = [...(job.toneMap ? [TONE_MAP_FILTER] : []), ...(job.maxFrameRate ? [`fps=${job.maxFrameRate}`] : [])];
  const split = `[0:v:0]${before.map((f) => `${f},`).join('')}split=${n}${job.rungs.map((_, i) => `[s${i}]`).join('')}`;
  const encoder = job.videoEncoder ?? null;
  // a hardware encoder gets the frames after the software scale, in its format, uploaded when it must be
  const upload = encoder ? `,${hwUploadFilter(encoder)}` : '';
  const scales = job.rungs.map(({ rung }, i) => `[s${i}]scale=${rung.width}:${rung.height},setsar=1${upload}[v${i}]`);
  // no keyframes but the forced ones: a GOP longer than two segments, scene cuts off
  const gop = gopFrames(job.frameRate, s);
  // t counts from this run's start; adding the start puts the test on the source's timeline
  const keyframes = `expr:gte(t+${start}+0.000001,(n_forced+${job.startIndex})*${s})`;
  const outputs = job.rungs.flatMap(({ rung, dir }, i) => [
    '-map', `[v${i}]`,
    ...(job.audio ? ['-map', `0:a:${job.audioStream ?? 0}`] : []),
    ...(encoder
      ? videoEncoderArgs(encoder, rung, { level: h264Level(rung, job.frameRate).level, forceKeyFrames: keyframes, gop })
      : [
          '-c:v', 'libx264', '-preset', job.preset ?? 'veryfast', '-profile:v', 'high', '-level:v', h264Level(rung, job.frameRate).level, '-pix_fmt', 'yuv420p',
          '-b:v', `${rung.videoKbps}k`, '-maxrate:v', `${Math.round(rung.videoKbps * 1.07)}k`, '-bufsize:v', `${rung.videoKbps * 2}k`,
          '-g', String(gop), '-sc_threshold', '0',
          ...(job.lowLatency ? ['-bf', '0'] : []),
          '-force_key_frames', keyframes,
        ]),
    ...(job.audio ? ['-c:a', 'aac', '-b:a', `${job.audio.kbps}k`, '-ac', '2'] : []),
    // on the whole-title encode's timeline (source 0 → PTS 1.4 s, hlsArgs): the first frame, the
    // boundary's, at the boundary's time (not the seek's), never moved by the B-frame delay, so
    // segments of any two runs line up frame for frame
    '-output_ts_offset', start,
    '-avoid_negative_ts', 'disabled',
    // cut at every forced keyframe: boundaries are at least a segment minus one frame apart
    '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled', '-hls_time', String(Math.max(0.2, s - 0.25)), '-hls_playlist_type', 'vod', '-hls_flags', 'temp_file+independent_segments',
    '-start_number', String(job.startIndex),
    '-hls_segment_filename', join(dir, 'seg-%05d.ts'),
    join(dir, LIVE_SCRATCH_PLAYLIST),
  ]);
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    ...(job.progress ? ['-progress', 'pipe:1'] : []),
    ...(encoder ? hwInitArgs(encoder) : []),
    ...(job.concat ? ['-f', 'concat', '-safe', '0'] : []),
    ...(seek > 0 ? ['-ss', seek.toFixed(6)] : []),
    ...(job.endSeconds !== undefined ? ['-t', (job.endSeconds - seek - halfFrame).toFixed(6)] : []),
    '-i', job.input,
    '-filter_complex', [split, ...scales].join(';'),
    ...outputs,
  ];
}

export interface LiveAudioJob {
  input: string;
  concat?: boolean;
  /** the first segment made, and when it starts (audioSegmentStarts()[startIndex]) */
  startIndex: number;
  startSeconds: number;
  segmentSeconds: number;
  /** N of `0:a:N`: the source's track */
  audioStream: number;
  kbps: number;
  /** the title's length: the track is padded with silence to it, as in the ladder */
  durationMs: number;
  /** the folder its segments go to */
  dir: string;
}

/**
 * A just-in-time run of an alternative audio track from segment k to the title's end (audio is cheap:
 * a run is not cut short where another run's segments begin). Seeks to k times the segment length and
 * puts the output on the whole ladder's timeline, so it cuts where the ladder's audio-only rendition
 * does, every segment length from there (alternativeAudioFilter): segments of any two runs cover the
 * same time, within an AAC frame.
 */
export function liveAudioArgs(job: LiveAudioJob): string[] {
  const start = job.startSeconds.toFixed(6);
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
    ...(job.concat ? ['-f', 'concat', '-safe', '0'] : []),
    ...(job.startSeconds > 0 ? ['-ss', start] : []),
    '-i', job.input,
    '-map', `0:a:${job.audioStream}`, '-vn', '-sn', '-dn',
    ...alternativeAudioFilter(job.durationMs, job.startSeconds),
    '-c:a', 'aac', '-b:a', `${job.kbps}k`, '-ac', '2',
    '-output_ts_offset', start,
    '-avoid_negative_ts', 'disabled',
    '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled', '-hls_time', String(job.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_flags', 'temp_file+independent_segments',
    '-start_number', String(job.startIndex),
    '-hls_segment_filename', join(job.dir, 'seg-%05d.ts'),
    join(job.dir, LIVE_SCRATCH_PLAYLIST),
  ];
}
