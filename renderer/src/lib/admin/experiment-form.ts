// The experiment editor's form, pure: from an experiment to fields and back to a request. A variant's
// config is shown as a numeric field per known ranker weight, a ranker name, and free JSON for the rest.
import type { CreateExperimentRequest, ExperimentDto, ExperimentVariantRequest } from '../api.ts';

/** The rankers of server/src/recs/ a blend's weights usually name. */
export const KNOWN_RANKERS = ['popularity', 'itemKnn', 'lastItems', 'content', 'ease', 'learned'] as const;
export type KnownRanker = (typeof KNOWN_RANKERS)[number];

export const RANKER_LABELS: Readonly<Record<KnownRanker, string>> = {
  popularity: 'Popularity',
  itemKnn: 'Item neighbours',
  lastItems: 'Last watched',
  content: 'Content',
  ease: 'EASE',
  learned: 'Learned',
};

export interface VariantForm {
  key: string;
  name: string;
  weight: number | null;
  /** a number input's value: null when empty (the ranker is left out of the weights) */
  weights: Record<KnownRanker, number | null>;
  ranker: string;
  /** the config's other keys (and weights of other rankers) as JSON; '' for none */
  extra: string;
}

export interface ExperimentForm {
  name: string;
  description: string;
  surface: string;
  variants: VariantForm[];
}

const noWeights = (): Record<KnownRanker, number | null> => Object.fromEntries(KNOWN_RANKERS.map((r) => [r, null])) as Record<KnownRanker, number | null>;

const isKnown = (name: string): name is KnownRanker => (KNOWN_RANKERS as readonly string[]).includes(name);

export const newVariant = (key: string, name: string): VariantForm => ({ key, name, weight: 1, weights: noWeights(), ranker: '', extra: '' });

/** The next free key: b, c, d, … */
export function nextVariantKey(variants: readonly VariantForm[]): string {
  for (let code = 98; code <= 122; code++) {
    const key = String.fromCharCode(code);
    if (!variants.some((v) => v.key === key)) return key;
  }
  return `v${variants.length + 1}`;
}

export const newExperimentForm = (): ExperimentForm => ({ name: '', description: '', surface: 'home', variants: [newVariant('control', 'Control'), newVariant('b', 'B')] });

export function formOf(e: ExperimentDto): ExperimentForm {
  return {
    name: e.name,
    description: e.description,
    surface: e.surface,
    variants: e.variants.map((v) => {
      const { weights = {}, ranker, ...rest } = v.config;
      const known = noWeights();
      const otherWeights: Record<string, number> = {};
      for (const [name, value] of Object.entries(weights)) {
        if (isKnown(name)) known[name] = value;
        else otherWeights[name] = value;
      }
      const extra = { ...rest, ...(Object.keys(otherWeights).length > 0 ? { weights: otherWeights } : {}) };
      return { key: v.key, name: v.name, weight: v.weight, weights: known, ranker: typeof ranker === 'string' ? ranker : '', extra: Object.keys(extra).length > 0 ? JSON.stringify(extra, null, 2) : '' };
    }),
  };
}

export type Checked = { ok: true; request: CreateExperimentRequest } | { ok: false; field: string; message: string };

/** The request the form makes, or the first field that is wrong (`variants.1.extra`) and why. */
export function requestOf(form: ExperimentForm): Checked {
  if (form.name.trim() === '') return { ok: false, field: 'name', message: 'Give the experiment a name.' };
  if (form.surface.trim() === '') return { ok: false, field: 'surface', message: "Say where it applies: 'home'." };
  const variants: ExperimentVariantRequest[] = [];
  for (const [i, v] of form.variants.entries()) {
    if (v.weight === null || !Number.isInteger(v.weight) || v.weight < 0) return { ok: false, field: `variants.${i}.weight`, message: 'The traffic share is a whole number, 0 or more.' };
    let extra: Record<string, unknown> = {};
    if (v.extra.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v.extra);
      } catch {
        return { ok: false, field: `variants.${i}.extra`, message: `${v.name || v.key}: the extra config is not valid JSON.` };
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, field: `variants.${i}.extra`, message: `${v.name || v.key}: the extra config must be a JSON object.` };
      extra = parsed as Record<string, unknown>;
    }
    const known = Object.fromEntries(KNOWN_RANKERS.flatMap((r) => (v.weights[r] === null || v.weights[r] === undefined ? [] : [[r, v.weights[r]]])));
    const otherWeights = typeof extra.weights === 'object' && extra.weights !== null ? (extra.weights as Record<string, number>) : {};
    const weights = { ...otherWeights, ...known };
    const config = { ...extra, ...(Object.keys(weights).length > 0 ? { weights } : {}), ...(v.ranker.trim() !== '' ? { ranker: v.ranker.trim() } : {}) };
    if (Object.keys(weights).length === 0) delete config.weights;
    variants.push({ key: v.key.trim(), ...(v.name.trim() !== '' ? { name: v.name.trim() } : {}), weight: v.weight, config });
  }
  return { ok: true, request: { name: form.name.trim(), description: form.description.trim(), surface: form.surface.trim(), variants } };
}

/** The form field a server message names ("variants.1.config.weights.ease: must not be negative" → variants.1.config). */
export function fieldOfMessage(message: string): string | null {
  const match = /^([\w.]+):/.exec(message);
  if (!match?.[1]) return null;
  const path = match[1].split('.');
  if (path[0] === 'variants' && path.length >= 3) {
    const field = path[2] === 'config' ? (path[3] === 'weights' && path[4] && isKnown(path[4]) ? `weights.${path[4]}` : 'extra') : path[2];
    return `variants.${path[1]}.${field}`;
  }
  return path[0] ?? null;
}
