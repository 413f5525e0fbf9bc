// The statistics behind the experiments' results page, against values from SciPy 1.17
// (scipy.stats.t, scipy.special.betainc, scipy.stats.binomtest(...).proportion_ci('wilson'),
// scipy.stats.ttest_ind(equal_var=False)) and closed forms.
import { describe, expect, test } from 'vitest';
import {
  erfc,
  lnGamma,
  meanInterval,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  samplesForMeans,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
  summarize,
  trialsForProportions,
  twoProportionZTest,
  mcnemarExactP,
  welchTTest,
  wilsonInterval,
} from '../../../../server/src/recommend/experiments/stats.js';

/** Relative closeness: |a − b| ≤ tol · max(|b|, tiny). */
const close = (actual: number, expected: number, tol = 1e-10) => {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(Math.abs(expected), 1e-300));
};

describe('special functions', () => {
  test.each([
    [0.5, 0.5723649429247],
    [1, 0],
    [2, 0],
    [10.3, 13.482036786138359],
    [150.5, 602.5139548705853],
  ])('lnGamma(%d)', (x, expected) => {
    if (expected === 0) expect(Math.abs(lnGamma(x))).toBeLessThan(1e-13);
    else close(lnGamma(x), expected, 1e-12);
  });

  test('regularized incomplete gamma', () => {
    close(regularizedGammaP(2.5, 1.2), 0.20852587940567532, 1e-12);
    close(regularizedGammaQ(0.5, 9.0), 2.2090496998585475e-05, 1e-11);
    close(regularizedGammaP(1, 3) + regularizedGammaQ(1, 3), 1, 1e-15);
    // P(1, x) = 1 − e^−x
    close(regularizedGammaP(1, 0.7), 1 - Math.exp(-0.7), 1e-13);
  });

  test.each([
    [0.3, 2, 3, 0.34829999999999994],
    [0.7, 0.5, 5, 0.999308696614237],
    [0.2, 10, 0.5, 1.994982493613096e-8],
    [0.5, 200, 200.5, 0.5099766683798489],
  ])('I_%d(%d, %d) as SciPy', (x, a, b, expected) => {
    close(regularizedBeta(x, a, b), expected, 1e-10);
  });

  test('incomplete beta closed forms: I_x(1,1) = x, I_x(a,1) = x^a, I_x(1,b) = 1 − (1−x)^b, I_½(a,a) = ½', () => {
    for (const x of [0.01, 0.25, 0.5, 0.8, 0.999]) {
      close(regularizedBeta(x, 1, 1), x, 1e-13);
      close(regularizedBeta(x, 3.5, 1), x ** 3.5, 1e-12);
      close(regularizedBeta(x, 1, 4), 1 - (1 - x) ** 4, 1e-12);
    }
    for (const a of [0.5, 2, 17, 300]) close(regularizedBeta(0.5, a, a), 0.5, 1e-12);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    expect(regularizedBeta(0.9, 50, 40)).toBeCloseTo(1, 12);
  });

  test('erfc and the normal distribution', () => {
    close(normalCdf(1), 0.8413447460685429, 1e-13);
    close(normalCdf(-3), 0.0013498980316300933, 1e-12);
    close(normalCdf(-8), 6.22096057427174e-16, 1e-10);
    close(normalCdf(0.5), 0.6914624612740131, 1e-13);
    expect(normalCdf(0)).toBe(0.5);
    close(erfc(0) , 1, 1e-15);
    close(erfc(-1) + erfc(1), 2, 1e-15);
    close(normalQuantile(0.975), 1.959963984540054, 1e-12);
    close(normalQuantile(0.995), 2.5758293035489, 1e-12);
  });
});

describe("Student's t distribution", () => {
  test.each([
    [2.0, 10, 0.9633059826146299],
    [-1.5, 3, 0.11529193262241147],
    [0.5, 1, 0.6475836176504333],
    [3.0, 2.5, 0.9637119522254841],
    [1.96, 1000, 0.9748634075221256],
    [-4.0, 7, 0.0025949566746484064],
    [10.0, 4, 0.999718998188642],
  ])('cdf(%d, df %d) as SciPy', (t, df, expected) => {
    close(studentTCdf(t, df), expected, 1e-11);
  });

  test('closed forms: Cauchy (df 1) and df 2', () => {
    for (const t of [-5, -1, 0, 0.3, 1, 7]) {
      close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-13);
      close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-13);
    }
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(0.7, Infinity)).toBe(normalCdf(0.7));
  });

  test.each([
    [6.0, 5, 0.0018461382895940143],
    [12.0, 3, 0.0012450158007893362],
    [2.0, 10, 0.07338803477074037],
    [-2.0, 10, 0.07338803477074037],
  ])('two-sided p of t %d with df %d', (t, df, expected) => {
    close(studentTTwoSidedP(t, df), expected, 1e-11);
  });

  test.each([
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [5, 2.5705818356363146],
    [10, 2.228138851986274],
    [30, 2.0422724563012378],
    [7.3, 2.345066736547703],
  ])('97.5 %% point with df %d', (df, expected) => {
    close(studentTQuantile(0.975, df), expected, 1e-11);
  });
});

describe('intervals and tests', () => {
  test('Wilson score interval as SciPy', () => {
    const half = wilsonInterval(5, 10)!;
    close(half.low, 0.236593090512564, 1e-12);
    close(half.high, 0.7634069094874361, 1e-12);
    const none = wilsonInterval(0, 10)!;
    expect(none.low).toBe(0);
    close(none.high, 0.27753279986288926, 1e-12);
    const ctr = wilsonInterval(30, 1000)!;
    close(ctr.low, 0.021093738828834696, 1e-11);
    close(ctr.high, 0.042503414147587126, 1e-11);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  test('two-proportion z-test: 30/1000 vs 45/1000 (as chi2_contingency without correction)', () => {
    const result = twoProportionZTest(30, 1000, 45, 1000)!;
    close(result.statistic, 1.7654696590094991, 1e-12);
    close(result.p, 0.0774848651326447, 1e-11);
    expect(result.df).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 10)).toBeNull();
    expect(twoProportionZTest(1, 0, 1, 10)).toBeNull();
  });

  // exact: python3 -c "from math import comb; print(2*sum(comb(31,i) for i in range(13))/2**31)"
  const P_12_19 = 0.28104151505976915;
  const P_40_70 = 0.005447429511444482;
  test("McNemar's exact test: twice the binomial tail of the rarer discordant count (sums of C(n, i) / 2^n)", () => {
    expect(mcnemarExactP(0, 6)).toBeCloseTo(2 / 64, 14);
    expect(mcnemarExactP(9, 1)).toBeCloseTo(22 / 1024, 14);
    close(mcnemarExactP(12, 19), P_12_19, 1e-10);
    close(mcnemarExactP(19, 12), P_12_19, 1e-10);
    close(mcnemarExactP(40, 70), P_40_70, 1e-9);
    expect(mcnemarExactP(3, 3)).toBe(1);
    expect(mcnemarExactP(5, 4)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBe(1);
  });

  test("Welch's t-test as scipy.stats.ttest_ind(b, a, equal_var=False)", () => {
    const a = summarize([12, 15, 9, 20, 0, 7, 11, 14]);
    const b = summarize([18, 22, 9, 25, 30, 16, 12]);
    const result = welchTTest(a, b)!;
    close(result.statistic, 2.2528877814273613, 1e-12);
    close(result.df!, 11.582941582474197, 1e-12);
    close(result.p, 0.04451530281501126, 1e-10);
    expect(welchTTest(summarize([1, 1]), summarize([1, 1]))).toBeNull();
    expect(welchTTest(summarize([1]), summarize([1, 2, 3]))).toBeNull();
  });

  test('t interval of a mean as scipy.stats.t.interval', () => {
    const s = summarize([12, 15, 9, 20, 0, 7, 11, 14]);
    expect(s.mean).toBe(11);
    close(s.variance, 35.42857142857143, 1e-13);
    const ci = meanInterval(s)!;
    close(ci.low, 6.023844234927604, 1e-11);
    close(ci.high, 15.976155765072395, 1e-11);
    expect(meanInterval(summarize([4]))).toBeNull();
  });

  test('sample sizes for 80 % power at α = 0.05', () => {
    // the textbook case: 3 % vs 4.5 % needs about 2,500 per group
    expect(trialsForProportions(0.03, 0.045)).toBe(2518);
    expect(trialsForProportions(0.1, 0.1)).toBeNull();
    // (1.96 + 0.84)² · 2σ² / δ² with σ = 1, δ = 0.5: about 63
    expect(samplesForMeans(0.5, 1, 1)).toBe(63);
    expect(samplesForMeans(0, 1, 1)).toBeNull();
  });
});
