import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runHls } from '../../transcoder/src/hls-job.js';
import { planLadder } from '../../transcoder/src/ladder.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { createProbe } from '../../transcoder/src/probe.js';
import { createRunFfmpeg, runTool, TranscodeFailed, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import { clips } from '../helpers/clips.js';

const ffmpeg = createRunFfmpeg(locateTool('ffmpeg', null)!.path);
const ffprobePath = locateTool('ffprobe', null)!.path;
const probe = createProbe(ffprobePath);
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'hls-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function request(input: string) {
  const media = await probe(input);
  return {
    inputs: [input],
    finalDir: join(work, 'final'),
    tmpDir: join(work, '.tmp', '1'),
    segmentSeconds: 1,
    rungs: planLadder(media),
    audio: media.audio.length > 0 ? { kbps: 64 } : null,
    durationMs: media.durationMs,
    frameRate: media.video?.frameRate ?? 0,
  };
}

describe('runHls (real ffmpeg)', () => {
  test('a 2 s 720p clip becomes a complete ladder with a master playlist; the tmp dir is gone', async () => {
    const progress: number[] = [];
    await runHls(await request(clips.hd), { runFfmpeg: ffmpeg, onProgress: (f) => progress.push(f) });
    const master = await readFile(join(work, 'final', 'master.m3u8'), 'utf8');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(4);
    for (const rung of ['0', '1', '2', '3']) {
      expect(master).toContain(`${rung}/index.m3u8`);
      const media = await readFile(join(work, 'final', rung, 'index.m3u8'), 'utf8');
      expect(media).toContain('#EXT-X-ENDLIST');
      expect(media).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    }
    expect(master).toContain('RESOLUTION=1280x720');
    expect(master).toMatch(/AVERAGE-BANDWIDTH=\d+/);
    expect(master).toContain('CODECS="avc1.64001f,mp4a.40.2"');
    // the CODECS promise matches the stream: High profile at the level we set
    const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=profile,level', '-of', 'csv=p=0', join(work, 'final', '3', 'seg-00000.ts')], { captureStdout: true });
    expect(stdout.trim().split('\n')[0]).toBe('High,31');
    expect(existsSync(join(work, '.tmp', '1'))).toBe(false);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  test('every rung cuts at the same instants (segments start on keyframes)', async () => {
    await runHls(await request(clips.hd), { runFfmpeg: ffmpeg });
    const durations = async (rung: string) =>
      [...(await readFile(join(work, 'final', rung, 'index.m3u8'), 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    const reference = await durations('0');
    expect(reference.length).toBeGreaterThanOrEqual(2);
    for (const rung of ['1', '2', '3']) expect(await durations(rung)).toEqual(reference);
    // the first frame of the second segment is a keyframe
    const { stdout } = await runTool(ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=key_frame', '-read_intervals', '%+#1', '-of', 'csv=p=0', join(work, 'final', '3', 'seg-00001.ts')], { captureStdout: true });
    expect(stdout.trim().split('\n')[0]).toBe('1');
  });

  test('odd sizes, yuv444p, no audio and rotation all give playable 8-bit H.264', async () => {
    for (const input of [clips.odd444, clips.noAudio, clips.rotated]) {
      await runHls(await request(input), { runFfmpeg: ffmpeg });
      const out = await probe(join(work, 'final', '0', 'seg-00000.ts'));
      expect(out.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p' });
      expect(out.video!.width % 2).toBe(0);
      if (input === clips.rotated) expect(out.video!.height).toBeGreaterThan(out.video!.width);
      if (input === clips.noAudio) expect(out.audio).toEqual([]);
    }
  });

  test('the older static ffmpeg that npm ships (used when the system has none) makes the same ladder', async () => {
    const bundled = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    await runHls(await request(clips.hd), { runFfmpeg: createRunFfmpeg(bundled.path) });
    const master = await readFile(join(work, 'final', 'master.m3u8'), 'utf8');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(4);
    expect(await readFile(join(work, 'final', '3', 'index.m3u8'), 'utf8')).toContain('#EXT-X-ENDLIST');
  });

  test('a multi-part title (cd1, cd2) is encoded as one stream from a concat list', async () => {
    const req = await request(clips.tiny);
    await runHls({ ...req, inputs: [clips.tiny, clips.tiny], durationMs: req.durationMs * 2 }, { runFfmpeg: ffmpeg });
    const durations = [...(await readFile(join(work, 'final', '0', 'index.m3u8'), 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
    const total = durations.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1.8);
    expect(total).toBeLessThan(2.3);
    expect(existsSync(join(work, 'final', 'parts.txt'))).toBe(false);
  });

  test('an HDR10 10-bit HEVC source becomes tone-mapped 8-bit H.264; a 120 fps source is capped at 60', async () => {
    const hdr = join(work, 'hdr.mkv');
    await runTool(locateTool('ffmpeg', null)!.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=120:duration=1',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', '-x265-params', 'log-level=error:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc',
      '-color_primaries', 'bt2020', '-color_trc', 'smpte2084', '-colorspace', 'bt2020nc', '-y', hdr]);
    const media = await probe(hdr);
    expect(media.video).toMatchObject({ codec: 'hevc', colorTransfer: 'smpte2084', frameRate: 120 });
    await runHls({ ...(await request(hdr)), toneMap: true, maxFrameRate: 60, frameRate: 60 }, { runFfmpeg: ffmpeg });
    const out = await probe(join(work, 'final', '0', 'seg-00000.ts'));
    expect(out.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', frameRate: 60 });
    expect(out.video!.colorTransfer ?? 'bt709').toMatch(/bt709|unknown/);
  });

  test('a failing ffmpeg leaves neither a final nor a tmp folder', async () => {
    const failing: RunFfmpeg = async () => {
      throw new TranscodeFailed(1, 'Conversion failed!', []);
    };
    await expect(runHls(await request(clips.tiny), { runFfmpeg: failing })).rejects.toThrow('Conversion failed!');
    expect(await readdir(work)).toEqual(['.tmp']);
    expect(await readdir(join(work, '.tmp'))).toEqual([]);
  });

  test('an abort stops ffmpeg and cleans up', async () => {
    const controller = new AbortController();
    const promise = runHls(await request(clips.hd), { runFfmpeg: ffmpeg, signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(promise).rejects.toThrow('stop');
    expect(existsSync(join(work, 'final'))).toBe(false);
    expect(await readdir(join(work, '.tmp'))).toEqual([]);
  });

  test('a corrupt input fails with ffmpeg’s reason, not a crash', async () => {
    const req = await request(clips.tiny);
    await expect(runHls({ ...req, inputs: [clips.corrupt] }, { runFfmpeg: ffmpeg })).rejects.toBeInstanceOf(TranscodeFailed);
  });
});
