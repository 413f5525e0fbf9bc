import { describe, expect, test } from 'vitest';
import pino from 'pino';
import { openDatabase } from '../../server/src/db/open.js';
import { createJobRunner, type JobHandler } from '../../server/src/jobs/job-runner.js';
import { createJobStore } from '../../server/src/jobs/job.store.js';
import { PRIORITY } from '../../server/src/jobs/job.types.js';
import { waitFor } from '../helpers/server.js';

const log = pino({ level: 'silent' });

function setup(itemCount = 5) {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  const insert = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, added_at) VALUES (?, 1, ?, 'movie', 't', 't', 0)`);
  for (let i = 1; i <= itemCount; i++) insert.run(i, `/l/${i}.mkv`);
  return { db, jobs: createJobStore(db) };
}

describe('job store', () => {
  test('the highest priority runs first, then the oldest', () => {
    const { jobs } = setup();
    jobs.enqueue('hls', 1, PRIORITY.batch, 1);
    jobs.enqueue('hls', 2, PRIORITY.fullLadder, 2);
    jobs.enqueue('hls', 3, PRIORITY.fullLadder, 3);
    jobs.enqueue('hls', 4, PRIORITY.playbackNow, 4);
    expect([1, 2, 3, 4].map(() => jobs.claimNext(10)!.itemId)).toEqual([4, 2, 3, 1]);
    expect(jobs.claimNext(10)).toBeNull();
  });

  test('enqueueing twice keeps one job and raises its priority, never lowers it', () => {
    const { jobs } = setup();
    const first = jobs.enqueue('hls', 1, PRIORITY.fullLadder, 1);
    expect(jobs.enqueue('hls', 1, PRIORITY.playbackNow, 2).id).toBe(first.id);
    expect(jobs.enqueue('hls', 1, PRIORITY.batch, 3).priority).toBe(PRIORITY.playbackNow);
  });

  test('a finished job is queued again only when asked', () => {
    const { jobs } = setup();
    const job = jobs.enqueue('hls', 1, PRIORITY.fullLadder, 1);
    jobs.claimNext(2);
    jobs.finish(job.id, 'failed', 'boom', 3);
    expect(jobs.enqueue('hls', 1, PRIORITY.playbackNow, 4).status).toBe('failed');
    expect(jobs.enqueue('hls', 1, PRIORITY.playbackNow, 5, true)).toMatchObject({ status: 'queued', error: null, attempts: 0 });
  });

  test('jobs interrupted by a crash are queued again', () => {
    const { jobs } = setup();
    jobs.enqueue('hls', 1, 1, 1);
    jobs.claimNext(2);
    expect(jobs.find('hls', 1)!.status).toBe('running');
    expect(jobs.recoverInterrupted()).toBe(1);
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', progress: 0 });
  });

  test('deleting an item deletes its jobs', () => {
    const { db, jobs } = setup();
    jobs.enqueue('hls', 1, 1, 1);
    db.prepare('DELETE FROM items WHERE id = 1').run();
    expect(jobs.find('hls', 1)).toBeNull();
  });
});

describe('job runner', () => {
  test('never runs more than the concurrency limit, and finishes everything', async () => {
    const { jobs } = setup(5);
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const handler: JobHandler = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => release.push(r));
      running--;
      return 'done';
    };
    const runner = createJobRunner({ jobs, handlers: { hls: handler, previews: handler }, concurrency: 2, log, now: Date.now });
    for (let i = 1; i <= 5; i++) jobs.enqueue('hls', i, 1, i);
    runner.poke();
    for (let done = 0; done < 5; done++) {
      await waitFor(() => release.length > 0, 'a running job');
      release.shift()!();
    }
    await waitFor(() => [1, 2, 3, 4, 5].every((i) => jobs.find('hls', i)!.status === 'done'), 'all jobs done');
    expect(peak).toBe(2);
  });

  test('a throwing handler marks the job failed with the reason; the runner goes on', async () => {
    const { jobs } = setup(2);
    const handler: JobHandler = async (job) => {
      if (job.itemId === 1) throw new Error('Invalid data found when processing input');
      return 'skipped';
    };
    const runner = createJobRunner({ jobs, handlers: { hls: handler, previews: handler }, concurrency: 1, log, now: Date.now });
    jobs.enqueue('hls', 1, 2, 1);
    jobs.enqueue('hls', 2, 1, 2);
    runner.poke();
    await waitFor(() => jobs.find('hls', 2)!.status === 'skipped', 'second job');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'failed', error: 'Invalid data found when processing input' });
  });

  test('stop() aborts running jobs and leaves them to be recovered', async () => {
    const { jobs } = setup(1);
    const handler: JobHandler = (_job, ctx) =>
      new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    const runner = createJobRunner({ jobs, handlers: { hls: handler, previews: handler }, concurrency: 1, log, now: Date.now });
    jobs.enqueue('hls', 1, 1, 1);
    runner.poke();
    expect(runner.running()).toBe(1);
    await runner.stop();
    expect(jobs.find('hls', 1)!.status).toBe('running');
    expect(jobs.recoverInterrupted()).toBe(1);
  });
});
