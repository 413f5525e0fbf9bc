// Building and slicing the compact interaction model (recs.types.ts Interactions).
import type { History, Interactions } from './recs.types.js';

/** Interactions as parallel arrays of indices into `profileKeys` / `itemKeys`, in any order, repeats allowed. */
export interface InteractionColumns {
  profileKeys: readonly string[];
  itemKeys: readonly string[];
  profile: ArrayLike<number>;
  item: ArrayLike<number>;
  at: ArrayLike<number>;
  weight: ArrayLike<number>;
}

/**
 * One interaction per profile and title (a repeat keeps the latest time and the highest weight),
 * each profile's oldest first; rows at the same moment keep their input order.
 */
export function buildInteractions(c: InteractionColumns): Interactions {
  const n = c.profile.length;
  const profiles = c.profileKeys.length;
  const counts = new Int32Array(profiles + 1);
  for (let r = 0; r < n; r++) counts[c.profile[r]! + 1]!++;
  for (let p = 0; p < profiles; p++) counts[p + 1]! += counts[p]!;
  const byProfile = new Int32Array(n);
  const fill = counts.slice(0, profiles);
  for (let r = 0; r < n; r++) byProfile[fill[c.profile[r]!]!++] = r;

  const offsets = new Int32Array(profiles + 1);
  const item = new Int32Array(n);
  const at = new Float64Array(n);
  const weight = new Float32Array(n);
  // per item, the profile's last row of it and its strongest weight; stamped by profile so never cleared
  const lastRow = new Int32Array(c.itemKeys.length);
  const strongest = new Float32Array(c.itemKeys.length);
  const stamp = new Int32Array(c.itemKeys.length).fill(-1);
  let out = 0;
  for (let p = 0; p < profiles; p++) {
    const rows = Array.from(byProfile.subarray(counts[p]!, counts[p + 1]!));
    rows.sort((a, b) => c.at[a]! - c.at[b]! || a - b);
    for (const r of rows) {
      const i = c.item[r]!;
      if (stamp[i] !== p) {
        stamp[i] = p;
        strongest[i] = c.weight[r]!;
      } else strongest[i] = Math.max(strongest[i]!, c.weight[r]!);
      lastRow[i] = r;
    }
    // a title seen again moves to its latest time, with the strongest weight it had
    for (const r of rows) {
      const i = c.item[r]!;
      if (lastRow[i] !== r) continue;
      item[out] = i;
      at[out] = c.at[r]!;
      weight[out] = strongest[i]!;
      out++;
    }
    offsets[p + 1] = out;
  }
  return {
    profileKeys: c.profileKeys,
    itemKeys: c.itemKeys,
    offsets,
    item: item.slice(0, out),
    at: at.slice(0, out),
    weight: weight.slice(0, out),
  };
}

/** Profile p's interactions, oldest first (views, not copies). */
export function historyOf(d: Interactions, p: number): History {
  const from = d.offsets[p]!;
  const to = d.offsets[p + 1]!;
  return { items: d.item.subarray(from, to), at: d.at.subarray(from, to), weight: d.weight.subarray(from, to) };
}

/** The same item space with only the given profiles, each cut to its first `keep(p)` interactions. */
export function sliceProfiles(d: Interactions, profiles: readonly number[], keep: (p: number, length: number) => number = (_p, n) => n): Interactions {
  const offsets = new Int32Array(profiles.length + 1);
  profiles.forEach((p, k) => (offsets[k + 1] = offsets[k]! + keep(p, d.offsets[p + 1]! - d.offsets[p]!)));
  const total = offsets[profiles.length]!;
  const item = new Int32Array(total);
  const at = new Float64Array(total);
  const weight = new Float32Array(total);
  profiles.forEach((p, k) => {
    const from = d.offsets[p]!;
    const n = offsets[k + 1]! - offsets[k]!;
    item.set(d.item.subarray(from, from + n), offsets[k]!);
    at.set(d.at.subarray(from, from + n), offsets[k]!);
    weight.set(d.weight.subarray(from, from + n), offsets[k]!);
  });
  return { profileKeys: profiles.map((p) => d.profileKeys[p]!), itemKeys: d.itemKeys, offsets, item, at, weight };
}
