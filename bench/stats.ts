/** Small helpers for benchmarks: medians of repeated runs, measured side by side. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs each variant once per round, alternating, so machine noise hits all of them alike. */
export async function sideBySide(variants: Record<string, () => Promise<unknown>>, rounds: number): Promise<Record<string, number[]>> {
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(variants)) results[name]!.push(await timeMs(fn));
  }
  return results;
}

/** The p-th percentile (nearest rank) of some timings. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** mulberry32, the recommender's own: a bench makes the same data every run. */
export { seededRandom } from '../server/src/recommend/rng.js';
