// Item-to-item neighbour lists (sparse, top-k per item), shared by the co-watch and last-items rankers.
import type { Interactions } from './recs.types.js';
import { topK } from './top-k.js';

const EMPTY_ITEMS = new Int32Array(0);
const EMPTY_SIMS = new Float32Array(0);

/** Each item's k nearest items, best first (CSR by item). */
export interface Neighbours {
  offsets: Int32Array;
  item: Int32Array;
  sim: Float32Array;
}

/** The interactions by item (CSC): for item i, positions [offsets[i], offsets[i + 1]) into `row` (an index into d.item). */
export function byItem(d: Interactions): { offsets: Int32Array; row: Int32Array; profile: Int32Array } {
  const items = d.itemKeys.length;
  const offsets = new Int32Array(items + 1);
  for (let k = 0; k < d.item.length; k++) offsets[d.item[k]! + 1]!++;
  for (let i = 0; i < items; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, items);
  const row = new Int32Array(d.item.length);
  const profile = new Int32Array(d.item.length);
  for (let p = 0; p + 1 < d.offsets.length; p++) {
    for (let k = d.offsets[p]!; k < d.offsets[p + 1]!; k++) {
      const at = fill[d.item[k]!]!++;
      row[at] = k;
      profile[at] = p;
    }
  }
  return { offsets, row, profile };
}

/**
 * Builds neighbour lists item by item: `accumulate(i, acc, touched)` adds item i's raw affinities into
 * `acc` (pushing each newly touched index onto `touched`), `finish(i, j, raw)` turns one into a similarity.
 */
export function buildNeighbours(
  items: number,
  k: number,
  accumulate: (i: number, acc: Float64Array, touch: (j: number) => void) => void,
  finish: (i: number, j: number, raw: number) => number,
): Neighbours {
  const acc = new Float64Array(items);
  const seen = new Uint8Array(items);
  let touched = new Int32Array(1024);
  let count = 0;
  const touch = (j: number) => {
    if (seen[j] === 1) return;
    seen[j] = 1;
    if (count === touched.length) {
      const grown = new Int32Array(touched.length * 2);
      grown.set(touched);
      touched = grown;
    }
    touched[count++] = j;
  };
  const offsets = new Int32Array(items + 1);
  const outItem: Int32Array[] = [];
  const outSim: Float32Array[] = [];
  let total = 0;
  for (let i = 0; i < items; i++) {
    count = 0;
    accumulate(i, acc, touch);
    if (count === 0) {
      outItem.push(EMPTY_ITEMS);
      outSim.push(EMPTY_SIMS);
      offsets[i + 1] = total;
      continue;
    }
    const sims = new Float64Array(count);
    for (let t = 0; t < count; t++) {
      const j = touched[t]!;
      sims[t] = j === i ? -Infinity : finish(i, j, acc[j]!);
      acc[j] = 0;
      seen[j] = 0;
    }
    const best = topK(sims, Math.min(k, count));
    const ids = new Int32Array(best.length);
    const ss = new Float32Array(best.length);
    let n = 0;
    for (const t of best) {
      if (!(sims[t]! > 0)) break;
      ids[n] = touched[t]!;
      ss[n++] = sims[t]!;
    }
    outItem.push(ids.subarray(0, n));
    outSim.push(ss.subarray(0, n));
    total += n;
    offsets[i + 1] = total;
  }
  const item = new Int32Array(total);
  const sim = new Float32Array(total);
  for (let i = 0; i < items; i++) {
    item.set(outItem[i]!, offsets[i]!);
    sim.set(outSim[i]!, offsets[i]!);
  }
  return { offsets, item, sim };
}
