import { describe, expect, test } from 'vitest';
import { createProbe, parseProbe, parseRate } from '../../transcoder/src/probe.js';
import { locateTool } from '../../transcoder/src/locate.js';
import { runTool, TranscodeFailed } from '../../transcoder/src/run-ffmpeg.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displaySize } from '../../transcoder/src/media-info.js';
import { clips } from '../helpers/clips.js';

const probe = createProbe(locateTool('ffprobe', null)!.path);

describe('parseProbe (pure)', () => {
  test('the length of the picture and the sound, not of a subtitle track that runs on; unknown stream lengths leave the container\'s', () => {
    const json = (streams: object[], duration = '153.02') => JSON.stringify({ format: { duration }, streams });
    const video = { codec_type: 'video', width: 640, height: 360, tags: { DURATION: '00:02:00.041000000' } };
    const audio = { codec_type: 'audio', duration: '119.98' };
    const subs = { codec_type: 'subtitle', tags: { DURATION: '00:02:33.020000000' } };
    expect(parseProbe(json([video, audio, subs])).durationMs).toBe(120_041);
    expect(parseProbe(json([{ ...video, tags: {} }, audio, subs])).durationMs).toBe(153_020);
    // never longer than the container says
    expect(parseProbe(json([video, audio], '100')).durationMs).toBe(100_000);
    expect(parseProbe(json([subs])).durationMs).toBe(153_020);
  });

  test('missing numbers become 0 or null, never NaN', () => {
    const info = parseProbe(JSON.stringify({ format: {}, streams: [{ codec_type: 'video', codec_name: 'h264' }, { codec_type: 'audio' }] }));
    expect(info).toMatchObject({ durationMs: 0, sizeBytes: 0, bitRateKbps: 0, formatName: 'unknown' });
    expect(info.video).toMatchObject({ width: 0, height: 0, frameRate: 0, rotation: 0, pixelFormat: null });
    expect(info.audio).toEqual([{ index: 0, codec: 'unknown', channels: 0, language: null }]);
    expect(Object.isFrozen(info)).toBe(true);
  });

  test('cover art is not the video stream', () => {
    const info = parseProbe(
      JSON.stringify({ format: {}, streams: [{ index: 0, codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } }, { index: 1, codec_type: 'audio', codec_name: 'mp3' }] }),
    );
    expect(info.video).toBeNull();
  });

  test('rotation from a display matrix is made clockwise and normalised', () => {
    const info = parseProbe(JSON.stringify({ format: {}, streams: [{ codec_type: 'video', width: 160, height: 90, side_data_list: [{ rotation: -90 }] }] }));
    expect(info.video?.rotation).toBe(90);
  });

  test('text that is not JSON throws', () => {
    expect(() => parseProbe('garbage')).toThrow();
  });

  test.each([
    ['30000/1001', 29.97],
    ['25/1', 25],
    ['0/0', 0],
    ['24', 24],
    [undefined, 0],
  ])('parseRate(%s) = %f', (rate, expected) => {
    expect(parseRate(rate)).toBe(expected);
  });
});

describe('probe (real ffprobe)', () => {
  test('a tiny H.264/AAC clip', async () => {
    const info = await probe(clips.tiny);
    expect(info.video).toMatchObject({ codec: 'h264', width: 160, height: 90, frameRate: 15, pixelFormat: 'yuv420p', rotation: 0 });
    expect(info.audio).toHaveLength(1);
    expect(info.audio[0]!.codec).toBe('aac');
    expect(info.durationMs).toBeGreaterThan(900);
    expect(info.durationMs).toBeLessThan(1200);
  });

  test('no audio stream', async () => {
    expect((await probe(clips.noAudio)).audio).toEqual([]);
  });

  test('odd size in yuv444p', async () => {
    expect((await probe(clips.odd444)).video).toMatchObject({ width: 161, height: 91, pixelFormat: 'yuv444p' });
  });

  test('a rotated phone clip reports its rotation', async () => {
    const video = (await probe(clips.rotated)).video!;
    expect([90, 270]).toContain(video.rotation);
    expect(displaySize(video)).toEqual({ width: 90, height: 160 });
  });

  test('a subtitle track whose last cue comes after the picture does not make the title longer (Matroska and MP4)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'probe-'));
    try {
      const srt = join(dir, 'late.srt');
      await writeFile(srt, '1\n00:00:00,200 --> 00:00:00,800\nFirst\n\n2\n00:00:09,000 --> 00:00:09,500\nLong after the end\n');
      for (const [ext, codec] of [['mkv', 'srt'], ['mp4', 'mov_text']] as const) {
        const out = join(dir, `late.${ext}`);
        await runTool(locateTool('ffmpeg', null)!.path, ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-i', srt, '-map', '0', '-map', '1', '-c:v', 'copy', '-c:a', 'copy', '-c:s', codec, '-y', out]);
        const info = await probe(out);
        expect(info.durationMs, ext).toBeGreaterThan(900);
        expect(info.durationMs, ext).toBeLessThan(1200);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a corrupt file fails with ffprobe’s reason', async () => {
    const err = await probe(clips.corrupt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TranscodeFailed);
    expect((err as TranscodeFailed).message).toMatch(/Invalid data|moov atom not found/);
  });
});

describe('pixel aspect and HDR tags', () => {
  test.each([
    ['32:27', 32 / 27],
    ['1:1', 1],
    ['0:1', 1],
    ['N/A', 1],
    [undefined, 1],
  ])('parseRatio(%s)', async (value, expected) => {
    const { parseRatio } = await import('../../transcoder/src/probe.js');
    expect(parseRatio(value)).toBeCloseTo(expected);
  });

  test('color_transfer and sample_aspect_ratio are read', () => {
    const info = parseProbe(JSON.stringify({ format: {}, streams: [{ codec_type: 'video', width: 720, height: 480, sample_aspect_ratio: '32:27', color_transfer: 'smpte2084' }] }));
    expect(info.video).toMatchObject({ colorTransfer: 'smpte2084' });
    expect(info.video!.sampleAspect).toBeCloseTo(32 / 27);
  });
});

describe('the fast scan probe', () => {
  test('the static ffprobe is tried first; what it cannot read (MPEG-TS, corrupt files) is answered by the reference ffprobe', async () => {
    const { locateFastProbe, runTool: run } = await import('../../transcoder/src/index.js');
    const fast = locateFastProbe();
    expect(fast?.source).toBe('bundled');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'probe-'));
    try {
      const ts = join(dir, 'recording.ts');
      await run(locateTool('ffmpeg', null)!.path, ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-c', 'copy', '-y', ts]);
      const both = createProbe(locateTool('ffprobe', null)!.path, { fastPath: fast!.path });
      expect((await both(ts)).video).toMatchObject({ codec: 'h264', width: 160 });
      expect((await both(clips.odd444)).video).toMatchObject({ width: 161, height: 91 });
      const err = await both(clips.corrupt).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TranscodeFailed);
      expect((err as TranscodeFailed).args).not.toContain(fast!.path);
      expect((err as TranscodeFailed).message).toMatch(/Invalid data|moov atom not found/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
