// Picking the best few of many scores without sorting them all.

/**
 * The indices of the `k` highest scores, best first, skipping `skip[i] === 1`. Ties go to the lower index,
 * so the answer is the same every run.
 */
export function topK(scores: ArrayLike<number>, k: number, skip: Uint8Array | null = null): Int32Array {
  // a min-heap on (score, -index) held in two arrays: its root is the weakest kept. Written out
  // without helper closures: this runs once per item per refit and once per ranker per request
  const hi = new Int32Array(k);
  const hs = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const s = scores[i]!;
    if (!(s === s)) continue;
    let c: number;
    if (size < k) {
      c = size++;
      // sift up
      while (c > 0) {
        const parent = (c - 1) >> 1;
        const ps = hs[parent]!;
        if (!(s < ps || (s === ps && i > hi[parent]!))) break;
        hi[c] = hi[parent]!;
        hs[c] = ps;
        c = parent;
      }
    } else if (size > 0 && s > hs[0]!) {
      c = siftDown(hi, hs, size, 0, s, i);
    } else continue;
    hi[c] = i;
    hs[c] = s;
  }
  const out = new Int32Array(size);
  for (let n = size - 1; n >= 0; n--) {
    out[n] = hi[0]!;
    const lastI = hi[size - 1]!;
    const lastS = hs[size - 1]!;
    size--;
    if (size === 0) break;
    const c = siftDown(hi, hs, size, 0, lastS, lastI);
    hi[c] = lastI;
    hs[c] = lastS;
  }
  return out;
}

/** Moves the hole at `from` down to where (s, i) belongs; returns that slot. */
function siftDown(hi: Int32Array, hs: Float64Array, size: number, from: number, s: number, i: number): number {
  let c = from;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) return c;
    let m = l;
    const r = l + 1;
    if (r < size && (hs[r]! < hs[l]! || (hs[r] === hs[l] && hi[r]! > hi[l]!))) m = r;
    if (hs[m]! < s || (hs[m] === s && hi[m]! > i)) {
      hi[c] = hi[m]!;
      hs[c] = hs[m]!;
      c = m;
    } else return c;
  }
}

/**
 * The 0-based rank of `target` among the items not skipped, counting ties against it (a ranker that
 * gives everything 0 ranks the target last, not first).
 */
export function rankOf(scores: ArrayLike<number>, target: number, skip: Uint8Array | null = null): number {
  const s = scores[target]!;
  let rank = 0;
  for (let i = 0; i < scores.length; i++) {
    if (i === target || (skip !== null && skip[i] === 1)) continue;
    if (scores[i]! >= s) rank++;
  }
  return rank;
}
