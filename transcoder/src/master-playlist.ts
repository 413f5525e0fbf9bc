import type { PlannedRung } from './ladder.js';

export interface MeasuredVariant {
  rung: PlannedRung;
  /** path of the media playlist relative to the master */
  uri: string;
  /** bits per second of the busiest segment, and over the whole title */
  peakBps: number;
  averageBps: number;
  /** e.g. "avc1.64001f,mp4a.40.2" */
  codecs: string;
}

/** Peak and average bit rate from a media playlist's segment durations and the segments' sizes. */
export function measureBitrates(segments: readonly { seconds: number; bytes: number }[]): { peakBps: number; averageBps: number } {
  const timed = segments.filter((s) => s.seconds > 0);
  const totalSeconds = timed.reduce((sum, s) => sum + s.seconds, 0);
  const totalBits = timed.reduce((sum, s) => sum + s.bytes * 8, 0);
  return {
    peakBps: Math.round(Math.max(0, ...timed.map((s) => (s.bytes * 8) / s.seconds))),
    averageBps: totalSeconds > 0 ? Math.round(totalBits / totalSeconds) : 0,
  };
}

/** Segment durations (EXTINF) in order, and the segment URIs, from a media playlist. */
export function parseMediaPlaylist(text: string): { seconds: number; uri: string }[] {
  const out: { seconds: number; uri: string }[] = [];
  let pending: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) pending = Number(extinf[1]);
    else if (line && !line.startsWith('#') && pending !== null) {
      out.push({ seconds: pending, uri: line });
      pending = null;
    }
  }
  return out;
}

/** A master playlist (RFC 8216 §4.3.4.2) listing the variants from lowest to highest. */
export function masterPlaylist(variants: readonly MeasuredVariant[], frameRate: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of variants) {
    const attrs = [
      `BANDWIDTH=${Math.max(1, v.peakBps)}`,
      `AVERAGE-BANDWIDTH=${Math.max(1, v.averageBps)}`,
      `RESOLUTION=${v.rung.width}x${v.rung.height}`,
      `CODECS="${v.codecs}"`,
      ...(frameRate > 0 ? [`FRAME-RATE=${frameRate.toFixed(3)}`] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return `${lines.join('\n')}\n`;
}
