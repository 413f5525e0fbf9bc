// An experiment's results, pure: per variant the click-through, plays, completions and minutes watched
// with 95 % intervals, and each variant against the control (the first variant) with a test and a
// verdict in words.
import type { Experiment, ProfileMinutes, VariantCounts } from './experiments.types.js';
import { meanInterval, samplesForMeans, summarize, trialsForProportions, twoProportionZTest, welchTTest, wilsonInterval, type Summary, type TestResult } from './stats.js';

/** Below this p-value a difference is called significant (two-sided, 95 %). */
export const ALPHA = 0.05;

/** A proportion with its 95 % Wilson interval. */
export interface Rate {
  value: number;
  low: number;
  high: number;
}

/** Minutes watched per exposed profile: the mean and its 95 % t interval (null with fewer than two profiles). */
export interface MeanEstimate {
  mean: number;
  low: number | null;
  high: number | null;
  sd: number;
}

/** A variant against the control: the difference (variant − control), the test's statistic, p-value and verdict. */
export interface Comparison {
  difference: number;
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom; null for the z-test */
  df: number | null;
  p: number;
  significant: boolean;
}

export interface VariantResult {
  key: string;
  name: string;
  weight: number;
  isControl: boolean;
  profiles: number;
  exposures: number;
  /** exposures clicked */
  clicks: number;
  /** exposures whose title then played */
  plays: number;
  /** plays watched to the end */
  completions: number;
  /** clicks per exposure */
  ctr: Rate | null;
  /** plays per exposure */
  playRate: Rate | null;
  /** completions per play */
  completionRate: Rate | null;
  totalMinutes: number;
  minutesPerProfile: MeanEstimate | null;
  /** null for the control */
  vsControl: {
    ctr: Comparison | null;
    minutes: Comparison | null;
    /** in words: the click-through, then the minutes watched */
    verdicts: [string, string];
  } | null;
}

export interface ExperimentResults {
  experimentId: number;
  controlKey: string | null;
  variants: VariantResult[];
}

const rate = (successes: number, trials: number): Rate | null => {
  const interval = wilsonInterval(successes, trials);
  return interval && { value: successes / trials, ...interval };
};

/** "p = 0.41", "p = 0.003", "p < 0.001". */
export function pWords(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

const count = (n: number) => n.toLocaleString('en-US');

const compare = (test: TestResult | null, difference: number): Comparison | null =>
  test && { difference, statistic: test.statistic, df: test.df, p: test.p, significant: test.p < ALPHA };

function ctrVerdict(name: string, controlName: string, variant: VariantCounts, control: VariantCounts, c: Comparison | null): string {
  if (variant.exposures === 0 || control.exposures === 0) return 'Not enough exposures yet to compare click-through.';
  if (!c) return 'No clicks yet (or every exposure clicked): nothing to compare click-through with.';
  if (c.significant) return `${name}'s click-through is ${c.difference > 0 ? 'higher' : 'lower'} than ${controlName}'s (${pWords(c.p)}).`;
  const needed = trialsForProportions(control.clicks / control.exposures, variant.clicks / variant.exposures);
  const more = needed === null ? 0 : needed - Math.min(variant.exposures, control.exposures);
  return more > 0
    ? `No significant difference in click-through yet (${pWords(c.p)}); about ${count(more)} more exposures per variant would tell whether a difference this size is real.`
    : `No significant difference in click-through (${pWords(c.p)}).`;
}

function minutesVerdict(name: string, controlName: string, variant: Summary, control: Summary, c: Comparison | null): string {
  if (variant.n < 2 || control.n < 2) return 'Not enough profiles yet to compare minutes watched (two per variant at least).';
  if (!c) return 'No minutes watched yet: nothing to compare.';
  if (c.significant) return `${name}'s minutes watched per profile are ${c.difference > 0 ? 'higher' : 'lower'} than ${controlName}'s (${pWords(c.p)}).`;
  const needed = samplesForMeans(c.difference, control.variance, variant.variance);
  const more = needed === null ? 0 : needed - Math.min(variant.n, control.n);
  return more > 0
    ? `No significant difference in minutes watched yet (${pWords(c.p)}); about ${count(more)} more profiles per variant would tell whether a difference this size is real.`
    : `No significant difference in minutes watched (${pWords(c.p)}).`;
}

/** The results of an experiment from its counts and the minutes per exposed profile; the first variant is the control. */
export function experimentResults(experiment: Pick<Experiment, 'id' | 'variants'>, counts: readonly VariantCounts[], minutes: readonly ProfileMinutes[]): ExperimentResults {
  const countsOf = (key: string): VariantCounts =>
    counts.find((c) => c.variantKey === key) ?? { variantKey: key, profiles: 0, exposures: 0, clicks: 0, plays: 0, completions: 0 };
  const minutesOf = (key: string): number[] => minutes.filter((m) => m.variantKey === key).map((m) => m.minutes);
  const control = experiment.variants[0] ?? null;
  const controlCounts = control && countsOf(control.key);
  const controlMinutes = control && summarize(minutesOf(control.key));

  const variants = experiment.variants.map((v, index): VariantResult => {
    const c = countsOf(v.key);
    const perProfile = minutesOf(v.key);
    const s = summarize(perProfile);
    const interval = meanInterval(s);
    const isControl = index === 0;
    let vsControl: VariantResult['vsControl'] = null;
    if (!isControl && control && controlCounts && controlMinutes) {
      const ctr = compare(twoProportionZTest(controlCounts.clicks, controlCounts.exposures, c.clicks, c.exposures), c.exposures > 0 && controlCounts.exposures > 0 ? c.clicks / c.exposures - controlCounts.clicks / controlCounts.exposures : 0);
      const mins = compare(welchTTest(controlMinutes, s), s.mean - controlMinutes.mean);
      vsControl = { ctr, minutes: mins, verdicts: [ctrVerdict(v.name, control.name, c, controlCounts, ctr), minutesVerdict(v.name, control.name, s, controlMinutes, mins)] };
    }
    return {
      key: v.key,
      name: v.name,
      weight: v.weight,
      isControl,
      profiles: c.profiles,
      exposures: c.exposures,
      clicks: c.clicks,
      plays: c.plays,
      completions: c.completions,
      ctr: rate(c.clicks, c.exposures),
      playRate: rate(c.plays, c.exposures),
      completionRate: rate(c.completions, c.plays),
      totalMinutes: perProfile.reduce((sum, m) => sum + m, 0),
      minutesPerProfile: s.n === 0 ? null : { mean: s.mean, low: interval?.low ?? null, high: interval?.high ?? null, sd: Math.sqrt(s.variance) },
      vsControl,
    };
  });
  return { experimentId: experiment.id, controlKey: control?.key ?? null, variants };
}
