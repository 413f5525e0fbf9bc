import { describe, expect, test } from 'vitest';
import type { HistoryEventDto, ResumeDto } from '../../../../server/src/http/api-types.js';
import { eventWords, exportFileName, historyLines, importWords, timeLeft, watchedShare, watchStateWords } from '../../../../renderer/src/lib/history/history-words.js';

const MIN = 60_000;

describe('a title watched', () => {
  test.each([
    [0, 0, 0],
    [30 * MIN, 0, 0],
    [30 * MIN, 100 * MIN, 0.3],
    [120 * MIN, 100 * MIN, 1],
  ])('watchedShare(%i, %i) = %f', (position, duration, share) => {
    expect(watchedShare(position, duration)).toBe(share);
  });

  test('time left: whole minutes, at least one; nothing when the length is unknown', () => {
    expect(timeLeft(30 * MIN, 100 * MIN)).toBe('1 h 10 min left');
    expect(timeLeft(99.8 * MIN, 100 * MIN)).toBe('1 min left');
    expect(timeLeft(30 * MIN, 0)).toBe('');
  });

  const state = (more: Partial<ResumeDto>): ResumeDto => ({ positionMs: 0, durationMs: 0, played: false, playCount: 0, lastPlayedAt: null, hidden: false, ...more });
  test.each([
    [state({}), 'Not played yet'],
    [state({ positionMs: 12 * MIN + 4_000, durationMs: 45 * MIN }), 'Stopped at 12:04 · 33 min left'],
    [state({ played: true, playCount: 1, lastPlayedAt: '2026-11-26T20:00:00.000Z' }), 'Played · last on Nov 26, 2026'],
    [state({ played: true, playCount: 2, lastPlayedAt: '2026-11-26T20:00:00.000Z' }), 'Played twice · last on Nov 26, 2026'],
    [state({ played: true, playCount: 5 }), 'Played 5 times'],
  ])('%j says "%s"', (s, words) => {
    expect(watchStateWords(s, 'en-US')).toBe(words);
  });
});

let id = 100;
const event = (kind: HistoryEventDto['kind'], positionMs: number | null, more: Partial<HistoryEventDto> = {}): HistoryEventDto => ({
  id: id--,
  at: '2026-11-26T20:00:00.000Z',
  kind,
  itemId: 1,
  title: 'Sintel',
  positionMs,
  durationMs: positionMs === null ? null : 100 * MIN,
  sessionId: 7,
  ...more,
});

describe('the history in words', () => {
  test.each([
    ['start', null, 'Started playing'],
    ['progress', 62_000, 'Watched up to 1:02'],
    ['pause', 3_725_000, 'Paused at 1:02:05'],
    ['stop', 0, 'Stopped at 0:00'],
    ['complete', 90 * MIN, 'Finished'],
    ['mark_played', null, 'Marked played'],
    ['mark_unplayed', null, 'Marked unplayed'],
    ['hide', null, 'Removed from Continue watching'],
  ] as const)('%s at %s: "%s"', (kind, position, words) => {
    expect(eventWords({ kind, positionMs: position })).toBe(words);
  });

  test("a session's run of progress reports is one line; another session's or title's is not", () => {
    const page = [
      event('stop', 30 * MIN),
      event('progress', 30 * MIN),
      event('progress', 20 * MIN),
      event('progress', 10 * MIN),
      event('start', null),
      event('progress', 5 * MIN, { sessionId: 6 }),
      event('progress', 4 * MIN, { itemId: 2, title: null, sessionId: 6 }),
    ];
    expect(historyLines(page).map((l) => [l.title, l.words, l.gone])).toEqual([
      ['Sintel', 'Stopped at 30:00', false],
      ['Sintel', 'Watched 10:00 to 30:00', false],
      ['Sintel', 'Started playing', false],
      ['Sintel', 'Watched up to 5:00', false],
      ['A removed title', 'Watched up to 4:00', true],
    ]);
  });

  test('what an import did', () => {
    expect(importWords({ added: 120, duplicates: 0, unmatched: 0 })).toBe('Imported 120 events.');
    expect(importWords({ added: 0, duplicates: 120, unmatched: 0 })).toBe('Nothing new to import (120 events already here).');
    expect(importWords({ added: 1, duplicates: 3, unmatched: 2 })).toBe('Imported 1 event (3 events already here; 2 events of titles not in this library).');
  });

  test('the export file name keeps the profile name to safe characters', () => {
    expect(exportFileName('Anna', '2026-11-26T20:00:00.000Z')).toBe('seed-history-Anna-2026-11-26.json');
    expect(exportFileName('Kim & Lou / TV', '2026-11-26T20:00:00.000Z')).toBe('seed-history-Kim-Lou-TV-2026-11-26.json');
    expect(exportFileName('///', '2026-11-26T20:00:00.000Z')).toBe('seed-history-profile-2026-11-26.json');
  });
});
