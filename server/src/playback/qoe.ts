// Quality of experience over time: hourly buckets of start times, rebuffering and time per rung. Pure.
import type { UsageRow } from './playback.types.js';

export const HOUR_MS = 3_600_000;

/** The start of the (UTC) hour holding `at`. */
export const hourOf = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;

/** Nearest-rank percentile (p in 0..100) of numbers sorted ascending; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface QoeBucket {
  startAt: number;
  /** sessions whose first frame showed in this hour */
  starts: number;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  watchedMs: number;
  stallMs: number;
  stallCount: number;
  /** stalled time over watched time; null when nothing was watched */
  rebufferingRatio: number | null;
  /** highest rung first; unknown (null) last */
  rungs: { height: number | null; watchedMs: number }[];
}

const byHeight = (a: { height: number | null }, b: { height: number | null }) =>
  a.height === null ? 1 : b.height === null ? -1 : b.height - a.height;

/**
 * `hours` buckets ending with the one holding `now` (oldest first), empty hours included so a chart
 * has a point for every hour. Start times count in the hour their session started.
 */
export function qoeBuckets(input: { now: number; hours: number; startups: readonly { startedAt: number; startupMs: number }[]; usage: readonly UsageRow[] }): QoeBucket[] {
  const last = hourOf(input.now);
  const first = last - (input.hours - 1) * HOUR_MS;
  const index = (at: number) => Math.round((hourOf(at) - first) / HOUR_MS);
  const startups: number[][] = Array.from({ length: input.hours }, () => []);
  for (const s of input.startups) startups[index(s.startedAt)]?.push(s.startupMs);
  const usage: UsageRow[][] = Array.from({ length: input.hours }, () => []);
  for (const u of input.usage) usage[index(u.hourAt)]?.push(u);

  return startups.map((times, i) => {
    const sorted = [...times].sort((a, b) => a - b);
    const rows = usage[i]!;
    const rungs = new Map<number | null, number>();
    for (const r of rows) if (r.watchedMs > 0) rungs.set(r.height, (rungs.get(r.height) ?? 0) + r.watchedMs);
    const watchedMs = rows.reduce((sum, r) => sum + r.watchedMs, 0);
    const stallMs = rows.reduce((sum, r) => sum + r.stallMs, 0);
    return {
      startAt: first + i * HOUR_MS,
      starts: sorted.length,
      startupP50Ms: percentile(sorted, 50),
      startupP95Ms: percentile(sorted, 95),
      watchedMs,
      stallMs,
      stallCount: rows.reduce((sum, r) => sum + r.stallCount, 0),
      rebufferingRatio: watchedMs > 0 ? stallMs / watchedMs : null,
      rungs: [...rungs].map(([height, ms]) => ({ height, watchedMs: ms })).sort(byHeight),
    };
  });
}
