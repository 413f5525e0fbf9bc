// Content similarity: titles described by their terms (genres, people, studio, year bucket, keywords),
// TF-IDF weighted (a rare director says more than "Drama") and scaled per kind of term. A profile is the
// recency-weighted sum of what it watched; a title scores its cosine with that.
import { termKind } from './features.js';
import type { History, Ranker } from './recs.types.js';

export interface ContentParams {
  /** how much each kind of term counts, before its IDF */
  kinds: Record<ReturnType<typeof termKind>, number>;
  /** the k-th title from the end of the history weighs recency^k (never below `floor`) */
  recency: number;
  floor: number;
}

export const CONTENT_DEFAULTS: ContentParams = { kinds: { genre: 1, person: 1, studio: 0.5, year: 0.5, keyword: 0.7 }, recency: 0.97, floor: 0.1 };

export interface ContentModel {
  /** each item's unit-length vector (CSR by item) */
  itemOffsets: Int32Array;
  itemTerm: Int32Array;
  itemValue: Float32Array;
  /** the same by term (CSC), to score all items from a profile's terms */
  termOffsets: Int32Array;
  termItem: Int32Array;
  termValue: Float32Array;
}

export function contentRanker(params: ContentParams = CONTENT_DEFAULTS): Ranker<ContentModel> {
  return {
    name: 'content',
    fit({ features: f }) {
      const items = f.offsets.length - 1;
      const terms = f.terms.length;
      const df = new Int32Array(terms);
      for (const t of f.term) df[t]!++;
      const scale = Float32Array.from(f.terms, (name, t) => params.kinds[termKind(name)] * Math.log((1 + items) / (1 + df[t]!)));
      const itemValue = new Float32Array(f.term.length);
      for (let i = 0; i < items; i++) {
        let sum = 0;
        for (let k = f.offsets[i]!; k < f.offsets[i + 1]!; k++) sum += scale[f.term[k]!]! ** 2;
        const norm = sum > 0 ? 1 / Math.sqrt(sum) : 0;
        for (let k = f.offsets[i]!; k < f.offsets[i + 1]!; k++) itemValue[k] = scale[f.term[k]!]! * norm;
      }
      const termOffsets = new Int32Array(terms + 1);
      for (const t of f.term) termOffsets[t + 1]!++;
      for (let t = 0; t < terms; t++) termOffsets[t + 1]! += termOffsets[t]!;
      const fill = termOffsets.slice(0, terms);
      const termItem = new Int32Array(f.term.length);
      const termValue = new Float32Array(f.term.length);
      for (let i = 0; i < items; i++) {
        for (let k = f.offsets[i]!; k < f.offsets[i + 1]!; k++) {
          const at = fill[f.term[k]!]!++;
          termItem[at] = i;
          termValue[at] = itemValue[k]!;
        }
      }
      return { itemOffsets: f.offsets, itemTerm: f.term, itemValue, termOffsets, termItem, termValue };
    },
    score(m, history: History, out) {
      out.fill(0);
      const profile = new Map<number, number>();
      const n = history.items.length;
      for (let k = n - 1; k >= 0; k--) {
        const w = history.weight[k]! * Math.max(params.floor, params.recency ** (n - 1 - k));
        const i = history.items[k]!;
        for (let c = m.itemOffsets[i]!; c < m.itemOffsets[i + 1]!; c++) profile.set(m.itemTerm[c]!, (profile.get(m.itemTerm[c]!) ?? 0) + w * m.itemValue[c]!);
      }
      for (const [t, v] of profile) {
        for (let c = m.termOffsets[t]!; c < m.termOffsets[t + 1]!; c++) out[m.termItem[c]!]! += v * m.termValue[c]!;
      }
    },
  };
}
