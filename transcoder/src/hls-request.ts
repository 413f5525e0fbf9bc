import { MAX_FRAME_RATE } from './hls-args.js';
import { runHls, type HlsRunRequest } from './hls-job.js';
import type { HardwareEncoder } from './hw-encoders.js';
import type { PlannedRung } from './ladder.js';
import { isHdr, type MediaInfo } from './media-info.js';
import { QcFailed } from './qc.js';
import { TranscodeFailed } from './run-ffmpeg.js';

/** The AAC bit rate (stereo) of every rung's audio: one number, so the server and `seed transcode` encode alike. */
export const AUDIO_KBPS = 128;

export interface HlsRequestOptions {
  /** one file, or the parts of a multi-part title in order */
  inputs: readonly string[];
  finalDir: string;
  tmpDir: string;
  segmentSeconds: number;
  /** from planLadder(media), possibly a subset of it */
  rungs: readonly PlannedRung[];
  /** all parts together; defaults to the probed duration of the (first) file */
  durationMs?: number;
}

export type EncodeSettings = Pick<HlsRunRequest, 'audio' | 'frameRate' | 'toneMap' | 'maxFrameRate'>;

/**
 * How a probed source is encoded, whatever the rungs: AAC audio when it has any, its frame rate
 * kept but capped at MAX_FRAME_RATE, HDR tone-mapped to SDR.
 */
export function encodeSettings(media: MediaInfo): EncodeSettings {
  const frameRate = media.video?.frameRate ?? 0;
  return {
    audio: media.audio.length > 0 ? { kbps: AUDIO_KBPS } : null,
    frameRate: Math.min(frameRate, MAX_FRAME_RATE),
    toneMap: media.video ? isHdr(media.video) : false,
    maxFrameRate: frameRate > MAX_FRAME_RATE ? MAX_FRAME_RATE : undefined,
  };
}

/** The ladder request the server and `seed transcode` both make for a probed source. */
export function hlsRequest(media: MediaInfo, opts: HlsRequestOptions): HlsRunRequest {
  return {
    inputs: opts.inputs,
    finalDir: opts.finalDir,
    tmpDir: opts.tmpDir,
    segmentSeconds: opts.segmentSeconds,
    rungs: opts.rungs,
    durationMs: opts.durationMs ?? media.durationMs,
    ...encodeSettings(media),
  };
}

export type RunHlsDeps = Parameters<typeof runHls>[1];

type SafeRetryDeps = RunHlsDeps & { onSafeRetry?: (err: QcFailed) => void };

/**
 * runHls, and after a failed quality check one more try with safer settings (regenerated
 * timestamps, constant frame rate); a second failure, or any other error, is thrown.
 * `onSafeRetry` hears about the first failure before the second try starts.
 * With a hardware encoder, an ffmpeg failure (a driver, a busy or missing device, a size it cannot
 * encode) is not retried on it: the ladder is made once more with libx264, and `onFallback` hears why first.
 */
export async function runHlsWithSafeRetry(
  req: HlsRunRequest,
  deps: SafeRetryDeps & { onFallback?: (reason: string) => void },
): Promise<{ safe: boolean; result: Awaited<ReturnType<typeof runHls>>; videoEncoder: HardwareEncoder | null }> {
  const { onFallback, ...run } = deps;
  const encoder = req.videoEncoder ?? null;
  try {
    return { ...(await withSafeRetry(req, run)), videoEncoder: encoder };
  } catch (err) {
    // a failed quality check (QcFailed) or a stop is no reason to change encoders
    if (encoder === null || !(err instanceof TranscodeFailed) || run.signal?.aborted) throw err;
    onFallback?.(`${encoder} failed: ${err.message}`);
    return { ...(await withSafeRetry({ ...req, videoEncoder: null }, run)), videoEncoder: null };
  }
}

async function withSafeRetry(req: HlsRunRequest, deps: SafeRetryDeps): Promise<{ safe: boolean; result: Awaited<ReturnType<typeof runHls>> }> {
  const { onSafeRetry, ...run } = deps;
  try {
    return { safe: false, result: await runHls(req, run) };
  } catch (err) {
    if (!(err instanceof QcFailed) || run.signal?.aborted) throw err;
    onSafeRetry?.(err);
    return { safe: true, result: await runHls({ ...req, safe: true }, run) };
  }
}
