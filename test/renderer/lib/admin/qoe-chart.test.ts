import { describe, expect, test } from 'vitest';
import { bars, FRAME, lineRuns, niceCeiling, rungColour, rungsOf, slotX, stackedBars, valueY, xTicks, yTicks, type Frame } from '../../../../renderer/src/lib/admin/qoe-chart.js';

// a plot 100 wide and 100 high, from (10, 0): easy numbers
const f: Frame = { width: 110, height: 110, left: 10, right: 0, top: 0, bottom: 10 };

describe('niceCeiling', () => {
  test.each([
    [0, 0, 1],
    [0, 1, 1],
    [0.3, 0, 0.5],
    [0.8, 1, 1],
    [1.2, 0, 2],
    [2.2, 0, 2.5],
    [3, 0, 5],
    [7, 0, 10],
    [12, 0, 20],
    [48, 0, 50],
    [60, 0, 100],
    [Number.NaN, 0, 1],
  ])('%s (at least %s) → %s', (max, floor, expected) => {
    expect(niceCeiling(max, floor)).toBe(expected);
  });
});

describe('scales', () => {
  test('slots are centred; values run bottom to top, clamped', () => {
    expect([0, 1, 3].map((i) => slotX(i, 4, f))).toEqual([22.5, 47.5, 97.5]);
    expect(valueY(0, 10, f)).toBe(100);
    expect(valueY(10, 10, f)).toBe(0);
    expect(valueY(2.5, 10, f)).toBe(75);
    expect(valueY(20, 10, f)).toBe(0);
    expect(valueY(-1, 10, f)).toBe(100);
  });
});

describe('lineRuns', () => {
  test('a null breaks the line; a run of one is a dot', () => {
    expect(lineRuns([1, 2, null, 4, null, null, 5, 5], 10, f)).toEqual({
      runs: ['16.3,90 28.8,80', '91.3,50 103.8,50'],
      dots: [{ x: 53.8, y: 60 }],
    });
  });

  test('no values: nothing to draw', () => {
    expect(lineRuns([null, null], 10, f)).toEqual({ runs: [], dots: [] });
  });
});

describe('bars', () => {
  test('from the axis up to the value, 70 % of the slot wide; none for null or 0', () => {
    expect(bars([5, null, 0, 10], 10, f)).toEqual([
      { index: 0, x: 13.8, y: 50, width: 17.5, height: 50 },
      { index: 3, x: 88.8, y: 0, width: 17.5, height: 100 },
    ]);
  });

  test('stacked: lowest rung at the bottom, unknown below it; values in the unit given', () => {
    const buckets = [{ rungs: [{ height: 1080, seconds: 120 }, { height: null, seconds: 60 }, { height: 360, seconds: 60 }] }, { rungs: [] }];
    expect(stackedBars(buckets, 10, 60, f)).toEqual([
      { index: 0, rungHeight: null, x: 17.5, y: 90, width: 35, height: 10 },
      { index: 0, rungHeight: 360, x: 17.5, y: 80, width: 35, height: 10 },
      { index: 0, rungHeight: 1080, x: 17.5, y: 60, width: 35, height: 20 },
    ]);
  });

  test('the rungs watched, highest first, unknown last', () => {
    expect(rungsOf([{ rungs: [{ height: 360, seconds: 1 }, { height: null, seconds: 1 }] }, { rungs: [{ height: 1080, seconds: 1 }, { height: 360, seconds: 2 }] }])).toEqual([1080, 360, null]);
  });
});

describe('ticks and colours', () => {
  test('y: 0, half and the top; x: every n slots counted back from the current hour', () => {
    expect(yTicks(4, (v) => `${v} s`, f)).toEqual([{ y: 100, label: '0 s' }, { y: 50, label: '2 s' }, { y: 0, label: '4 s' }]);
    const hours = ['h0', 'h1', 'h2', 'h3', 'h4'];
    expect(xTicks(hours, 2, (h) => h.toUpperCase(), f)).toEqual([{ x: 20, label: 'H0' }, { x: 60, label: 'H2' }, { x: 100, label: 'H4' }]);
  });

  test('the highest rung gets the accent green; every rung a colour of its own', () => {
    expect(rungColour(0, 1)).toBe('hsl(148 64% 50%)');
    expect(rungColour(0, 3)).toBe('hsl(148 64% 50%)');
    expect(new Set([0, 1, 2].map((i) => rungColour(i, 3))).size).toBe(3);
  });

  test('the default frame leaves room for the axis labels', () => {
    expect(FRAME.left).toBeGreaterThanOrEqual(40);
  });
});
