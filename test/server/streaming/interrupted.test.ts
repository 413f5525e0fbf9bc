// ffmpeg killed mid-job (the OOM killer, a user, a crash): the job is tried again later, the partial
// output is removed and nothing half-written is published. An undecodable source fails with a
// readable reason and the queue goes on with the next title.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { afterEach, expect, test } from 'vitest';
import { createJobRunner } from '../../../server/src/jobs/job-runner.js';
import { createHlsService } from '../../../server/src/streaming/hls.service.js';
import { createLiveService } from '../../../server/src/streaming/live.service.js';
import { createRenditionStore } from '../../../server/src/streaming/rendition.store.js';
import { createProbe } from '../../../transcoder/src/probe.js';
import { locateTool } from '../../../transcoder/src/locate.js';
import { createRunFfmpeg, TranscodeFailed, type RunFfmpeg } from '../../../transcoder/src/run-ffmpeg.js';
import { clips } from '../../helpers/clips.js';
import { seedWithLibrary } from '../../helpers/library.js';
import { waitFor } from '../../helpers/server.js';

const log = pino({ level: 'silent' });
let env: Awaited<ReturnType<typeof seedWithLibrary>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** The Seed's stores with an HLS service whose ffmpeg is `runFfmpeg`. */
async function setup(files: Record<string, 'hd' | 'corrupt' | 'odd444'>, runFfmpeg: RunFfmpeg, prepare?: (libraryDir: string) => Promise<void>) {
  env = await seedWithLibrary({ demo: false, files });
  await prepare?.(env.libraryDir);
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  const transcodesDir = join(env.dataDir, 'transcodes');
  const hls = createHlsService({
    catalog: env.seed.catalog,
    files: env.seed.files,
    jobs: env.seed.jobs,
    renditions: createRenditionStore(env.seed.db),
    runFfmpeg,
    probe: createProbe(locateTool('ffprobe', null)!.path),
    transcodesDir,
    segmentSeconds: 1,
    poke: () => undefined,
    now: Date.now,
    live: createLiveService({ liveDir: join(transcodesDir, '.live'), runFfmpeg, segmentSeconds: 1, preset: () => 'ultrafast', log, now: Date.now }),
  });
  const skip = async () => 'skipped' as const;
  const runner = createJobRunner({ jobs: env.seed.jobs, handlers: { hls: hls.handler, headstart: skip, remux: skip, previews: skip }, concurrency: 1, log, now: Date.now });
  return { hls, runner, transcodesDir };
}

test('ffmpeg killed mid-ladder: partial output removed, nothing published, the job waits for its retry', async () => {
  // what a SIGKILL leaves: a segment in the scratch folder, and ffmpeg gone without an exit code
  const killed: RunFfmpeg = async (args) => {
    await mkdir(dirname(args.at(-1)!), { recursive: true });
    await writeFile(join(dirname(args.at(-1)!), 'seg-00000.ts'), Buffer.alloc(188, 0x47));
    throw new TranscodeFailed(null, 'Killed', args);
  };
  const { hls, runner, transcodesDir } = await setup({ 'Cut Short (2020)/Cut Short (2020).mkv': 'odd444' }, killed);
  const id = env!.seed.catalog.listMovies()[0]!.id;
  runner.poke();
  const job = await waitFor(() => {
    const j = env!.seed.jobs.find('hls', id);
    return j?.status === 'queued' && j.error !== null ? j : undefined;
  }, 'the failed attempt', 20_000);
  await runner.stop();
  expect(job).toMatchObject({ attempts: 1, error: 'Killed (exit signal)' });
  expect(job.notBefore).toBeGreaterThan(Date.now()); // tried again after the back-off
  expect(existsSync(join(transcodesDir, '.tmp')) ? await readdir(join(transcodesDir, '.tmp')) : []).toEqual([]);
  expect(existsSync(join(transcodesDir, String(id)))).toBe(false);
  expect(hls.playback(id)).toMatchObject({ ready: false, reason: 'transcoding failed: Killed (exit signal)' });
});

test('a source that probes but cannot be decoded to its end fails with a readable reason; the next title is made', async () => {
  // the first half of a Matroska file: its header reads fine, its frames stop halfway
  const truncate = async (libraryDir: string) => {
    const whole = await readFile(clips.odd444);
    await mkdir(join(libraryDir, 'Broken (2020)'), { recursive: true });
    await writeFile(join(libraryDir, 'Broken (2020)', 'Broken (2020).mkv'), whole.subarray(0, Math.floor(whole.length / 2)));
  };
  const { runner } = await setup({ 'Fine (2021)/Fine (2021).mkv': 'odd444' }, createRunFfmpeg(locateTool('ffmpeg', null)!.path), truncate);
  const broken = env!.seed.catalog.listMovies().find((m) => m.title === 'Broken');
  const fine = env!.seed.catalog.listMovies().find((m) => m.title === 'Fine')!;
  runner.poke();
  await waitFor(() => env!.seed.jobs.find('hls', fine.id)?.status === 'done', 'the good title', 60_000);
  // it was probed (its header reads): its job failed with a reason a person can read
  expect(broken).toBeDefined();
  const job = await waitFor(() => {
    const j = env!.seed.jobs.find('hls', broken!.id);
    return j && j.error !== null ? j : undefined;
  }, 'the broken title to fail', 60_000);
  expect(job.error).toMatch(/^quality check failed: rung 0 lasts 0\.\d+ s, the source 1\.\d+ s/);
  await runner.stop();
});
