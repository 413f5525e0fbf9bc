import { describe, expect, test } from 'vitest';
import type { JobDto, QueueDto } from '../../../../server/src/http/api-types.js';
import { PRIORITY } from '../../../../server/src/jobs/job.types.js';
import {
  BUSY_POLL_MS,
  concurrencyWords,
  etaWords,
  attemptWords,
  finishedStatusWords,
  groupJobs,
  IDLE_POLL_MS,
  jobKindName,
  pollDelayMs,
  priorityWords,
  queueSummary,
  retryWords,
} from '../../../../renderer/src/lib/admin/queue-words.js';

test.each<[number, string]>([
  [1000, 'Playing now'],
  [100, 'Playing now'],
  [99, 'Head start'],
  [75, 'Head start'],
  [74, 'Ladder'],
  [50, 'Ladder'],
  [49, 'Batch'],
  [10, 'Batch'],
  [0, 'Batch'],
  [-5, 'Batch'],
])('priority %d reads %j', (priority, words) => {
  expect(priorityWords(priority)).toBe(words);
});

test('the server’s priority bands each have their own words', () => {
  expect([PRIORITY.playbackNow, PRIORITY.headStart, PRIORITY.fullLadder, PRIORITY.batch].map(priorityWords)).toEqual([
    'Playing now',
    'Head start',
    'Ladder',
    'Batch',
  ]);
});

test.each<[number | null, string | null]>([
  [null, null],
  [-1, null],
  [Number.NaN, null],
  [0, 'a few seconds left'],
  [9, 'a few seconds left'],
  [10, 'about 10 s left'],
  [42, 'about 40 s left'],
  [43, 'about 45 s left'],
  [57, 'about 55 s left'],
  [58, 'about 1 min left'],
  [60, 'about 1 min left'],
  [89, 'about 1 min left'],
  [90, 'about 2 min left'],
  [180, 'about 3 min left'],
  [3569, 'about 59 min left'],
  [3600, 'about 1 h left'],
  [4800, 'about 1 h 20 min left'],
  [7200, 'about 2 h left'],
])('ETA %s s reads %j', (seconds, words) => {
  expect(etaWords(seconds)).toBe(words);
});

describe('retryWords', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  test.each<[string | null, string | null]>([
    [null, null],
    ['not a date', null],
    ['2026-01-01T12:00:25Z', 'retrying in 25 s'],
    ['2026-01-01T12:00:00.400Z', 'retrying now'],
    ['2026-01-01T12:00:01Z', 'retrying in 1 s'],
    ['2026-01-01T12:01:00Z', 'retrying in 1 min'],
    ['2026-01-01T12:02:10Z', 'retrying in 2 min'],
    // its time has come and gone: the next poll shows it running
    ['2026-01-01T11:59:50Z', 'retrying now'],
  ])('%j at noon reads %j', (retryAt, words) => {
    expect(retryWords(retryAt, now)).toBe(words);
  });
});

test.each<[QueueDto['counts'], string]>([
  [{ running: 2, queued: 14, failed: 1, done: 30 }, '2 running · 14 queued · 1 failed'],
  [{ running: 1 }, '1 running'],
  [{ queued: 3, failed: 0 }, '3 queued'],
  [{ failed: 2, done: 5 }, '2 failed'],
  [{ done: 5, skipped: 1, cancelled: 2 }, 'Nothing waiting'],
  [{}, 'Nothing waiting'],
])('counts %j sum up as %j', (counts, words) => {
  expect(queueSummary(counts)).toBe(words);
});

test.each<[number, string]>([
  [1, '1 at a time'],
  [4, '4 at a time'],
  [0, '1 at a time'],
])('concurrency %d reads %j', (concurrency, words) => {
  expect(concurrencyWords(concurrency)).toBe(words);
});

test.each<[QueueDto['counts'], number]>([
  [{ running: 1 }, BUSY_POLL_MS],
  [{ queued: 1, failed: 3 }, BUSY_POLL_MS],
  [{ failed: 3, done: 10 }, IDLE_POLL_MS],
  [{}, IDLE_POLL_MS],
])('with %j the queue is asked again after %d ms', (counts, ms) => {
  expect(pollDelayMs(counts)).toBe(ms);
});

test('job kinds, attempts and finished states have words', () => {
  expect([0, 1, 3].map(attemptWords)).toEqual(['0 attempts', '1 attempt', '3 attempts']);
  expect(jobKindName('hls')).toBe('HLS ladder');
  expect(jobKindName('previews')).toBe('Seek previews');
  expect(['done', 'skipped', 'cancelled'].map((s) => finishedStatusWords(s as JobDto['status']))).toEqual(['Done', 'Skipped', 'Cancelled']);
});

describe('groupJobs', () => {
  const job = (id: number, status: JobDto['status'], finishedAt: string | null = null): JobDto => ({
    id,
    kind: 'hls',
    itemId: id,
    title: `Title ${id}`,
    status,
    priority: 50,
    progress: 0,
    etaSeconds: null,
    attempts: 0,
    error: null,
    errorTail: null,
    retryAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: null,
    finishedAt,
  });

  test('splits the server’s list into sections, keeping its order', () => {
    const groups = groupJobs([job(1, 'running'), job(2, 'queued'), job(3, 'queued'), job(4, 'failed', '2026-01-01T01:00:00Z')]);
    expect(groups.running.map((j) => j.id)).toEqual([1]);
    expect(groups.queued.map((j) => j.id)).toEqual([2, 3]);
    expect(groups.failed.map((j) => j.id)).toEqual([4]);
    expect(groups.finished).toEqual([]);
  });

  test('finished jobs of any outcome come together, the most recent first', () => {
    const groups = groupJobs([
      job(5, 'done', '2026-01-01T01:00:00Z'),
      job(6, 'cancelled', '2026-01-01T03:00:00Z'),
      job(7, 'skipped', '2026-01-01T02:00:00Z'),
      job(8, 'done', null),
    ]);
    expect(groups.finished.map((j) => j.id)).toEqual([6, 7, 5, 8]);
  });

  test('an empty queue has empty sections', () => {
    expect(groupJobs([])).toEqual({ running: [], queued: [], failed: [], finished: [] });
  });
});
