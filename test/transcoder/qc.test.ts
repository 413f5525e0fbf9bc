import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runHls } from '../../transcoder/src/hls-job.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createProbe } from '../../transcoder/src/probe.js';
import { checkPlaylists, QcFailed } from '../../transcoder/src/qc.js';
import { createRunFfmpeg, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clips } from '../helpers/clips.js';

const seg = (seconds: number, i: number) => ({ seconds, uri: `seg-${i}.ts` });

describe('checkPlaylists (pure)', () => {
  test('a complete ladder passes', () => {
    expect(checkPlaylists([{ rung: '0', segments: [4, 4, 2].map(seg) }, { rung: '1', segments: [4, 4, 2].map(seg) }], 10_000, 4)).toEqual([]);
  });

  test.each([
    [[{ rung: '0', segments: [4, 4].map(seg) }], 'rung 0 lasts 8.00 s, the source 10.00 s'],
    [[{ rung: '0', segments: [4, 6].map(seg) }], 'rung 0 segment 1 lasts 6.00 s (target 4 s)'],
    [[{ rung: '1', segments: [] }], 'rung 1 has no segments'],
  ])('%j is refused', (rungs, problem) => {
    expect(checkPlaylists(rungs, 10_000, 4)).toContain(problem);
  });

  test('a short title is allowed 0.1 s of rounding', () => {
    expect(checkPlaylists([{ rung: '0', segments: [1.04].map(seg) }], 1000, 1)).toEqual([]);
  });
});

describe('quality control in runHls (real ffmpeg and ffprobe)', () => {
  const ffmpeg = createRunFfmpeg(locateTool('ffmpeg', null)!.path);
  const probe = createProbe(locateTool('ffprobe', null)!.path);
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'qc-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });
  const request = async () => {
    const media = await probe(clips.hd);
    return { inputs: [clips.hd], finalDir: join(work, 'final'), tmpDir: join(work, 'tmp'), segmentSeconds: 1, rungs: planLadder(media), audio: { kbps: 64 }, durationMs: media.durationMs };
  };

  test('a good ladder passes and is published', async () => {
    await runHls(await request(), { runFfmpeg: ffmpeg, check: probe });
    expect(await readdir(join(work, 'final'))).toContain('master.m3u8');
  });

  test('a ladder that comes out short is refused with the reason and never published', async () => {
    // ffmpeg "succeeds" but the top rung lost its last segment
    const truncating: RunFfmpeg = async (args, opts) => {
      await ffmpeg(args, opts);
      const out = args.at(-1)!;
      const text = await readFile(out, 'utf8');
      await writeFile(out, text.replace(/#EXTINF:[\d.]+,\nseg-00001\.ts\n/, ''));
    };
    const err = await runHls(await request(), { runFfmpeg: truncating, check: probe }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QcFailed);
    expect((err as Error).message).toMatch(/^quality check failed: rung 3 lasts 1\.00 s, the source 2\.00 s/);
    expect(await readdir(work)).toEqual([]);
  });

  test('the safer second try regenerates timestamps at a constant frame rate', async () => {
    const { hlsArgs } = await import('../../transcoder/src/hls-args.js');
    const args = hlsArgs({ input: '/in.mkv', outDir: '/o', segmentSeconds: 4, rungs: planLadder(await probe(clips.tiny)), audio: null, safe: true });
    expect(args.slice(args.indexOf('-i') - 2, args.indexOf('-i'))).toEqual(['-fflags', '+genpts']);
    expect(args).toContain('cfr');
  });
});
