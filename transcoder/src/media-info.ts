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
}

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
  const sideways = video.rotation === 90 || video.rotation === 270;
  return sideways ? { width: video.height, height: video.width } : { width: video.width, height: video.height };
}
