// Which variant a profile sees: a hash of the experiment and the profile, so the same profile always
// gets the same variant of an experiment (across restarts and devices), and another experiment shuffles
// the household afresh.
import { createHash } from 'node:crypto';

/** A number in [0, 1) from SHA-256 of `${experimentId}:${profileId}`: its first 8 bytes, of which the top 53 bits fit a double exactly. */
export function bucketOf(experimentId: number, profileId: number): number {
  const digest = createHash('sha256').update(`${experimentId}:${profileId}`).digest();
  return Number(digest.readBigUInt64BE(0) >> 11n) / 2 ** 53;
}

/**
 * The variant whose slice of the cumulative weights holds `bucket` (weights 3 and 1: [0, 0.75) and
 * [0.75, 1)). Variants with weight 0 get nobody; null when every weight is 0.
 */
export function pickVariant<V extends { weight: number }>(variants: readonly V[], bucket: number): V | null {
  const total = variants.reduce((sum, v) => sum + Math.max(0, v.weight), 0);
  if (!(total > 0)) return null;
  const target = bucket * total;
  let cumulative = 0;
  let last: V | null = null;
  for (const variant of variants) {
    if (!(variant.weight > 0)) continue;
    cumulative += variant.weight;
    last = variant;
    if (target < cumulative) return variant;
  }
  return last; // only rounding can get here
}
