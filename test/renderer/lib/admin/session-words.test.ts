import { describe, expect, test } from 'vitest';
import type { QoeBucketDto } from '../../../../server/src/http/api-types.js';
import {
  bandwidthLabel,
  bitrateLabel,
  bufferLabel,
  clockTime,
  methodLabel,
  playedShare,
  positionLabel,
  qoeSummary,
  ratioLabel,
  rungLabel,
  spanLabel,
  stallsLabel,
  startupLabel,
  summaryWords,
} from '../../../../renderer/src/lib/admin/session-words.js';
import { hrefOf, parseRoute } from '../../../../renderer/src/lib/routes.js';

// the words keep numbers and units together with no-break spaces
const plain = (s: string | null) => s?.replace(/\u00a0/g, ' ') ?? null;

test('the Sessions page has a route', () => {
  expect(parseRoute('#/admin/sessions')).toEqual({ name: 'admin-sessions' });
  expect(parseRoute('#/admin/sessions/')).toEqual({ name: 'admin-sessions' });
  expect(hrefOf({ name: 'admin-sessions' })).toBe('#/admin/sessions');
});

describe('words', () => {
  test.each([
    ['direct', 'Direct'],
    ['remux', 'Remuxed'],
    ['hls', 'Transcoded'],
  ] as const)('method %s → %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });

  test('rungs and bit rates', () => {
    expect(rungLabel(720)).toBe('720p');
    expect(rungLabel(null)).toBe('—');
    expect(bitrateLabel(null)).toBeNull();
    expect(bitrateLabel(0)).toBeNull();
    expect(plain(bitrateLabel(800_000))).toBe('800 kb/s');
    expect(plain(bitrateLabel(999_499))).toBe('999 kb/s');
    expect(plain(bitrateLabel(999_500))).toBe('1 Mb/s');
    expect(plain(bitrateLabel(3_240_000))).toBe('3.2 Mb/s');
    expect(plain(bitrateLabel(12_400_000))).toBe('12 Mb/s');
  });

  test.each([
    [0, '0:00'],
    [42_900, '0:42'],
    [724_000, '12:04'],
    [3_729_000, '1:02:09'],
    [-5, '0:00'],
    [Number.NaN, '0:00'],
  ])('clock %i → %s', (ms, text) => {
    expect(clockTime(ms)).toBe(text);
  });

  test('position of length; the share played', () => {
    expect(positionLabel({ positionMs: 724_000, durationMs: 6_000_000 })).toBe('12:04 / 1:40:00');
    expect(positionLabel({ positionMs: 5_000, durationMs: 0 })).toBe('0:05');
    expect(playedShare({ positionMs: 1_500_000, durationMs: 6_000_000 })).toBe(0.25);
    expect(playedShare({ positionMs: 5, durationMs: 0 })).toBe(0);
    expect(playedShare({ positionMs: 7, durationMs: 5 })).toBe(1);
  });

  test.each([
    [850, '850 ms'],
    [1_000, '1 s'],
    [1_260, '1.3 s'],
    [12_400, '12 s'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
  ])('span %i → %s', (ms, text) => {
    expect(plain(spanLabel(ms))).toBe(text);
  });

  test('start time and stalls', () => {
    expect(startupLabel(null)).toBe('starting…');
    expect(plain(startupLabel(930))).toBe('930 ms');
    expect(stallsLabel({ stallCount: 0, stallMs: 0 })).toBe('no stalls');
    expect(plain(stallsLabel({ stallCount: 1, stallMs: 1_200 }))).toBe('1 stall · 1.2 s');
    expect(plain(stallsLabel({ stallCount: 3, stallMs: 8_000 }))).toBe('3 stalls · 8 s');
  });

  test.each([
    [null, '—'],
    [0, '0 %'],
    [0.0042, '0.42 %'],
    [0.004, '0.4 %'],
    [0.031, '3.1 %'],
    [0.05, '5 %'],
    [0.125, '13 %'],
    [0.1, '10 %'],
  ])('ratio %s → %s', (ratio, text) => {
    expect(plain(ratioLabel(ratio))).toBe(text);
  });
});

describe('the network column', () => {
  test('the lower of the two measurements, which the next start goes by; the buffer ahead', () => {
    expect(bandwidthLabel({ measuredBps: 48_000_000, reportedBps: 9_100_000 })).toBe('9.1\u00a0Mb/s');
    expect(bandwidthLabel({ measuredBps: 2_400_000, reportedBps: null })).toBe('2.4\u00a0Mb/s');
    expect(bandwidthLabel({ measuredBps: null, reportedBps: null })).toBe('—');
    expect(plain(bufferLabel(24_400))).toBe('24 s buffered');
    expect(bufferLabel(null)).toBeNull();
  });
});

describe('the day at a glance', () => {
  const bucket = (over: Partial<QoeBucketDto>): QoeBucketDto => ({
    startAt: '2025-01-10T12:00:00.000Z', starts: 0, startupP50Ms: null, startupP95Ms: null, watchedSeconds: 0, stallSeconds: 0, stallCount: 0, rebufferingRatio: null, rungs: [], ...over,
  });

  test('sums plays and time, the ratio over the whole day, the slowest p95 and the median of the medians', () => {
    const summary = qoeSummary([
      bucket({ starts: 2, startupP50Ms: 800, startupP95Ms: 2_000, watchedSeconds: 3_000, stallSeconds: 12 }),
      bucket({}),
      bucket({ starts: 1, startupP50Ms: 1_500, startupP95Ms: 1_500, watchedSeconds: 1_320, stallSeconds: 0 }),
      bucket({ starts: 1, startupP50Ms: 400, startupP95Ms: 400 }),
    ]);
    expect(summary).toEqual({ starts: 4, watchedSeconds: 4_320, stallSeconds: 12, rebufferingRatio: 12 / 4_320, worstP95Ms: 2_000, typicalP50Ms: 800 });
    expect(plain(summaryWords(summary, 24))).toBe('4 plays · 1 h 12 min watched · rebuffering 0.28 %');
  });

  test('an empty day says so', () => {
    expect(summaryWords(qoeSummary([bucket({}), bucket({})]), 24)).toBe('Nothing played in the last 24 hours.');
  });
});
