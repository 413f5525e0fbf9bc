import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runHls } from '../../transcoder/src/hls-job.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createProbe } from '../../transcoder/src/probe.js';
import { checkPlaylists, QcFailed } from '../../transcoder/src/qc.js';
import { concatBatches, keyframeProbeArgs, segmentStarts } from '../../transcoder/src/qc-keyframes.js';
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

describe('segmentStarts (pure)', () => {
  // ffprobe's compact output: one line per video packet, blank separators between
  const packets = (...lines: string[]) => lines.map((l) => `${l}|\n`).join('\n');

  test('the first video packet at or after each segment\'s first byte decides', () => {
    const text = packets('pos=564|flags=K_', 'pos=40232|flags=__', 'pos=378632|flags=K_', 'pos=422624|flags=__');
    expect(segmentStarts(text, [378_068, 374_684])).toEqual(['keyframe', 'keyframe']);
  });

  test('a segment opening on a P or B frame, and one without video, are told apart', () => {
    const text = packets('pos=564|flags=K_', 'pos=1128|flags=__', 'pos=2256|flags=__', 'pos=9000|flags=K_');
    expect(segmentStarts(text, [2000, 3000, 3000, 2000])).toEqual(['keyframe', 'not-keyframe', 'no-video', 'keyframe']);
  });

  test('a discarded packet (flags K_D) still counts as a keyframe; lines without a position are skipped', () => {
    expect(segmentStarts(packets('pos=N/A|flags=__', 'pos=10|flags=K_D'), [100])).toEqual(['keyframe']);
  });

  test('empty output: no segment has video', () => {
    expect(segmentStarts('', [100, 100])).toEqual(['no-video', 'no-video']);
  });

  test('argv: video packets only, no decoding, the segments read as one stream', () => {
    expect(keyframeProbeArgs(['/t/0/seg-00000.ts', '/t/0/seg-00001.ts'])).toEqual([
      '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pos,flags', '-of', 'compact=p=0', 'concat:/t/0/seg-00000.ts|/t/0/seg-00001.ts',
    ]);
  });

  test('a long rung is probed in batches that keep the command line short, in order, none empty', () => {
    const paths = Array.from({ length: 3600 }, (_, i) => `/data/transcodes/.tmp/12/3/seg-${String(i).padStart(5, '0')}.ts`);
    const batches = concatBatches(paths);
    expect(batches.flat()).toEqual(paths);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.join('|').length).toBeLessThanOrEqual(8000);
    expect(concatBatches(['x'.repeat(9000)])).toEqual([['x'.repeat(9000)]]);
  });
});

describe('quality control in runHls (real ffmpeg and ffprobe)', () => {
  const ffmpeg = createRunFfmpeg(locateTool('ffmpeg', null)!.path);
  const ffprobePath = locateTool('ffprobe', null)!.path;
  const probe = createProbe(ffprobePath);
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'qc-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });
  const request = async () => {
    const media = await probe(clips.hd);
    return {
      inputs: [clips.hd], finalDir: join(work, 'final'), tmpDir: join(work, 'tmp'), segmentSeconds: 1,
      rungs: planLadder(media), audio: { kbps: 64 }, durationMs: media.durationMs, frameRate: media.video!.frameRate,
    };
  };
  /** ffmpeg that runs the ladder encode through `edit` first (QC's own runs pass untouched) */
  const editingLadder = (edit: (args: string[]) => string[]): RunFfmpeg => (args, opts) => ffmpeg(args.includes('hls') ? edit([...args]) : args, opts);

  test('a good ladder passes every check (keyframes and SSIM included) and is published', async () => {
    const runs: string[][] = [];
    const recording: RunFfmpeg = (args, opts) => {
      runs.push([...args]);
      return ffmpeg(args, opts);
    };
    await runHls(await request(), { runFfmpeg: recording, check: probe, ffprobePath });
    expect(await readdir(join(work, 'final'))).toContain('master.m3u8');
    // the encode, then one SSIM run for the whole ladder: each source instant decoded once, compared with all 4 rungs
    const ssimRuns = runs.filter((a) => a.some((x) => x.includes('ssim=')));
    expect(ssimRuns).toHaveLength(1);
    expect(ssimRuns[0]!.join(' ').match(/ssim=stats_file=/g)).toHaveLength(4);
  });

  test('a rung whose segments were cut between keyframes is refused, naming the rung and the segment', async () => {
    // the top rung: one GOP for the whole title, and the HLS muxer told to cut on time anyway
    const noForcedKeyframes = editingLadder((args) => {
      const top = args.lastIndexOf('-force_key_frames');
      args.splice(top, 2, '-g', '1000');
      args[args.lastIndexOf('independent_segments')] = 'independent_segments+split_by_time';
      return args;
    });
    const err = await runHls(await request(), { runFfmpeg: noForcedKeyframes, check: probe, ffprobePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QcFailed);
    expect((err as Error).message).toContain('rung 3 segment 1 does not start on a keyframe');
    expect((err as Error).message).not.toMatch(/rung [012] segment/);
    expect(await readdir(work)).toEqual([]);
  });

  test('a ladder that comes out short is refused with the reason and never published', async () => {
    // ffmpeg "succeeds" but the top rung lost its last segment
    const truncating: RunFfmpeg = async (args, opts) => {
      await ffmpeg(args, opts);
      if (!args.includes('hls')) return;
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
