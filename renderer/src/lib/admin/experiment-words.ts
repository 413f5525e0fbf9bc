// How the experiments page says things: statuses, rates with their intervals, minutes, p-values.
import type { ExperimentDto, ExperimentStatusDto, RateDto } from '../api.ts';

export const statusLabel = (status: ExperimentStatusDto): string => (status === 'draft' ? 'Draft' : status === 'running' ? 'Running' : 'Stopped');

/** 0.1667 → "16.7 %" */
export const percent = (value: number): string => `${(value * 100).toFixed(value >= 0.995 || value === 0 ? 0 : 1)} %`;

/** "16.7 % (4.7–44.8 %)"; "—" without trials. */
export const rateLabel = (rate: RateDto | null): string => (rate ? `${percent(rate.value)}` : '—');
/** "4.7–44.8 %", "3.1–9.8 min"; a t interval reaching below 0 reads "−22.0 to 35.4 min" (a dash would look like a minus). */
export function intervalLabel(low: number, high: number, unit: 'percent' | 'minutes'): string {
  if (unit === 'percent') return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)} %`;
  return low < 0 ? `${minutes(low).replace('-', '−')} to ${minutes(high)} min` : `${minutes(low)}–${minutes(high)} min`;
}

/** 6.6667 → "6.7", 52.5 → "52.5", 120 → "120" */
export const minutes = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1));

/** "p = 0.29", "p = 0.003", "p < 0.001" (as the server's verdicts say it). */
export function pLabel(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** "Control 50 % · B 50 %" */
export const splitLabel = (e: ExperimentDto): string => e.variants.map((v) => `${v.name} ${Math.round(v.share * 100)} %`).join(' · ');

/** What a variant ranks by, in a few words: "EASE" or "popularity 0.2, itemKnn 0.5". */
export function configLabel(config: ExperimentDto['variants'][number]['config']): string {
  const parts: string[] = [];
  if (typeof config.ranker === 'string') parts.push(`ranker ${config.ranker}`);
  if (config.weights) parts.push(Object.entries(config.weights).map(([name, w]) => `${name} ${w}`).join(', '));
  const others = Object.keys(config).filter((k) => k !== 'ranker' && k !== 'weights');
  if (others.length > 0) parts.push(`+ ${others.join(', ')}`);
  return parts.join(' · ') || 'default ranking';
}
