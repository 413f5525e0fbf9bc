// runHlsWithSafeRetry's fall-back to libx264: a hardware encoder whose ffmpeg run fails is tried no
// further, the ladder is made once more with libx264; a failed quality check or a stop changes nothing.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { hlsArgs } from '../../transcoder/src/hls-args.js';
import type { HlsRunRequest } from '../../transcoder/src/hls-job.js';
import { runHlsWithSafeRetry } from '../../transcoder/src/hls-request.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createProbe } from '../../transcoder/src/probe.js';
import { QcFailed } from '../../transcoder/src/qc.js';
import { createRunFfmpeg, TranscodeFailed, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clips } from '../helpers/clips.js';

const ffmpeg = createRunFfmpeg(locateTool('ffmpeg', null)!.path);
const probe = createProbe(locateTool('ffprobe', null)!.path);
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'hls-fallback-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function request(): Promise<HlsRunRequest> {
  const media = await probe(clips.tiny);
  return {
    inputs: [clips.tiny],
    finalDir: join(work, 'final'),
    tmpDir: join(work, '.tmp', '1'),
    segmentSeconds: 1,
    rungs: planLadder(media),
    audio: { kbps: 64 },
    durationMs: media.durationMs,
    frameRate: media.video?.frameRate ?? 0,
    videoEncoder: 'h264_vaapi',
  };
}

/** The real ffmpeg, except that a run asking for `encoder` fails the way a machine without its GPU does. */
function failing(encoder: string, calls: string[][], error: (args: readonly string[]) => Error = (args) => new TranscodeFailed(1, 'No VA display found for device /dev/dri/renderD128.\n', args)): RunFfmpeg {
  return async (args, opts) => {
    calls.push([...args]);
    if (args.includes(encoder)) throw error(args);
    await ffmpeg(args, opts);
  };
}

const videoEncoderOf = (args: readonly string[]) => args[args.indexOf('-c:v') + 1];

describe('runHlsWithSafeRetry with a hardware encoder', () => {
  test('an ffmpeg failure on VAAPI makes the ladder again with libx264, once, after telling onFallback why', async () => {
    const calls: string[][] = [];
    const reasons: string[] = [];
    const outcome = await runHlsWithSafeRetry(await request(), { runFfmpeg: failing('h264_vaapi', calls), onFallback: (reason) => reasons.push(reason) });
    expect(outcome.videoEncoder).toBeNull();
    expect(outcome.safe).toBe(false);
    expect(reasons).toEqual(['h264_vaapi failed: No VA display found for device /dev/dri/renderD128. (exit 1)']);
    expect(calls.map(videoEncoderOf)).toEqual(['h264_vaapi', 'libx264']);
    expect(calls[1]).not.toContain('-init_hw_device');
    expect(await readFile(join(work, 'final', 'master.m3u8'), 'utf8')).toContain('#EXT-X-STREAM-INF');
    expect(existsSync(join(work, '.tmp', '1'))).toBe(false);
  });

  test('a working hardware encoder is kept: no fall-back, and the result says which encoder made it', async () => {
    const calls: string[][] = [];
    const req = await request();
    // this machine has no GPU: the "hardware" run is played by libx264 with the same request
    const software = hlsArgs({ ...req, input: req.inputs[0]!, outDir: req.tmpDir, videoEncoder: null }, req.frameRate);
    const asIfVaapiWorked: RunFfmpeg = async (args, opts) => {
      calls.push([...args]);
      await ffmpeg(args.includes('h264_vaapi') ? software : args, opts);
    };
    let fellBack = false;
    const outcome = await runHlsWithSafeRetry(req, { runFfmpeg: asIfVaapiWorked, onFallback: () => (fellBack = true) });
    expect(outcome.videoEncoder).toBe('h264_vaapi');
    expect(fellBack).toBe(false);
    expect(calls.map(videoEncoderOf)).toEqual(['h264_vaapi']);
  });

  test('a failed quality check is not a reason to change encoders: the safe retry runs on the same encoder', async () => {
    const calls: string[][] = [];
    let fellBack = false;
    const qc = failing('h264_vaapi', calls, () => new QcFailed('rung 0 is 0.2 s short'));
    await expect(runHlsWithSafeRetry(await request(), { runFfmpeg: qc, onFallback: () => (fellBack = true) })).rejects.toThrow('rung 0 is 0.2 s short');
    expect(fellBack).toBe(false);
    expect(calls.map(videoEncoderOf)).toEqual(['h264_vaapi', 'h264_vaapi']);
    expect(calls[1]).toContain('+genpts');
  });

  test('a stopped job does not start again on libx264', async () => {
    const calls: string[][] = [];
    const controller = new AbortController();
    const stopped: RunFfmpeg = async (args) => {
      calls.push([...args]);
      controller.abort(new Error('cancelled'));
      throw new TranscodeFailed(null, '', args);
    };
    let fellBack = false;
    await expect(runHlsWithSafeRetry(await request(), { runFfmpeg: stopped, signal: controller.signal, onFallback: () => (fellBack = true) })).rejects.toBeInstanceOf(TranscodeFailed);
    expect(fellBack).toBe(false);
    expect(calls).toHaveLength(1);
  });

  test('libx264 failing is the job failing: there is nothing to fall back to', async () => {
    const calls: string[][] = [];
    const req = { ...(await request()), videoEncoder: null };
    await expect(runHlsWithSafeRetry(req, { runFfmpeg: failing('libx264', calls) })).rejects.toBeInstanceOf(TranscodeFailed);
    expect(calls).toHaveLength(1);
  });
});
