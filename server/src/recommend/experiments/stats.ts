// The statistics of the experiments' results, pure: intervals for rates and means, and the tests that
// compare a variant with the control. The special functions follow Numerical Recipes (3rd ed., §6.1,
// §6.2, §6.4): Lanczos' log-gamma, the regularized incomplete gamma and beta functions by series and
// continued fractions (modified Lentz); the normal and Student's t distributions are built on them.

/** The 97.5 % point of the standard normal: a two-sided 95 % interval is ± this many standard errors. */
export const Z_95 = 1.959963984540054;
/** The 80 % point: a test at 80 % power. */
const Z_POWER_80 = 0.8416212335729143;

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

// Lanczos' approximation with g = 7, n = 9 (15 significant digits for real arguments)
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  // the reflection formula keeps the series where it converges
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), without the cancellation for large x. */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // the continued fraction converges fast below the mean (a + 1) / (a + b + 2); above it, by symmetry
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // the even step
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // the odd step
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return h;
}

/** erfc(x) = 1 − erf(x), accurate far into the tail. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  return regularizedGammaQ(0.5, x * x);
}

/** The standard normal distribution function Φ(z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(|Z| ≥ |z|) for a standard normal Z. */
export const normalTwoSidedP = (z: number): number => erfc(Math.abs(z) / Math.SQRT2);

/** Student's t distribution function with `df` degrees of freedom (df > 0, Infinity: the normal). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(df)) return normalCdf(t);
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  // P(T ≤ −|t|) = ½ I_{df/(df+t²)}(df/2, ½)
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom, computed from the tail (no 1 − x cancellation). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(df)) return normalTwoSidedP(t);
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** The x with cdf(x) = p for an increasing cdf, by bisection: slow but sure, and only called a few times per page. */
function invert(cdf: (x: number) => number, p: number): number {
  let lo = -1;
  let hi = 1;
  while (cdf(lo) > p) lo *= 2;
  while (cdf(hi) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  return invert((x) => studentTCdf(x, df), p);
}

/** The p-quantile of the standard normal (0 < p < 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return NaN;
  return invert(normalCdf, p);
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson's score interval for a proportion of `successes` in `trials` (95 % by default): unlike the
 * textbook p ± z·se it stays inside [0, 1] and is honest at 0 of 10 or 10 of 10. Null with no trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (!(trials > 0)) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A sample as its size, mean and (unbiased, n − 1) variance. */
export interface Summary {
  n: number;
  mean: number;
  variance: number;
}

/** Size, mean and unbiased variance of the values (variance 0 for fewer than two). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  let mean = 0;
  let m2 = 0;
  // Welford: one pass, no catastrophic cancellation
  values.forEach((x, i) => {
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  });
  return { n, mean, variance: n > 1 ? m2 / (n - 1) : 0 };
}

/** The t interval for the mean (95 % by default); null for fewer than two values. */
export function meanInterval(s: Summary, confidence = 0.95): Interval | null {
  if (s.n < 2) return null;
  const half = studentTQuantile(1 - (1 - confidence) / 2, s.n - 1) * Math.sqrt(s.variance / s.n);
  return { low: s.mean - half, high: s.mean + half };
}

export interface TestResult {
  /** z or t */
  statistic: number;
  /** degrees of freedom (Welch–Satterthwaite); null for the z-test */
  df: number | null;
  /** two-sided */
  p: number;
}

/**
 * The two-proportion z-test (pooled variance) of x2/n2 against x1/n1, two-sided. Null when a side has
 * no trials or the pooled rate is 0 or 1 (no variance, nothing to test).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TestResult | null {
  if (!(n1 > 0 && n2 > 0)) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return null;
  const z = (x2 / n2 - x1 / n1) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, df: null, p: normalTwoSidedP(z) };
}

/**
 * McNemar's exact test on paired outcomes: `aOnly` pairs where only a succeeded, `bOnly` where only b
 * did (pairs where both or neither did say nothing of the difference). Two-sided p of a binomial
 * (aOnly + bOnly, 1/2) at least as uneven; 1 when no pair differs.
 */
export function mcnemarExactP(aOnly: number, bOnly: number): number {
  const n = aOnly + bOnly;
  const k = Math.min(aOnly, bOnly);
  // the rarer count at n / 2 or just under it: the tail is the whole distribution
  if (n === 0 || 2 * k + 1 >= n) return 1;
  // P(X <= k) for X ~ Binomial(n, 1/2) = I_{1/2}(n - k, k + 1)
  return Math.min(1, 2 * regularizedBeta(0.5, n - k, k + 1));
}

/**
 * Welch's t-test of b's mean against a's (unequal variances), two-sided. Null when a side has fewer
 * than two values or both have no variance.
 */
export function welchTTest(a: Summary, b: Summary): TestResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  if (!(se2 > 0)) return null;
  const t = (b.mean - a.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { statistic: t, df, p: studentTTwoSidedP(t, df) };
}

/**
 * Trials per group that a two-sided two-proportion test at α = 0.05 needs to find a true difference
 * between rates p1 and p2 with 80 % power (the usual normal approximation). Null when they are equal.
 */
export function trialsForProportions(p1: number, p2: number): number | null {
  const delta = Math.abs(p1 - p2);
  if (!(delta > 0)) return null;
  const mean = (p1 + p2) / 2;
  const root = Z_95 * Math.sqrt(2 * mean * (1 - mean)) + Z_POWER_80 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (delta * delta));
}

/** Values per group a two-sided test of means at α = 0.05 needs for a true difference `delta` with 80 % power. */
export function samplesForMeans(delta: number, varianceA: number, varianceB: number): number | null {
  if (!(Math.abs(delta) > 0) || !(varianceA + varianceB > 0)) return null;
  const z = Z_95 + Z_POWER_80;
  return Math.ceil((z * z * (varianceA + varianceB)) / (delta * delta));
}
