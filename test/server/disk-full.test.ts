// A full disk is not a job's fault: the job goes back in the queue with its attempt given back, and
// the queue pauses with the reason, until the admin makes room and resumes.
import pino from 'pino';
import request from 'supertest';
import express from 'express';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../server/src/db/open.js';
import { diskFullReason, freeBytes, isDiskFull } from '../../server/src/jobs/disk-full.js';
import { createJobRunner, type JobHandler } from '../../server/src/jobs/job-runner.js';
import type { JobKind } from '../../server/src/jobs/job.types.js';
import { createJobStore } from '../../server/src/jobs/job.store.js';
import { jobsRoutes } from '../../server/src/jobs/jobs.routes.js';
import { TranscodeFailed } from '../../transcoder/src/run-ffmpeg.js';
import { waitFor } from '../helpers/server.js';

function setup(itemCount = 2) {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
  const insert = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, added_at) VALUES (?, 1, ?, 'movie', 't', 't', 0)`);
  for (let i = 1; i <= itemCount; i++) insert.run(i, `/l/${i}.mkv`);
  return createJobStore(db);
}

/** The same handler for every kind of job. */
const every = (handler: JobHandler): Record<JobKind, JobHandler> => ({ hls: handler, headstart: handler, remux: handler, previews: handler });

/** A logger that keeps what it was told, to check the pause is logged once, as an error. */
function memoryLog() {
  const lines: { level: number; msg: string; path?: string; freeBytes?: number }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

const ENOSPC = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/data/transcodes/.tmp/1/0/seg-00003.ts' });
const FFMPEG_NO_SPACE = () =>
  new TranscodeFailed(
    1,
    "[hls @ 0x55d0c9b0] Opening '/data/transcodes/.tmp/1/0/seg-00003.ts' for writing\n[mpegts @ 0x55d0c9c0] Error writing trailer: No space left on device\nConversion failed!\n",
    ['-i', 'x'],
  );

describe('a full disk pauses the queue', () => {
  test.each([
    ['a Node ENOSPC error', ENOSPC],
    ['ffmpeg saying "No space left on device"', FFMPEG_NO_SPACE],
  ])('%s: the job is queued again, its attempt not counted; the queue pauses with the reason; resume clears it', async (_name, error) => {
    const jobs = setup(2);
    const { log, lines } = memoryLog();
    let full = true;
    const ran: number[] = [];
    const handler: JobHandler = async (job) => {
      ran.push(job.itemId);
      if (full) throw error();
      return 'done';
    };
    const runner = createJobRunner({
      jobs,
      handlers: every(handler),
      concurrency: 1,
      log,
      now: Date.now,
      disk: { path: '/data/transcodes', freeBytes: async () => 12_345_678 },
    });
    jobs.enqueue('hls', 1, 2, 1);
    jobs.enqueue('hls', 2, 1, 2);
    runner.poke();
    await waitFor(() => jobs.isPaused(), 'the queue to pause');
    await waitFor(() => runner.running() === 0, 'the runner to settle');

    expect(jobs.pausedReason()).toBe('paused: the disk holding /data/transcodes is full (12 MB free)');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', attempts: 0, error: null, notBefore: 0, progress: 0, startedAt: null });
    // nothing else started on the full disk
    expect(ran).toEqual([1]);
    expect(jobs.find('hls', 2)).toMatchObject({ status: 'queued', attempts: 0 });
    const logged = lines.filter((l) => l.msg.startsWith('disk full'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, path: '/data/transcodes', freeBytes: 12_345_678 });

    // the admin made room and pressed Resume: the reason is gone and both jobs run
    full = false;
    runner.resume();
    expect(jobs.isPaused()).toBe(false);
    expect(jobs.pausedReason()).toBeNull();
    await waitFor(() => jobs.find('hls', 1)!.status === 'done' && jobs.find('hls', 2)!.status === 'done', 'both jobs done');
    expect(jobs.find('hls', 1)!.attempts).toBe(1);
    await runner.stop();
  });

  test('a job already waiting out a back-off keeps its earlier attempts', async () => {
    const jobs = setup(1);
    let now = 1_000_000;
    let calls = 0;
    const handler: JobHandler = async () => {
      calls++;
      throw calls === 1 ? new Error('Conversion failed!') : ENOSPC();
    };
    // plenty of space at the first failure, none at the second
    const runner = createJobRunner({ jobs, handlers: every(handler), concurrency: 1, log: pino({ level: 'silent' }), now: () => now, disk: { path: '/data', freeBytes: async () => (calls === 1 ? 10_000_000_000 : 0) } });
    jobs.enqueue('hls', 1, 1, now);
    runner.poke();
    await waitFor(() => jobs.find('hls', 1)!.attempts === 1 && jobs.find('hls', 1)!.status === 'queued', 'the first failure');
    now += 30_000;
    runner.poke();
    await waitFor(() => jobs.isPaused(), 'the queue to pause');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', attempts: 1, notBefore: 0 });
    expect(jobs.pausedReason()).toBe('paused: the disk holding /data is full (0 MB free)');
    await runner.stop();
  });

  test("a failure that does not say so is a full disk when the disk is nearly full (ffmpeg's HLS muxer exits 0 with empty segments)", async () => {
    const jobs = setup(1);
    const handler: JobHandler = async () => {
      throw new Error('quality check failed: rung 0 has no segments');
    };
    const runner = createJobRunner({ jobs, handlers: every(handler), concurrency: 1, log: pino({ level: 'silent' }), now: Date.now, disk: { path: '/data', freeBytes: async () => 3_000_000 } });
    jobs.enqueue('hls', 1, 1, Date.now());
    runner.poke();
    await waitFor(() => jobs.isPaused(), 'the queue to pause');
    expect(jobs.find('hls', 1)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(jobs.pausedReason()).toBe('paused: the disk holding /data is full (3 MB free)');
    await runner.stop();
  });

  test("the database's own disk full (SQLITE_FULL), in a job or in its progress, pauses or is logged: the server stays up", async () => {
    const jobs = setup(1);
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(isDiskFull(full)).toBe(true);
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const throwFull = (): undefined => {
      throw full;
    };
    const progressFails = { ...jobs, setProgress: throwFull };
    const handler: JobHandler = async (_job, ctx) => {
      ctx.reportProgress(0.5); // from ffmpeg's output, as a run reports it
      return 'done';
    };
    const runner = createJobRunner({ jobs: progressFails, handlers: every(handler), concurrency: 1, log, now: Date.now, disk: { path: '/data', freeBytes: async () => 10_000_000_000 } });
    jobs.enqueue('hls', 1, 1, Date.now());
    runner.poke();
    await waitFor(() => jobs.find('hls', 1)!.status === 'done', 'the job to finish anyway');
    expect(lines.some((l) => l.includes('job progress not saved'))).toBe(true);
    await runner.stop();
  });

  test('GET /api/jobs shows the reason; POST /api/jobs/resume clears it; an admin pause has none', async () => {
    const jobs = setup(1);
    const runner = createJobRunner({ jobs, handlers: every(async () => 'done'), concurrency: 1, log: pino({ level: 'silent' }), now: Date.now });
    const app = express().use('/api', jobsRoutes({ jobs, runner, concurrency: 1, now: Date.now }));
    expect((await request(app).get('/api/jobs')).body).toMatchObject({ paused: false, pausedReason: null });

    jobs.setPaused(true, 'paused: the disk holding /data is full (3 MB free)');
    expect((await request(app).get('/api/jobs')).body).toMatchObject({ paused: true, pausedReason: 'paused: the disk holding /data is full (3 MB free)' });
    const resumed = await request(app).post('/api/jobs/resume');
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ paused: false, pausedReason: null });
    expect(jobs.pausedReason()).toBeNull();

    const paused = await request(app).post('/api/jobs/pause');
    expect(paused.body).toMatchObject({ paused: true, pausedReason: null });
    await runner.stop();
  });
});

describe('telling a full disk from other failures', () => {
  test.each<[string, unknown, boolean]>([
    ['ENOSPC code', ENOSPC(), true],
    ['ffmpeg stderr', FFMPEG_NO_SPACE(), true],
    ['a message only', new Error('write /x: No space left on device'), true],
    ['a decoding error', new TranscodeFailed(1, 'Invalid data found when processing input\n', []), false],
    ['EACCES', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), false],
    ['not an error', 'No', false],
    ['null', null, false],
  ])('%s', (_name, err, full) => {
    expect(isDiskFull(err)).toBe(full);
  });

  test('the reason names the disk and its free space in MB', () => {
    expect(diskFullReason('/data/transcodes', 12_999_999)).toBe('paused: the disk holding /data/transcodes is full (12 MB free)');
    expect(diskFullReason('/data', null)).toBe('paused: the disk holding /data is full');
    expect(diskFullReason(null, null)).toBe('paused: the disk is full');
  });

  test('freeBytes asks the real file system; null for a path that is not there', async () => {
    expect(await freeBytes('/')).toBeGreaterThan(0);
    expect(await freeBytes('/does/not/exist')).toBeNull();
  });
});
