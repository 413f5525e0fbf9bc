import { describe, expect, test } from 'vitest';
import { HOUR_MS, percentile, qoeBuckets } from '../../../server/src/playback/qoe.js';

describe('percentile (nearest rank)', () => {
  test.each([
    [[], 50, null],
    [[700], 50, 700],
    [[700], 95, 700],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 95, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
    [Array.from({ length: 100 }, (_, i) => i + 1), 50, 50],
    [[5, 9], 0, 5],
  ])('%j p%i = %j', (sorted, p, expected) => {
    expect(percentile(sorted, p)).toBe(expected);
  });
});

describe('qoeBuckets', () => {
  const now = Date.UTC(2025, 0, 10, 14, 25);
  const hour = (h: number) => Date.UTC(2025, 0, 10, h);

  test('one bucket per hour, oldest first, the current hour last, empty hours included', () => {
    const buckets = qoeBuckets({ now, hours: 3, startups: [], usage: [] });
    expect(buckets.map((b) => b.startAt)).toEqual([hour(12), hour(13), hour(14)]);
    expect(buckets[0]).toEqual({ startAt: hour(12), starts: 0, startupP50Ms: null, startupP95Ms: null, watchedMs: 0, stallMs: 0, stallCount: 0, rebufferingRatio: null, rungs: [] });
  });

  test('start times by the hour a session started; stalls over watched time; time per rung, highest first', () => {
    const buckets = qoeBuckets({
      now,
      hours: 2,
      startups: [
        { startedAt: hour(13) + 5, startupMs: 400 },
        { startedAt: hour(13) + 9, startupMs: 1_200 },
        { startedAt: hour(14) + 1, startupMs: 2_000 },
        { startedAt: hour(11), startupMs: 99 }, // before the window
      ],
      usage: [
        { hourAt: hour(13), height: 360, watchedMs: 20_000, stallMs: 1_000, stallCount: 1 },
        { hourAt: hour(13), height: 1080, watchedMs: 60_000, stallMs: 0, stallCount: 0 },
        { hourAt: hour(13), height: null, watchedMs: 5_000, stallMs: 0, stallCount: 0 },
        { hourAt: hour(14), height: 720, watchedMs: 0, stallMs: 3_000, stallCount: 2 },
        { hourAt: hour(14) + HOUR_MS, height: 720, watchedMs: 9, stallMs: 0, stallCount: 0 }, // after it
      ],
    });
    expect(buckets[0]).toEqual({
      startAt: hour(13), starts: 2, startupP50Ms: 400, startupP95Ms: 1_200, watchedMs: 85_000, stallMs: 1_000, stallCount: 1, rebufferingRatio: 1_000 / 85_000,
      rungs: [{ height: 1080, watchedMs: 60_000 }, { height: 360, watchedMs: 20_000 }, { height: null, watchedMs: 5_000 }],
    });
    // stalled without watching: no ratio to speak of, and no rung watched
    expect(buckets[1]).toMatchObject({ starts: 1, startupP50Ms: 2_000, stallMs: 3_000, stallCount: 2, rebufferingRatio: null, rungs: [] });
  });
});
