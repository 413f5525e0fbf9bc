/** What ffprobe told us about one file, parsed defensively: missing numbers are 0 or null, never NaN. */
export interface VideoStream {
  index: number;
  codec: string;
  width: number;
  height: number;
  /** frames per second, 0 when unknown */
  frameRate: number;
  pixelFormat: string | null;
  /** clockwise rotation in degrees from the display matrix (0, 90, 180, 270) */
  rotation: number;
  /** sample (pixel) aspect ratio: 1 for square pixels, 32/27 for an anamorphic 16:9 NTSC DVD; optional in older probes */
  sampleAspect?: number;
  /** transfer characteristic ("smpte2084" = PQ/HDR10, "arib-std-b67" = HLG); null when untagged */
  colorTransfer?: string | null;
}

/** PQ (HDR10, Dolby Vision base layers) and HLG need tone mapping to look right as 8-bit SDR. */
export const isHdr = (video: VideoStream): boolean => video.colorTransfer === 'smpte2084' || video.colorTransfer === 'arib-std-b67';

export interface AudioStream {
  index: number;
  codec: string;
  channels: number;
  language: string | null;
}

import type { ProbeDetails } from './probe-details.js';

export interface MediaInfo {
  formatName: string;
  durationMs: number;
  sizeBytes: number;
  bitRateKbps: number;
  video: VideoStream | null;
  audio: AudioStream[];
  tags: Readonly<Record<string, string>>;
  /** every stream, chapters and HDR; absent on media probed by older versions */
  details?: ProbeDetails;
}

/** Shown size after rotation: a phone video shot upright is 1080 wide, 1920 high. */
export function displaySize(video: VideoStream): { width: number; height: number } {
  // anamorphic: stored narrower than shown; widen by the pixel aspect (DVD 720x480 at 32:27 shows as 853x480)
  const sar = video.sampleAspect && video.sampleAspect > 0 ? video.sampleAspect : 1;
  const width = Math.round(video.width * sar);
  const sideways = video.rotation === 90 || video.rotation === 270;
  return sideways ? { width: video.height, height: width } : { width, height: video.height };
}
