// The watch history's rules without SQLite: the played rule (90 % or the credits chapter), what a
// player's batch adds to the log, how events make the state, and merging without counting twice.
import { describe, expect, test } from 'vitest';
import { EMPTY_STATE, type HistoryFact, type WatchState } from '../../../server/src/history/history.types.js';
import { creditsStartMs, eventKey, foldEvent, historyOfBatch, isPlayedAt, newEvents, replay } from '../../../server/src/history/watch-rules.js';
import type { SessionEvent, SessionTotals } from '../../../server/src/playback/playback.types.js';

const AT = 1_700_000_000_000;
const MIN = 60_000;

describe('creditsStartMs', () => {
  const movie = 100 * MIN;
  test.each([
    ['"Credits"', [{ startMs: 94 * MIN, title: 'Credits' }], 94 * MIN],
    ['"End Credits"', [{ startMs: 0, title: 'Intro' }, { startMs: 91 * MIN, title: 'End Credits' }], 91 * MIN],
    ['"Closing credits"', [{ startMs: 88 * MIN, title: 'Closing credits' }], 88 * MIN],
    ['the earliest of two in the last quarter', [{ startMs: 96 * MIN, title: 'Post-credits scene' }, { startMs: 85 * MIN, title: 'Credits' }], 85 * MIN],
    ['opening credits (too early) do not count', [{ startMs: MIN, title: 'Opening Credits' }], null],
    ['no chapter says so', [{ startMs: 0, title: 'Chapter 1' }, { startMs: 90 * MIN, title: 'Chapter 12' }, { startMs: 95 * MIN, title: null }], null],
    ['no chapters', [], null],
  ])('%s', (_name, chapters, expected) => {
    expect(creditsStartMs(chapters, movie)).toBe(expected);
  });

  test('an unknown length tells nothing', () => {
    expect(creditsStartMs([{ startMs: 94 * MIN, title: 'Credits' }], 0)).toBeNull();
  });
});

describe('isPlayedAt: 90 % watched, or the credits reached', () => {
  test.each([
    [89 * MIN, 100 * MIN, null, false],
    [90 * MIN, 100 * MIN, null, true],
    [84 * MIN, 100 * MIN, 85 * MIN, false],
    [85 * MIN, 100 * MIN, 85 * MIN, true], // long credits: played before 90 %
    [95 * MIN, 0, null, false], // length unknown, no chapter: never
    [95 * MIN, 0, 90 * MIN, true],
  ])('at %i of %i, credits at %s: %s', (position, duration, credits, expected) => {
    expect(isPlayedAt(position, duration, credits)).toBe(expected);
  });
});

const fresh: Pick<SessionTotals, 'startupMs' | 'endedAt' | 'watchedMs' | 'positionMs' | 'durationMs'> = { startupMs: null, endedAt: null, watchedMs: 0, positionMs: 0, durationMs: 0 };
const progress = (positionMs: number, watchedMs: number, more: Partial<Extract<SessionEvent, { kind: 'progress' }>> = {}): SessionEvent => ({ kind: 'progress', positionMs, durationMs: 600_000, watchedMs, height: 720, ...more });

describe('historyOfBatch', () => {
  test('the first frame is a start; each report a progress, a paused one a pause; the end a stop; stalls and switches are not history', () => {
    const events: SessionEvent[] = [
      { kind: 'switch', height: 720, bitrateBps: null },
      { kind: 'start', startupMs: 800 },
      { kind: 'stall', ms: 300 },
      progress(10_000, 10_000),
      progress(14_000, 14_000, { paused: true }),
      { kind: 'error', message: 'x' },
      { kind: 'end', positionMs: 14_000 },
    ];
    expect(historyOfBatch(fresh, events, AT)).toEqual([
      { kind: 'start', positionMs: null, durationMs: null, at: AT },
      { kind: 'progress', positionMs: 10_000, durationMs: 600_000, at: AT },
      { kind: 'pause', positionMs: 14_000, durationMs: 600_000, at: AT },
      { kind: 'stop', positionMs: 14_000, durationMs: 600_000, at: AT },
    ]);
  });

  test('a batch sent again without numbers adds nothing: older reports, a second start, a second end', () => {
    const after = { startupMs: 800, endedAt: AT, watchedMs: 14_000, positionMs: 14_000, durationMs: 600_000 };
    expect(historyOfBatch(after, [{ kind: 'start', startupMs: 800 }, progress(10_000, 10_000), progress(14_000, 14_000, { paused: true }), { kind: 'end', positionMs: 14_000 }], AT + 5)).toEqual([]);
  });

  test("a paused player's heartbeats add nothing; a seek while paused does", () => {
    const paused = { startupMs: 800, endedAt: null, watchedMs: 14_000, positionMs: 14_000, durationMs: 600_000 };
    expect(historyOfBatch(paused, [progress(14_000, 14_000, { paused: true }), progress(14_000, 14_000, { paused: true })], AT)).toEqual([]);
    expect(historyOfBatch(paused, [progress(300_000, 14_000, { paused: true })], AT)).toEqual([{ kind: 'pause', positionMs: 300_000, durationMs: 600_000, at: AT }]);
  });

  test('the end of a session whose player never said the length has none', () => {
    expect(historyOfBatch({ ...fresh, startupMs: 1 }, [{ kind: 'end', positionMs: 5_000 }], AT)).toEqual([{ kind: 'stop', positionMs: 5_000, durationMs: null, at: AT }]);
  });

  test('a player closed before its first frame played nothing: no history', () => {
    expect(historyOfBatch(fresh, [{ kind: 'stall', ms: 900 }, { kind: 'error', message: 'no source' }, { kind: 'end', positionMs: 0 }], AT)).toEqual([]);
  });
});

const fact = (kind: HistoryFact['kind'], at: number, positionMs: number | null = null, durationMs: number | null = null): HistoryFact => ({ kind, at, positionMs, durationMs });
const fold = (facts: HistoryFact[], from: WatchState = EMPTY_STATE) => facts.reduce(foldEvent, from);

describe('foldEvent: the state the events make', () => {
  test('progress sets the resume point from 10 s on; the last play is the latest event', () => {
    expect(fold([fact('start', 1), fact('progress', 2, 9_999, 600_000)])).toMatchObject({ resumeMs: 0, lastPlayedAt: 2, durationMs: 600_000 });
    expect(fold([fact('start', 1), fact('progress', 2, 125_000, 600_000), fact('pause', 3, 130_000, null)])).toMatchObject({ resumeMs: 130_000, durationMs: 600_000, lastPlayedAt: 3, played: false });
  });

  test('a completion: played, one more play, no resume point; the credits rolling and the stop set none either', () => {
    const done = fold([fact('start', 1), fact('progress', 2, 540_000, 600_000), fact('complete', 2, 540_000, 600_000), fact('progress', 3, 560_000, 600_000), fact('stop', 4, 500_000, 600_000)]);
    expect(done).toEqual({ resumeMs: 0, durationMs: 600_000, played: true, playCount: 1, playedAt: 2, lastPlayedAt: 4, hidden: false, viewingDone: true });
    // watched again: a new viewing sets a resume point, and its end counts a second play
    const again = fold([fact('start', 10), fact('progress', 11, 60_000, 600_000)], done);
    expect(again).toMatchObject({ resumeMs: 60_000, played: true, playCount: 1, viewingDone: false });
    expect(fold([fact('complete', 12, 590_000, 600_000)], again)).toMatchObject({ playCount: 2, resumeMs: 0, playedAt: 12 });
  });

  test('mark played counts a play once; mark unplayed clears played, the count and the resume point', () => {
    const marked = fold([fact('progress', 1, 100_000, 600_000), fact('mark_played', 2), fact('mark_played', 3)]);
    expect(marked).toMatchObject({ played: true, playCount: 1, resumeMs: 0, playedAt: 3 });
    expect(fold([fact('mark_unplayed', 4)], marked)).toMatchObject({ played: false, playCount: 0, resumeMs: 0, playedAt: null, lastPlayedAt: 3 });
  });

  test('hidden until the next start; progress alone does not bring it back', () => {
    const hidden = fold([fact('start', 1), fact('progress', 2, 100_000, 600_000), fact('hide', 3)]);
    expect(hidden).toMatchObject({ hidden: true, resumeMs: 100_000 });
    expect(fold([fact('progress', 4, 110_000, 600_000)], hidden).hidden).toBe(true);
    expect(fold([fact('start', 5)], hidden).hidden).toBe(false);
  });

  test('a report in the last 10 % never leaves a resume point, even without its completion', () => {
    expect(fold([fact('progress', 1, 595_000, 600_000)]).resumeMs).toBe(0);
  });
});

describe('replay and merging: the same events, the same state', () => {
  const events = [
    { itemId: 7, ...fact('start', 100) },
    { itemId: 7, ...fact('progress', 110, 30_000, 600_000) },
    { itemId: 7, ...fact('progress', 120, 40_000, 600_000) },
    { itemId: 7, ...fact('pause', 120, 40_000, 600_000) },
  ];

  test('replay folds in time order; ties keep the given order', () => {
    expect(replay([events[3]!, events[0]!, events[2]!, events[1]!])).toEqual(replay(events));
    expect(replay(events)).toMatchObject({ resumeMs: 40_000, lastPlayedAt: 120 });
  });

  test('the key tells a pause from a progress at the same moment and position', () => {
    expect(eventKey(events[2]!)).not.toBe(eventKey(events[3]!));
    expect(eventKey({ itemId: 7, at: 5, kind: 'start', positionMs: null })).toBe('7|5|start|-1');
  });

  test('importing what is there already adds nothing, twice or once; new events are added once', () => {
    expect(newEvents(events, events)).toEqual([]);
    const more = [...events, { itemId: 7, ...fact('stop', 130, 41_000, 600_000) }, { itemId: 7, ...fact('stop', 130, 41_000, 600_000) }];
    const added = newEvents(events, more);
    expect(added).toEqual([more[4]]);
    expect(newEvents([...events, ...added], more)).toEqual([]);
    expect(replay([...events, ...added])).toEqual(replay([...events, ...added, ...newEvents([...events, ...added], more)]));
  });
});
