import { expect, test } from 'vitest';
import { relativeTime } from '../../../renderer/src/lib/relative-time.js';

const now = Date.parse('2025-06-15T12:00:00.000Z');
const before = (ms: number) => new Date(now - ms).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test.each([
  [0, 'just now'],
  [44 * SECOND, 'just now'],
  // the clocks of two machines disagree a little: a time just ahead is still "just now"
  [-30 * SECOND, 'just now'],
  [60 * SECOND, '1 minute ago'],
  [3 * MINUTE, '3 minutes ago'],
  [44 * MINUTE, '44 minutes ago'],
  [50 * MINUTE, '1 hour ago'],
  [5 * HOUR, '5 hours ago'],
  [23 * HOUR, 'yesterday'],
  [3 * DAY, '3 days ago'],
])('%s ms ago → %j', (ago, expected) => {
  expect(relativeTime(before(ago), now)).toBe(expected);
});

test('past a week it is the date', () => {
  expect(relativeTime(before(30 * DAY), now, 'en-US')).toBe('May 16, 2025');
});

test('a number of ms works as well as an ISO string; nonsense gives nothing', () => {
  expect(relativeTime(now - 3 * MINUTE, now)).toBe('3 minutes ago');
  expect(relativeTime('not a date', now)).toBe('');
});
