import { existsSync } from 'node:fs';
import { readdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createJobRunner, type JobRunner } from '../../server/src/jobs/job-runner.js';
import { createHlsService } from '../../server/src/streaming/hls.service.js';
import { createLiveService } from '../../server/src/streaming/live.service.js';
import { createRenditionStore } from '../../server/src/streaming/rendition.store.js';
import { createProbe, createRunFfmpeg, locateTool, type RunFfmpeg } from '../../transcoder/src/index.js';
import { seedWithLibrary } from '../helpers/library.js';
import { waitFor } from '../helpers/server.js';

const log = pino({ level: 'silent' });
const ffmpeg = createRunFfmpeg(locateTool('ffmpeg', null)!.path);
const probe = createProbe(locateTool('ffprobe', null)!.path);

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
let runner: JobRunner | null = null;
beforeEach(async () => {
  env = await seedWithLibrary({ demo: false, files: { 'Clip (2020)/Clip (2020).mp4': 'hd' } });
});
afterEach(async () => {
  await runner?.stop();
  runner = null;
  await env.close();
});

/**
 * The server's HLS job handler run by a real job runner, with an ffmpeg that records every ladder
 * encode and, for the attempts `corrupt` picks, cuts the top rung's second segment to nothing after
 * ffmpeg "succeeded" (a disk or muxer fault QC is there to catch).
 */
async function ladderJob(corrupt: (attempt: number) => boolean) {
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  const [itemId] = (await env.seed.libraries.scan(library.id)).changedItemIds;
  const encodes: string[][] = [];
  const runFfmpeg: RunFfmpeg = async (args, opts) => {
    await ffmpeg(args, opts);
    if (!args.includes('hls')) return; // QC's own comparisons, posters
    encodes.push([...args]);
    if (corrupt(encodes.length)) await truncate(join(args.at(-1)!, '..', 'seg-00001.ts'), 0);
  };
  const renditions = createRenditionStore(env.seed.db);
  const hls = createHlsService({
    catalog: env.seed.catalog,
    files: env.seed.files,
    jobs: env.seed.jobs,
    renditions,
    runFfmpeg,
    probe,
    transcodesDir: env.seed.transcodesDir,
    segmentSeconds: 1,
    poke: () => runner?.poke(),
    now: Date.now,
    live: createLiveService({ liveDir: join(env.seed.transcodesDir, '.live'), runFfmpeg, segmentSeconds: 1, preset: () => 'ultrafast', log, now: Date.now }),
  });
  const skip = async () => 'skipped' as const;
  runner = createJobRunner({ jobs: env.seed.jobs, handlers: { hls: hls.handler, headstart: skip, remux: skip, previews: skip }, concurrency: 1, log, now: Date.now });
  runner.poke(); // the scan queued the ladder
  return { itemId: itemId!, hls, renditions, encodes };
}

const hasSafeFlags = (args: readonly string[]) => args.join(' ').includes('-fflags +genpts');

describe('a failed quality check re-encodes once with safer settings (real ffmpeg)', () => {
  test('a first attempt with a cut segment is refused, the safe second one is published', async () => {
    const { itemId, hls, renditions, encodes } = await ladderJob((attempt) => attempt === 1);
    await waitFor(() => env.seed.jobs.find('hls', itemId)?.status === 'done', 'the ladder job done');
    expect(encodes).toHaveLength(2);
    expect(hasSafeFlags(encodes[0]!)).toBe(false);
    expect(hasSafeFlags(encodes[1]!)).toBe(true);
    expect(encodes[1]).toContain('cfr');
    expect(renditions.get(itemId)).not.toBeNull();
    expect(existsSync(join(env.seed.transcodesDir, String(itemId), 'master.m3u8'))).toBe(true);
    expect(hls.stateOf(itemId)).toEqual({ status: 'done', progress: 1, error: null });
    expect(await readdir(join(env.seed.transcodesDir, '.tmp'))).toEqual([]);
  });

  test('when the safe attempt fails too, the job fails with the quality check\'s reason and nothing is published', async () => {
    const { itemId, hls, renditions, encodes } = await ladderJob(() => true);
    await waitFor(() => env.seed.jobs.find('hls', itemId)?.error ?? undefined, 'the ladder job failed');
    expect(encodes.map(hasSafeFlags)).toEqual([false, true]);
    const state = hls.stateOf(itemId);
    expect(state.status).toBe('failed');
    expect(state.error).toMatch(/^quality check failed: .*rung 3: its frames cannot be compared with the source \(3\/seg-00001\.ts: /);
    expect(state.error).not.toContain(env.seed.transcodesDir); // named within the rendition, not by a server path
    expect(renditions.get(itemId)).toBeNull();
    expect(existsSync(join(env.seed.transcodesDir, String(itemId)))).toBe(false);
    expect(await readdir(join(env.seed.transcodesDir, '.tmp'))).toEqual([]);
  });
});
