import { displaySize, type MediaInfo } from './media-info.js';

export interface Rung {
  height: number;
  videoKbps: number;
}

/** The design's default ladder (DESIGN.md, Transcoder). */
export const DEFAULT_LADDER: readonly Rung[] = [
  { height: 240, videoKbps: 400 },
  { height: 360, videoKbps: 800 },
  { height: 480, videoKbps: 1400 },
  { height: 720, videoKbps: 2800 },
  { height: 1080, videoKbps: 5800 },
  { height: 2160, videoKbps: 25000 },
];

export interface PlannedRung extends Rung {
  name: string;
  width: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * The rungs at or below the source's shown size (never upscaled), with the other side scaled to
 * keep the aspect ratio, both even as yuv420p needs. A rung's nominal size ("720p") applies to
 * the shorter side, so a portrait phone video at 1080x1920 gets a 1080p rung of 1080x1920.
 * A source smaller than every rung gets one rung at its own size, at the smallest rung's bit rate.
 */
export function planLadder(media: MediaInfo, ladder: readonly Rung[] = DEFAULT_LADDER, maxRungs = ladder.length): PlannedRung[] {
  if (!media.video) return [];
  const { width, height } = displaySize(media.video);
  if (width <= 0 || height <= 0) return [];
  const short = Math.min(width, height);
  const fits = ladder.filter((r) => r.height <= short).sort((a, b) => a.height - b.height);
  const rungs = fits.length > 0 ? fits : [{ height: short, videoKbps: ladder[0]?.videoKbps ?? 400 }];
  return rungs.slice(-maxRungs).map((r) => {
    const scale = r.height / short;
    return { name: `${even(r.height)}p`, width: even(width * scale), height: even(height * scale), videoKbps: r.videoKbps };
  });
}
