// The geometry of the QoE charts (inline SVG, no chart library): scales, lines with gaps, bars,
// stacked bars, axis ticks. Pure numbers in, SVG coordinates out.
// Type imports only: the tests' tsconfig compiles this file, and allows `.ts` paths in type imports alone.
import type { QoeBucketDto } from '../api.ts';

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * A chart drawn at the size it is shown (px), so its labels keep their size on a phone and a TV alike;
 * the left margin holds the axis labels, the bottom one the hours.
 */
export const frameOf = (width: number, height: number): Frame => ({ width: Math.max(160, Math.round(width)), height, left: 48, right: 8, top: 10, bottom: 24 });

export const FRAME: Frame = frameOf(480, 180);

/** How many slots apart the hour labels go so that they do not touch (`labelPx`: room for one). */
export const tickEvery = (slots: number, f: Frame = FRAME, labelPx = 64): number =>
  Math.max(1, Math.ceil(slots / Math.max(1, Math.floor((f.width - f.left - f.right) / labelPx))));

const plotWidth = (f: Frame) => f.width - f.left - f.right;
const plotHeight = (f: Frame) => f.height - f.top - f.bottom;

/** A round ceiling for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `max` (and `floor`). */
export function niceCeiling(max: number, floor = 0): number {
  const value = Math.max(max, floor);
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value - 1e-12) return step * power;
  return 10 * power;
}

/** The x of the middle of slot `i` of `n`. */
export const slotX = (i: number, n: number, f: Frame = FRAME): number => f.left + ((i + 0.5) * plotWidth(f)) / Math.max(1, n);

/** The y of `value` on an axis from 0 to `max`. */
export const valueY = (value: number, max: number, f: Frame = FRAME): number => f.top + plotHeight(f) * (1 - Math.min(1, Math.max(0, value / max)));

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * A line through the values, one point per slot; a null (an hour with no data) breaks it. Answers the
 * `points` of each unbroken run, and the lone points (a run of one, drawn as a dot).
 */
export function lineRuns(values: readonly (number | null)[], max: number, f: Frame = FRAME): { runs: string[]; dots: { x: number; y: number }[] } {
  const runs: string[] = [];
  const dots: { x: number; y: number }[] = [];
  let run: { x: number; y: number }[] = [];
  const close = () => {
    if (run.length === 1) dots.push(run[0]!);
    else if (run.length > 1) runs.push(run.map((p) => `${p.x},${p.y}`).join(' '));
    run = [];
  };
  values.forEach((value, i) => {
    if (value === null) return close();
    run.push({ x: r1(slotX(i, values.length, f)), y: r1(valueY(value, max, f)) });
  });
  close();
  return { runs, dots };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A bar's width: most of its slot, a gap between neighbours. */
const barWidth = (n: number, f: Frame) => (plotWidth(f) / Math.max(1, n)) * 0.7;

/** One bar per slot from the axis up to the value; nothing for null or 0. */
export function bars(values: readonly (number | null)[], max: number, f: Frame = FRAME): (Rect & { index: number })[] {
  const width = barWidth(values.length, f);
  return values.flatMap((value, index) => {
    if (value === null || value <= 0) return [];
    const y = valueY(value, max, f);
    return [{ index, x: r1(slotX(index, values.length, f) - width / 2), y: r1(y), width: r1(width), height: r1(f.top + plotHeight(f) - y) }];
  });
}

/** The rungs watched in any bucket, highest first; unknown (null) last. */
export function rungsOf(buckets: readonly Pick<QoeBucketDto, 'rungs'>[]): (number | null)[] {
  const heights = new Set<number | null>();
  for (const b of buckets) for (const r of b.rungs) heights.add(r.height);
  return [...heights].sort((a, b) => (a === null ? 1 : b === null ? -1 : b - a));
}

/** Stacked bars: per bucket, one segment per rung, lowest rung at the bottom. Values in `unitSeconds`. */
export function stackedBars(buckets: readonly Pick<QoeBucketDto, 'rungs'>[], max: number, unitSeconds: number, f: Frame = FRAME): (Rect & { index: number; rungHeight: number | null })[] {
  const width = barWidth(buckets.length, f);
  return buckets.flatMap((bucket, index) => {
    // lowest rung first, so the best picture sits on top; unknown at the very bottom
    const segments = [...bucket.rungs].sort((a, b) => (a.height === null ? -1 : b.height === null ? 1 : a.height - b.height));
    let base = 0;
    return segments.flatMap((segment) => {
      const value = segment.seconds / unitSeconds;
      if (value <= 0) return [];
      const bottom = valueY(base, max, f);
      base += value;
      const top = valueY(base, max, f);
      return [{ index, rungHeight: segment.height, x: r1(slotX(index, buckets.length, f) - width / 2), y: r1(top), width: r1(width), height: r1(bottom - top) }];
    });
  });
}

/** Gridlines and their labels: 0, half and the top of the axis. */
export const yTicks = (max: number, label: (value: number) => string, f: Frame = FRAME): { y: number; label: string }[] =>
  [0, max / 2, max].map((value) => ({ y: r1(valueY(value, max, f)), label: label(value) }));

/** Labels under the chart every `every` slots, counted back from the last (the current hour is always labelled). */
export function xTicks(startAts: readonly string[], every: number, label: (iso: string) => string, f: Frame = FRAME): { x: number; label: string }[] {
  return startAts.flatMap((iso, i) => ((startAts.length - 1 - i) % every === 0 ? [{ x: r1(slotX(i, startAts.length, f)), label: label(iso) }] : []));
}

/** A rung's colour: the highest rungs brightest. `index` counts from the highest. */
export function rungColour(index: number, count: number): string {
  if (count <= 1) return 'hsl(148 64% 50%)';
  const t = index / (count - 1);
  // from the accent green (best) through teal to a dim blue-grey (lowest)
  return `hsl(${Math.round(148 + t * 62)} ${Math.round(64 - t * 34)}% ${Math.round(50 - t * 12)}%)`;
}
