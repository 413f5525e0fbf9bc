// The rules of a batch of player events, without SQLite: totals and usage per rung. (Resume points and
// the watch history: test/server/history/watch-rules.test.ts.)
import { describe, expect, test } from 'vitest';
import type { SessionEvent, SessionTotals } from '../../../server/src/playback/playback.types.js';
import { applyEvents, averageBitrateBps } from '../../../server/src/playback/session-events.js';

const fresh: SessionTotals = {
  startupMs: null, stallCount: 0, stallMs: 0, switchCount: 0, watchedMs: 0, bits: 0, ratedMs: 0, errorCount: 0, lastError: null, bufferMs: null, reportedBps: null,
  height: null, bitrateBps: null, positionMs: 0, durationMs: 0, endedAt: null,
};
const NOW = 1_700_000_000_000;
const progress = (watchedMs: number, height: number | null, positionMs = watchedMs, durationMs = 600_000): SessionEvent => ({ kind: 'progress', positionMs, durationMs, watchedMs, height });

describe('applyEvents', () => {
  test('a first frame, a rung, ten seconds watched: the totals and usage on that rung', () => {
    const applied = applyEvents(fresh, [{ kind: 'switch', height: 720, bitrateBps: 3_000_000 }, { kind: 'start', startupMs: 850 }, progress(10_000, 720, 12_000)], NOW);
    expect(applied).toEqual({
      totals: { ...fresh, startupMs: 850, height: 720, bitrateBps: 3_000_000, watchedMs: 10_000, bits: 30_000_000, ratedMs: 10_000, positionMs: 12_000, durationMs: 600_000 },
      usage: [{ height: 720, watchedMs: 10_000, stallMs: 0, stallCount: 0 }],
      startupMs: 850,
      switches: 0, // the first rung is no switch
      errors: 0,
    });
  });

  test('watched time between two reports goes to the rung each report names; a switch counts', () => {
    const events: SessionEvent[] = [
      { kind: 'switch', height: 360, bitrateBps: 800_000 },
      progress(4_000, 360),
      { kind: 'switch', height: 1080, bitrateBps: 6_000_000 },
      progress(10_000, 1080),
    ];
    const applied = applyEvents(fresh, events, NOW);
    expect(applied.usage).toEqual([
      { height: 360, watchedMs: 4_000, stallMs: 0, stallCount: 0 },
      { height: 1080, watchedMs: 6_000, stallMs: 0, stallCount: 0 },
    ]);
    expect(applied.totals).toMatchObject({ switchCount: 1, height: 1080, watchedMs: 10_000 });
    expect(applied.switches).toBe(1);
    // 4 s at 0.8 Mb/s and 6 s at 6 Mb/s
    expect(averageBitrateBps(applied.totals)).toBe(Math.round((4 * 800_000 + 6 * 6_000_000) / 10));
  });

  test('the running total never counts twice: a repeated or older report adds nothing', () => {
    const once = applyEvents(fresh, [progress(10_000, 720)], NOW);
    const again = applyEvents(once.totals, [progress(10_000, 720), progress(8_000, 720)], NOW);
    expect(again.usage).toEqual([]);
    expect(again.totals.watchedMs).toBe(10_000);
  });

  test('stalls count on the rung playing; an error keeps its message; a repeated start keeps the first', () => {
    const before = { ...fresh, startupMs: 900, height: 480, bitrateBps: 1_500_000 };
    const applied = applyEvents(before, [{ kind: 'stall', ms: 1_200 }, { kind: 'stall', ms: 300 }, { kind: 'error', message: 'segment 7 failed' }, { kind: 'start', startupMs: 5 }], NOW);
    expect(applied.totals).toMatchObject({ stallCount: 2, stallMs: 1_500, errorCount: 1, lastError: 'segment 7 failed', startupMs: 900 });
    expect(applied.usage).toEqual([{ height: 480, watchedMs: 0, stallMs: 1_500, stallCount: 2 }]);
    expect(applied).toMatchObject({ startupMs: null, errors: 1 });
  });

  test('direct play names no bit rate: time counts, the average bit rate stays unknown', () => {
    const applied = applyEvents(fresh, [progress(10_000, 1080)], NOW);
    expect(applied.usage).toEqual([{ height: 1080, watchedMs: 10_000, stallMs: 0, stallCount: 0 }]);
    expect(applied.totals.height).toBe(1080);
    expect(averageBitrateBps(applied.totals)).toBeNull();
  });

  test('a report without a rung keeps the last one known', () => {
    const applied = applyEvents({ ...fresh, height: 720 }, [progress(5_000, null)], NOW);
    expect(applied.usage[0]!.height).toBe(720);
  });

  test('the end sets the position and the end time once', () => {
    const playing = applyEvents(fresh, [progress(60_000, 720, 300_000)], NOW).totals;
    const stopped = applyEvents(playing, [{ kind: 'end', positionMs: 301_000 }], NOW + 1);
    expect(stopped.totals).toMatchObject({ positionMs: 301_000, endedAt: NOW + 1 });
    expect(applyEvents(stopped.totals, [{ kind: 'end', positionMs: 599_000 }], NOW + 2)).toMatchObject({ totals: { positionMs: 599_000, endedAt: NOW + 1 } });
  });

  test('a paused report counts like any other', () => {
    const applied = applyEvents(fresh, [{ kind: 'progress', positionMs: 10_000, durationMs: 600_000, watchedMs: 10_000, height: 720, paused: true }], NOW);
    expect(applied.totals).toMatchObject({ watchedMs: 10_000, positionMs: 10_000 });
  });

  test('no events: nothing changes', () => {
    expect(applyEvents(fresh, [], NOW)).toEqual({ totals: fresh, usage: [], startupMs: null, switches: 0, errors: 0 });
  });
});
