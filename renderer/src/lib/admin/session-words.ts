// Playback sessions and their quality of experience in words, for the admin's Sessions page.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { PlaybackMethodDto, QoeBucketDto, SessionDto } from '../api.ts';

const METHOD_WORDS: Readonly<Record<PlaybackMethodDto, { label: string; hint: string }>> = {
  direct: { label: 'Direct', hint: 'the file as it is' },
  remux: { label: 'Remuxed', hint: 'its video copied into HLS, not re-encoded' },
  hls: { label: 'Transcoded', hint: 'the adaptive ladder Seed encoded' },
};

export const methodLabel = (method: PlaybackMethodDto): string => METHOD_WORDS[method].label;
export const methodHint = (method: PlaybackMethodDto): string => METHOD_WORDS[method].hint;

/** "720p"; "—" while the player has not said. */
export const rungLabel = (height: number | null): string => (height === null ? '—' : `${height}p`);

/** "800 kb/s", "3.2 Mb/s", "12 Mb/s"; null for unknown. */
export function bitrateLabel(bps: number | null): string | null {
  if (bps === null || !Number.isFinite(bps) || bps <= 0) return null;
  if (bps < 999_500) return `${Math.max(1, Math.round(bps / 1000))}\u00a0kb/s`;
  const mbps = bps / 1_000_000;
  return `${mbps < 9.95 ? mbps.toFixed(1).replace(/\.0$/, '') : Math.round(mbps)}\u00a0Mb/s`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A position on a player's clock: "0:42", "12:04", "1:02:09". */
export function clockTime(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${minutes}:${pad2(seconds)}`;
}

/** "12:04 / 1:40:00"; the position alone while the length is unknown. */
export const positionLabel = (s: Pick<SessionDto, 'positionMs' | 'durationMs'>): string =>
  s.durationMs > 0 ? `${clockTime(s.positionMs)} / ${clockTime(s.durationMs)}` : clockTime(s.positionMs);

/** 0..1 of the title played; 0 while its length is unknown. */
export const playedShare = (s: Pick<SessionDto, 'positionMs' | 'durationMs'>): number =>
  s.durationMs > 0 ? Math.min(1, Math.max(0, s.positionMs / s.durationMs)) : 0;

/** A short span: "850 ms", "1.3 s", "12 s", "2 min 5 s". */
export function spanLabel(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)}\u00a0ms`;
  if (ms < 9_950) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}\u00a0s`;
  if (ms < 59_500) return `${Math.round(ms / 1000)}\u00a0s`;
  const seconds = Math.round(ms / 1000);
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60}\u00a0min` : `${Math.floor(seconds / 60)}\u00a0min ${rest}\u00a0s`;
}

/**
 * The link as measured: "4.1 Mb/s" (the lower of the server's segment timing and the player's own
 * figure, which is what its next start goes by); "—" while neither measured anything.
 */
export function bandwidthLabel(s: Pick<SessionDto, 'measuredBps' | 'reportedBps'>): string {
  const figures = [s.measuredBps, s.reportedBps].filter((bps): bps is number => bps !== null && bps > 0);
  return figures.length === 0 ? '—' : (bitrateLabel(Math.min(...figures)) ?? '—');
}

/** "24 s buffered"; null while the player did not say. */
export const bufferLabel = (bufferMs: number | null): string | null => (bufferMs === null ? null : `${spanLabel(bufferMs)} buffered`);

/** The start time, or "starting…" while no frame showed yet. */
export const startupLabel = (startupMs: number | null): string => (startupMs === null ? 'starting…' : spanLabel(startupMs));

/** "no stalls", "1 stall · 1.2 s", "3 stalls · 8 s" */
export function stallsLabel(s: Pick<SessionDto, 'stallCount' | 'stallMs'>): string {
  if (s.stallCount === 0) return 'no stalls';
  return `${s.stallCount} ${s.stallCount === 1 ? 'stall' : 'stalls'} · ${spanLabel(s.stallMs)}`;
}

/** A ratio as a percentage: "0 %", "0.42 %", "3.1 %", "12 %". */
export function ratioLabel(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  const percent = ratio * 100;
  if (percent === 0) return '0\u00a0%';
  const shown = percent < 1 ? percent.toFixed(2) : percent < 10 ? percent.toFixed(1) : String(Math.round(percent));
  return `${shown.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}\u00a0%`;
}

export interface QoeSummary {
  starts: number;
  watchedSeconds: number;
  stallSeconds: number;
  rebufferingRatio: number | null;
  /** the worst hour's p95 and the median of the hourly medians: a feel for the day, not exact percentiles */
  worstP95Ms: number | null;
  typicalP50Ms: number | null;
}

/** The day at a glance, summed over the buckets. */
export function qoeSummary(buckets: readonly QoeBucketDto[]): QoeSummary {
  const watchedSeconds = buckets.reduce((sum, b) => sum + b.watchedSeconds, 0);
  const stallSeconds = buckets.reduce((sum, b) => sum + b.stallSeconds, 0);
  const p50s = buckets.flatMap((b) => (b.startupP50Ms === null ? [] : [b.startupP50Ms])).sort((a, b) => a - b);
  const p95s = buckets.flatMap((b) => (b.startupP95Ms === null ? [] : [b.startupP95Ms]));
  return {
    starts: buckets.reduce((sum, b) => sum + b.starts, 0),
    watchedSeconds,
    stallSeconds,
    rebufferingRatio: watchedSeconds > 0 ? stallSeconds / watchedSeconds : null,
    worstP95Ms: p95s.length > 0 ? Math.max(...p95s) : null,
    typicalP50Ms: p50s.length > 0 ? p50s[Math.floor((p50s.length - 1) / 2)]! : null,
  };
}

/** "3 plays · 1 h 12 min watched · rebuffering 0.4 %"; "Nothing played in the last 24 hours." */
export function summaryWords(summary: QoeSummary, hours: number): string {
  if (summary.starts === 0 && summary.watchedSeconds === 0) return `Nothing played in the last ${hours} hours.`;
  const minutes = Math.round(summary.watchedSeconds / 60);
  const watched = minutes >= 60 ? `${Math.floor(minutes / 60)}\u00a0h ${minutes % 60}\u00a0min` : `${minutes}\u00a0min`;
  return `${summary.starts} ${summary.starts === 1 ? 'play' : 'plays'} · ${watched} watched · rebuffering ${ratioLabel(summary.rebufferingRatio)}`;
}
