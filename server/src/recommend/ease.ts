// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): item-item weights in closed form,
// B = I - P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹, so a title's score is how well the profile's other
// titles predict it. The inverse costs n³, so only the `maxItems` most-watched titles take part
// (1,500: about 4 s on one core of the development VM, n³ Gauss-Jordan; see bench/recs); the long tail scores 0 here
// and is left to the other rankers of the blend.
import type { Ranker } from './recs.types.js';

export interface EaseParams {
  /** L2 regularisation */
  lambda: number;
  /** only this many of the most-watched titles */
  maxItems: number;
}

export const EASE_DEFAULTS: EaseParams = { lambda: 200, maxItems: 1500 };

export interface EaseModel {
  /** item index → its column, -1 when not among the modelled titles */
  column: Int32Array;
  /** the modelled titles' item indices */
  items: Int32Array;
  /** n×n weights, row-major: row h is what watching h adds to each title */
  b: Float32Array;
}

/** Inverts the symmetric positive definite n×n matrix `a` in place (Gauss-Jordan; SPD needs no pivoting). */
export function invertSpd(a: Float64Array, n: number): void {
  const rows = Array.from({ length: n }, (_, i) => a.subarray(i * n, i * n + n));
  const pivot = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rk = rows[k]!;
    const inv = 1 / rk[k]!;
    rk[k] = 1;
    for (let j = 0; j < n; j++) rk[j]! *= inv;
    pivot.set(rk);
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ri = rows[i]!;
      const f = ri[k]!;
      if (f === 0) continue;
      ri[k] = 0;
      subtractScaled(ri, pivot, f, n);
    }
  }
}

/** r -= f·p, unrolled: this loop is the whole cost of EASE (n³) */
function subtractScaled(r: Float64Array, p: Float64Array, f: number, n: number): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    r[j]! -= f * p[j]!;
    r[j + 1]! -= f * p[j + 1]!;
    r[j + 2]! -= f * p[j + 2]!;
    r[j + 3]! -= f * p[j + 3]!;
  }
  for (; j < n; j++) r[j]! -= f * p[j]!;
}

interface SparseRows {
  offsets: Int32Array;
  col: Int32Array;
  w: Float64Array;
}

/** (XᵀX + λI)⁻¹ formed and inverted: n³. */
function inverseDirect(x: SparseRows, n: number, lambda: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let u = 0; u + 1 < x.offsets.length; u++) {
    for (let a = x.offsets[u]!; a < x.offsets[u + 1]!; a++) {
      const row = x.col[a]! * n;
      const wa = x.w[a]!;
      for (let b = x.offsets[u]!; b < x.offsets[u + 1]!; b++) g[row + x.col[b]!]! += wa * x.w[b]!;
    }
  }
  for (let c = 0; c < n; c++) g[c * n + c]! += lambda;
  invertSpd(g, n);
  return g;
}

/**
 * The same inverse when there are fewer profiles (m) than titles, as in a household: by Woodbury,
 * (XᵀX + λI)⁻¹ = (I − Xᵀ(XXᵀ + λI)⁻¹X) / λ, an m×m inverse instead of an n×n one.
 */
function inverseFewProfiles(x: SparseRows, n: number, lambda: number): Float64Array {
  const m = x.offsets.length - 1;
  // K = XXᵀ + λI, through a dense row per profile
  const dense = new Float64Array(n);
  const k = new Float64Array(m * m);
  for (let u = 0; u < m; u++) {
    dense.fill(0);
    for (let a = x.offsets[u]!; a < x.offsets[u + 1]!; a++) dense[x.col[a]!] = x.w[a]!;
    for (let v = 0; v <= u; v++) {
      let s = 0;
      for (let b = x.offsets[v]!; b < x.offsets[v + 1]!; b++) s += dense[x.col[b]!]! * x.w[b]!;
      k[u * m + v] = s;
      k[v * m + u] = s;
    }
    k[u * m + u]! += lambda;
  }
  invertSpd(k, m);
  // Y = K⁻¹X (m×n dense), then P = (I − XᵀY) / λ
  const y = new Float64Array(m * n);
  for (let u = 0; u < m; u++) {
    for (let v = 0; v < m; v++) {
      const kuv = k[u * m + v]!;
      if (kuv === 0) continue;
      for (let b = x.offsets[v]!; b < x.offsets[v + 1]!; b++) y[u * n + x.col[b]!]! += kuv * x.w[b]!;
    }
  }
  const p = new Float64Array(n * n);
  for (let u = 0; u < m; u++) {
    const yu = y.subarray(u * n, u * n + n);
    for (let a = x.offsets[u]!; a < x.offsets[u + 1]!; a++) {
      const pi = p.subarray(x.col[a]! * n, x.col[a]! * n + n);
      const w = x.w[a]!;
      for (let j = 0; j < n; j++) pi[j]! -= w * yu[j]!;
    }
  }
  for (let c = 0; c < n; c++) p[c * n + c]! += 1;
  for (let c = 0; c < p.length; c++) p[c]! /= lambda;
  return p;
}

export function easeRanker(params: EaseParams = EASE_DEFAULTS): Ranker<EaseModel> {
  return {
    name: 'ease',
    fit({ interactions: d }) {
      const itemsTotal = d.itemKeys.length;
      const users = new Int32Array(itemsTotal);
      for (const i of d.item) users[i]!++;
      const candidates = Array.from(users.keys()).filter((i) => users[i]! >= 1);
      candidates.sort((a, b) => users[b]! - users[a]! || a - b);
      const items = Int32Array.from(candidates.slice(0, params.maxItems)).sort();
      const n = items.length;
      const column = new Int32Array(itemsTotal).fill(-1);
      items.forEach((i, c) => (column[i] = c));
      // each profile's row of X over the modelled titles
      const rowOffsets: number[] = [0];
      const rowCol: number[] = [];
      const rowW: number[] = [];
      for (let p = 0; p + 1 < d.offsets.length; p++) {
        for (let k = d.offsets[p]!; k < d.offsets[p + 1]!; k++) {
          const c = column[d.item[k]!]!;
          if (c < 0) continue;
          rowCol.push(c);
          rowW.push(d.weight[k]!);
        }
        if (rowCol.length > rowOffsets[rowOffsets.length - 1]!) rowOffsets.push(rowCol.length);
      }
      const x = { offsets: Int32Array.from(rowOffsets), col: Int32Array.from(rowCol), w: Float64Array.from(rowW) };
      const g = x.offsets.length - 1 < n ? inverseFewProfiles(x, n, params.lambda) : inverseDirect(x, n, params.lambda);
      const b = new Float32Array(n * n);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) b[r * n + c] = r === c ? 0 : -g[r * n + c]! / g[c * n + c]!;
      }
      return { column, items, b };
    },
    score(m, history, out) {
      out.fill(0);
      const n = m.items.length;
      const acc = new Float64Array(n);
      for (let k = 0; k < history.items.length; k++) {
        const c = m.column[history.items[k]!]!;
        if (c < 0) continue;
        const w = history.weight[k]!;
        const row = c * n;
        for (let j = 0; j < n; j++) acc[j]! += w * m.b[row + j]!;
      }
      for (let j = 0; j < n; j++) out[m.items[j]!] = acc[j]!;
    },
  };
}
