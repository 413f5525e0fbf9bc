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
    const runner = createJobRunner({ jobs, handlers: { hls: handler, headstart: handler, remux: handler, previews: handler }, concurrency: 2, log, now: Date.now });
    for (let i = 1; i <= 5; i++) jobs.enqueue('hls', i, 1, i);
    runner.poke();
    for (let done = 0; done < 5; done++) {
      await waitFor(() => release.length > 0, 'a running job');
      release.shift()!();
    }
    await waitFor(() => [1, 2, 3, 4, 5].every((i) => jobs.find('hls', i)!.status === 'done'), 'all jobs done');
    expect(peak).toBe(2);
  });

  test('a throwing handler records the reason and backs off; the runner goes on', async () => {
    const { jobs } = setup(2);
    const handler: JobHandler = async (job) => {
      if (job.itemId === 1) throw new Error('Invalid data found when processing input');
      return 'skipped';
    };
    const runner = createJobRunner({ jobs, handlers: { hls: handler, headstart: handler, remux: handler, previews: handler }, concurrency: 1, log, now: Date.now });
    jobs.enqueue('hls', 1, 2, 1);
    jobs.enqueue('hls', 2, 1, 2);
    runner.poke();
    await waitFor(() => jobs.find('hls', 2)!.status === 'skipped', 'second job');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', attempts: 1, error: 'Invalid data found when processing input' });
    expect(jobs.find('hls', 1)!.notBefore).toBeGreaterThan(Date.now());
    await runner.stop();
  });

  test('stop() aborts running jobs and queues them again, the attempt cut short not counted; a crash is recovered at the next start, counted', async () => {
    const { jobs } = setup(1);
    const handler: JobHandler = (_job, ctx) =>
      new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    // the app quit mid-transcode, again and again: the job keeps all its retries
    for (let quit = 0; quit < 4; quit++) {
      const runner = createJobRunner({ jobs, handlers: { hls: handler, headstart: handler, remux: handler, previews: handler }, concurrency: 1, log, now: Date.now });
      if (quit === 0) jobs.enqueue('hls', 1, 1, 1);
      runner.poke();
      expect(runner.running()).toBe(1);
      expect(jobs.find('hls', 1)).toMatchObject({ status: 'running', attempts: 1 });
      await runner.stop();
      expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', attempts: 0 });
    }
    expect(jobs.recoverInterrupted()).toBe(0);
    // a crash (no stop): found running at the next start, queued again with the attempt counted
    jobs.claimNext(2);
    expect(jobs.recoverInterrupted()).toBe(1);
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', attempts: 1 });
  });
});

describe('failures, back-off, cancel and pause', () => {
  test('a failed attempt waits and is tried again; after the last it stays failed with ffmpeg’s error tail', async () => {
    const { jobs } = setup(1);
    let now = 1_000_000;
    const handler: JobHandler = async () => {
      throw Object.assign(new Error('Conversion failed!'), { stderrTail: 'Error while decoding stream #0:0\nConversion failed!\n' });
    };
    const runner = createJobRunner({ jobs, handlers: { hls: handler, headstart: handler, remux: handler, previews: handler }, concurrency: 1, log, now: () => now });
    jobs.enqueue('hls', 1, 1, now);
    runner.poke();
    await waitFor(() => jobs.find('hls', 1)!.attempts === 1 && jobs.find('hls', 1)!.status === 'queued', 'first failure');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', notBefore: now + 30_000, error: 'Conversion failed!' });
    runner.poke();
    expect(jobs.find('hls', 1)!.attempts).toBe(1); // still waiting
    now += 30_000;
    runner.poke();
    await waitFor(() => jobs.find('hls', 1)!.attempts === 2 && jobs.find('hls', 1)!.status === 'queued', 'second failure');
    expect(jobs.find('hls', 1)!.notBefore).toBe(now + 60_000);
    now += 60_000;
    runner.poke();
    await waitFor(() => jobs.find('hls', 1)!.status === 'failed', 'the job to stay failed');
    expect(jobs.find('hls', 1)).toMatchObject({ attempts: 3, error: 'Conversion failed!', errorTail: 'Error while decoding stream #0:0\nConversion failed!\n' });
    await runner.stop();
  });

  test('cancel stops a running job; pause keeps new jobs from starting until resume', async () => {
    const { jobs } = setup(3);
    const started: number[] = [];
    const handler: JobHandler = (job, ctx) =>
      new Promise((resolve, reject) => {
        started.push(job.itemId);
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        if (job.itemId !== 1) resolve('done');
      });
    const runner = createJobRunner({ jobs, handlers: { hls: handler, headstart: handler, remux: handler, previews: handler }, concurrency: 1, log, now: Date.now });
    jobs.enqueue('hls', 1, 3, 1);
    runner.poke();
    await waitFor(() => started.includes(1), 'job 1 to start');
    runner.pause();
    jobs.enqueue('hls', 2, 2, 2);
    expect(runner.cancel(jobs.find('hls', 1)!.id)).toBe(true);
    await waitFor(() => runner.running() === 0, 'the cancelled job to stop');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'cancelled', error: 'cancelled by the admin' });
    expect(started).toEqual([1]); // paused: job 2 waits
    expect(jobs.isPaused()).toBe(true);
    runner.resume();
    await waitFor(() => jobs.find('hls', 2)!.status === 'done', 'job 2 after resume');
    expect(jobs.retry(jobs.find('hls', 1)!.id, 50)).toMatchObject({ status: 'queued', attempts: 0, error: null });
    await runner.stop();
  });

  test('ETA comes from the rate of progress', async () => {
    const { etaSeconds } = await import('../../server/src/jobs/jobs.routes.js');
    expect(etaSeconds({ status: 'running', progress: 0.25, startedAt: 0 }, 10_000)).toBe(30);
    expect(etaSeconds({ status: 'running', progress: 0, startedAt: 0 }, 10_000)).toBeNull();
    expect(etaSeconds({ status: 'queued', progress: 0.5, startedAt: 0 }, 10_000)).toBeNull();
  });
});

describe('playback of a title whose transcode failed', () => {
  test('a failed attempt shows as failed at once, and Retry starts it without waiting for the back-off', async () => {
    const { createHlsService } = await import('../../server/src/streaming/hls.service.js');
    const { createCatalogStore } = await import('../../server/src/catalog/catalog.store.js');
    const { createMediaFileStore } = await import('../../server/src/catalog/media-file.store.js');
    const { createRenditionStore } = await import('../../server/src/streaming/rendition.store.js');
    const { db, jobs } = setup(1);
    db.prepare(`INSERT INTO library_folders (id, library_id, path) VALUES (1, 1, '/l')`).run();
    db.prepare(
      `INSERT INTO media_files (item_id, folder_id, path, size_bytes, mtime_ms, dev, inode, duration_ms, media_json, added_at) VALUES (1, 1, '/l/1.mkv', 1, 1, '1', '1', 1000, ?, 0)`,
    ).run(JSON.stringify({ formatName: 'mkv', durationMs: 1000, sizeBytes: 1, bitRateKbps: 1, video: { index: 0, codec: 'mpeg4', width: 160, height: 90, frameRate: 15, pixelFormat: 'yuv420p', rotation: 0 }, audio: [], tags: {} }));
    const hls = createHlsService({
      catalog: createCatalogStore(db),
      files: createMediaFileStore(db),
      jobs,
      renditions: createRenditionStore(db),
      runFfmpeg: async () => undefined,
      probe: async () => {
        throw new Error('not probed in this test');
      },
      transcodesDir: '/nonexistent',
      segmentSeconds: 4,
      poke: () => undefined,
      now: () => 1000,
      live: {} as never, // not reached: no segment is asked for
    });
    // nobody waits for the ladder: the title plays just in time while it is made
    expect(hls.playback(1)).toMatchObject({ method: 'hls', ready: true, reason: 'transcoding: this browser cannot play MPEG4; HLS just in time: the full ladder is 0 % made', transcode: { status: 'queued' } });
    const job = jobs.claimNext(1000)!;
    jobs.backOff(job.id, 'Invalid data found when processing input', null, 999_999);
    expect(hls.playback(1)).toMatchObject({ ready: false, reason: 'transcoding failed: Invalid data found when processing input', transcode: { status: 'failed' } });
    hls.playback(1, { retry: true });
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', notBefore: 0, error: null });
  });
});

describe('the queue API', () => {
  test('episodes are named with their show; cancel or retry in the wrong state is a 409', async () => {
    const express = (await import('express')).default;
    const request = (await import('supertest')).default;
    const { jobsRoutes } = await import('../../server/src/jobs/jobs.routes.js');
    const { errorHandler } = await import('../../server/src/http/error-handler.js');
    const { db, jobs } = setup(2);
    db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, added_at) VALUES (1, 1, 's', 'Test Show', 'test show', 0)`).run();
    db.prepare(`UPDATE items SET kind = 'episode', series_id = 1, season = 1, episode = 2, title = 'Pilot' WHERE id = 2`).run();
    const job = jobs.enqueue('hls', 2, 50, 1);
    jobs.enqueue('hls', 1, 50, 2);
    const runner = createJobRunner({ jobs, handlers: { hls: async () => 'done', headstart: async () => 'done', remux: async () => 'done', previews: async () => 'done' }, concurrency: 1, log, now: Date.now });
    runner.pause();
    const app = express().use('/api', jobsRoutes({ jobs, runner, concurrency: 1, now: Date.now })).use(errorHandler(log));
    const queue = (await request(app).get('/api/jobs').expect(200)).body;
    expect(queue.jobs.map((j: { title: string }) => j.title)).toContain('Test Show — S01E02 · Pilot');
    expect((await request(app).post(`/api/jobs/${job.id}/retry`).expect(409)).body).toEqual({ code: 'conflict', message: `job ${job.id} is queued already` });
    expect((await request(app).post(`/api/jobs/${job.id}/cancel`).expect(200)).body.status).toBe('cancelled');
    expect((await request(app).post(`/api/jobs/${job.id}/cancel`).expect(409)).body.message).toBe(`job ${job.id} is cancelled already`);
    expect((await request(app).post(`/api/jobs/${job.id}/retry`).expect(200)).body.status).toBe('queued');
    await runner.stop();
  });
});
