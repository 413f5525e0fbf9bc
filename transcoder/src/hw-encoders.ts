// The H.264 hardware encoders Seed can use instead of libx264, and what each needs on ffmpeg's command
// line. Scaling stays in software (each rung's scale filter) and the frames are handed to the encoder
// after it, so the ladder, its split and the quality checks stay one path for every encoder.
// Option names and values: `ffmpeg -h encoder=<name>` of ffmpeg 5.1 and https://ffmpeg.org/ffmpeg-codecs.html
// (VAAPI encoders, QSV encoders); whether a forced keyframe becomes an IDR frame: the encoders' sources
// (libavcodec/vaapi_encode.c, qsvenc.c, nvenc.c, videotoolboxenc.c in ffmpeg 5.1).
import type { PlannedRung } from './ladder.js';

/** In the order 'auto' tries them: NVIDIA, Intel Quick Sync, VAAPI (Intel, AMD on Linux), Apple. */
export const HARDWARE_ENCODERS = ['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox'] as const;
export type HardwareEncoder = (typeof HARDWARE_ENCODERS)[number];

/** The admin's choice: none, the first that works here, or one by name (used only while it works). */
export const HARDWARE_ENCODER_SETTINGS = ['off', 'auto', ...HARDWARE_ENCODERS] as const;
export type HardwareEncoderSetting = (typeof HARDWARE_ENCODER_SETTINGS)[number];

/** The DRM render node of the first GPU, which VAAPI opens (and QSV through it, on Linux). */
export const RENDER_NODE = '/dev/dri/renderD128';

interface EncoderSpec {
  /** global options before the input: the device the frames are uploaded to */
  init: readonly string[];
  /** appended after each rung's software scale */
  upload: string;
  /** a device file it needs on Linux: its absence is a clearer reason than ffmpeg's */
  device: string | null;
}

export const HARDWARE_ENCODER_SPECS: Readonly<Record<HardwareEncoder, EncoderSpec>> = {
  // NVENC takes system-memory frames and uploads them itself
  h264_nvenc: { init: [], upload: 'format=yuv420p', device: null },
  // the encoder takes only QSV surfaces: hwupload to the device named by -filter_hw_device; the extra
  // frames are the encoder's lookahead and reference pool, without which it can run out of surfaces
  h264_qsv: { init: ['-init_hw_device', 'qsv=hw', '-filter_hw_device', 'hw'], upload: 'format=nv12,hwupload=extra_hw_frames=64', device: RENDER_NODE },
  // the encoder takes only VAAPI surfaces, uploaded as NV12 (the layout the hardware encodes)
  h264_vaapi: { init: ['-init_hw_device', `vaapi=va:${RENDER_NODE}`, '-filter_hw_device', 'va'], upload: 'format=nv12,hwupload', device: RENDER_NODE },
  h264_videotoolbox: { init: [], upload: 'format=yuv420p', device: null },
};

/** The global options a hardware encoder needs before `-i`: the device its frames are uploaded to. */
export function hwInitArgs(encoder: HardwareEncoder): string[] {
  return [...HARDWARE_ENCODER_SPECS[encoder].init];
}

/** The filters appended after a rung's scale: the pixel format the encoder takes, uploaded when it must be. */
export function hwUploadFilter(encoder: HardwareEncoder): string {
  return HARDWARE_ENCODER_SPECS[encoder].upload;
}

export interface VideoEncoderOptions {
  /** the rung's H.264 level from h264Level(): "3.1" */
  level: string;
  /** the `-force_key_frames` expression that puts a keyframe on every segment boundary */
  forceKeyFrames: string;
  /** the longest GOP in frames (gopFrames()): past two segments, so only the forced keyframes fall on boundaries */
  gop: number;
}

/**
 * One rung's video encoder options with a hardware encoder, in place of libx264's: High profile at the
 * rung's level (CODECS says so), the same bit rate, peak and VBV buffer as libx264, and every forced
 * keyframe an IDR frame, as a segment boundary must be.
 */
export function videoEncoderArgs(encoder: HardwareEncoder, rung: Pick<PlannedRung, 'videoKbps'>, opts: VideoEncoderOptions): string[] {
  const kbps = rung.videoKbps;
  // the same VBV as libx264 in hlsArgs: a capped peak keeps each rung near its nominal rate, which BANDWIDTH promises
  const rate = ['-b:v', `${kbps}k`, '-maxrate:v', `${Math.round(kbps * 1.07)}k`];
  const buffer = ['-bufsize:v', `${kbps * 2}k`];
  // level_idc, 10 × the level: VAAPI names levels "3" and "4", never "3.0", and QSV's level is the generic integer option
  const levelIdc = String(Math.round(Number(opts.level) * 10));
  const keyframes = ['-g', String(opts.gop), '-force_key_frames', opts.forceKeyFrames];
  switch (encoder) {
    case 'h264_nvenc':
      // a forced keyframe is only an intra frame unless -forced-idr is set
      return ['-c:v', encoder, '-profile:v', 'high', '-level:v', opts.level, '-rc', 'vbr', ...rate, ...buffer, ...keyframes, '-forced-idr', '1'];
    case 'h264_qsv':
      // VBR follows from a peak above the bit rate; a forced keyframe is only an intra frame unless -forced_idr is set
      return ['-c:v', encoder, '-profile:v', 'high', '-level:v', levelIdc, ...rate, ...buffer, ...keyframes, '-forced_idr', '1'];
    case 'h264_vaapi':
      // vaapi_encode makes every forced intra frame an IDR frame by itself
      return ['-c:v', encoder, '-profile:v', 'high', '-level:v', levelIdc, '-rc_mode', 'VBR', ...rate, ...buffer, ...keyframes];
    case 'h264_videotoolbox':
      // a forced keyframe is asked for with kVTEncodeFrameOptionKey_ForceKeyFrame, an IDR frame; the peak becomes
      // a data rate limit over one second, and there is no VBV buffer to set
      return ['-c:v', encoder, '-profile:v', 'high', '-level:v', opts.level, ...rate, ...keyframes];
  }
}

/**
 * The encoder a setting means on this machine, given the test encodes: 'auto' is the first that works
 * in HARDWARE_ENCODERS order, a named one only while it works; null means libx264.
 */
export function chooseEncoder(setting: HardwareEncoderSetting, detected: readonly { encoder: HardwareEncoder; works: boolean }[]): HardwareEncoder | null {
  const works = (encoder: HardwareEncoder) => detected.some((d) => d.encoder === encoder && d.works);
  switch (setting) {
    case 'off':
      return null;
    case 'auto':
      return HARDWARE_ENCODERS.find(works) ?? null;
    default:
      return works(setting) ? setting : null;
  }
}
