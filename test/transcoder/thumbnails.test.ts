import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { locateTool } from '../../transcoder/src/locate.js';
import { createRunFfmpeg, runTool, TranscodeFailed, type RunFfmpeg } from '../../transcoder/src/run-ffmpeg.js';
import {
  frameWindow, jpegSize, makeRepresentativeFrame, makeSeekPreviews, planSprites, representativeFrameArgs, spriteArgs, thumbnailsVtt, vttTimestamp,
} from '../../transcoder/src/thumbnails.js';
import { clips } from '../helpers/clips.js';

const ffmpeg = locateTool('ffmpeg', null)!.path;
const ffprobe = locateTool('ffprobe', null)!.path;
const runFfmpeg = createRunFfmpeg(ffmpeg);
const quiet = ['-nostdin', '-hide_banner', '-loglevel', 'error'];

/** Mean luma (8-bit, limited range: black is 16) of an image, measured by ffmpeg itself. */
async function meanLuma(image: string): Promise<number> {
  const { stdout } = await runTool(ffmpeg, [...quiet, '-i', image, '-vf', 'format=yuv420p,signalstats,metadata=mode=print:file=-', '-f', 'null', '-'], { captureStdout: true });
  return Number(/YAVG=([\d.]+)/.exec(stdout)?.[1]);
}

async function imageSize(image: string): Promise<{ width: number; height: number }> {
  const { stdout } = await runTool(ffprobe, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', image], { captureStdout: true });
  const { width, height } = JSON.parse(stdout).streams[0];
  return { width, height };
}

/** `blackSeconds` of black, then `patternSeconds` of testsrc2: a title that opens on black. */
async function blackThenPattern(output: string, blackSeconds: number, patternSeconds: number): Promise<void> {
  const pattern = patternSeconds > 0 ? ['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=15:duration=${patternSeconds}`] : [];
  await runFfmpeg([
    ...quiet,
    '-f', 'lavfi', '-i', `color=black:size=320x180:rate=15:duration=${blackSeconds}`,
    ...pattern,
    ...(patternSeconds > 0 ? ['-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]', '-map', '[v]'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', output,
  ]);
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thumbnails-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('representative frame: argv (pure)', () => {
  test.each([
    [0, { startSeconds: 0, seconds: 30 }],
    [1000, { startSeconds: 0.15, seconds: 0.85 }],
    [5000, { startSeconds: 0.75, seconds: 4.25 }],
    [7_200_000, { startSeconds: 1080, seconds: 30 }],
  ])('window of a %i ms title', (durationMs, window) => {
    expect(frameWindow(durationMs)).toEqual(window);
  });

  test('a 2-hour movie: seek before -i, 60 candidates in 30 s, black and flat frames dropped', () => {
    expect(representativeFrameArgs('/m/in.mkv', '/o/frame.jpg', 7_200_000)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-ss', '1080.000', '-t', '30.000', '-i', '/m/in.mkv',
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', 'fps=2,scale=w=min(640\\,iw):h=-2,format=yuv420p,signalstats,'
        + 'metadata=mode=select:key=lavfi.signalstats.YAVG:value=35:function=greater,'
        + 'metadata=mode=select:key=lavfi.signalstats.YAVG:value=220:function=less,'
        + 'entropy,metadata=mode=select:key=lavfi.entropy.normalized_entropy.normal.Y:value=0.3:function=greater,thumbnail=60',
      '-frames:v', '1', '-q:v', '3', '-update', '1',
      '-y', '/o/frame.jpg',
    ]);
  });

  test('the fallback keeps only the most typical frame; a chosen stream and width', () => {
    const args = representativeFrameArgs('/m/in.mp4', '/o/f.jpg', 1000, { acceptAny: true, streamIndex: 2, width: 320 });
    expect(args[args.indexOf('-vf') + 1]).toBe('fps=2,scale=w=min(320\\,iw):h=-2,format=yuv420p,thumbnail=2');
    expect(args[args.indexOf('-map') + 1]).toBe('0:2');
  });
});

describe('representative frame (real ffmpeg)', () => {
  test('a title opening on 3 s of black: the chosen frame is the pattern, not black', async () => {
    const input = join(dir, 'black-then-pattern.mp4');
    await blackThenPattern(input, 3, 2);
    // 15 % of 5 s lands in the black: a plain grab there would be black
    const output = join(dir, 'frame.jpg');
    expect(await makeRepresentativeFrame(input, output, 5000, { runFfmpeg })).toBe('representative');
    expect(await meanLuma(output)).toBeGreaterThan(60);
    expect(await imageSize(output)).toEqual({ width: 320, height: 180 });
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  test('a 1 s clip works, and the frame is never upscaled past the source', async () => {
    const output = join(dir, 'tiny.jpg');
    expect(await makeRepresentativeFrame(clips.tiny, output, 1000, { runFfmpeg })).toBe('representative');
    expect(await imageSize(output)).toEqual({ width: 160, height: 90 });
  });

  test('an all-black title falls back to its most typical frame', async () => {
    const input = join(dir, 'all-black.mp4');
    await blackThenPattern(input, 2, 0);
    const output = join(dir, 'black.jpg');
    expect(await makeRepresentativeFrame(input, output, 2000, { runFfmpeg })).toBe('fallback');
    expect(await meanLuma(output)).toBeLessThan(20);
  });

  test('no video: TranscodeFailed, nothing left behind', async () => {
    const sub = await mkdtemp(join(dir, 'fail-'));
    const audioOnly = join(sub, 'audio.m4a');
    await runFfmpeg([...quiet, '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', '-y', audioOnly]);
    await expect(makeRepresentativeFrame(audioOnly, join(sub, 'x.jpg'), 1000, { runFfmpeg })).rejects.toBeInstanceOf(TranscodeFailed);
    expect(await readdir(sub)).toEqual(['audio.m4a']);
  });
});

describe('seek previews: plan, argv and WebVTT (pure)', () => {
  test.each([
    [1000, { intervalSeconds: 1, tileWidth: 160, columns: 1, rows: 1, count: 1 }],
    [2000, { intervalSeconds: 1, tileWidth: 160, columns: 2, rows: 1, count: 2 }],
    [60_000, { intervalSeconds: 3, tileWidth: 160, columns: 10, rows: 2, count: 20 }],
    [7_200_000, { intervalSeconds: 10, tileWidth: 160, columns: 10, rows: 10, count: 720 }],
    [0, { intervalSeconds: 1, tileWidth: 160, columns: 1, rows: 1, count: 1 }],
  ])('plan for %i ms', (durationMs, plan) => {
    expect(planSprites(durationMs)).toEqual(plan);
  });

  test('sprite argv for a long title', () => {
    expect(spriteArgs('/m/in.mkv', '/o/previews', { intervalSeconds: 10, tileWidth: 160, columns: 10, rows: 10, count: 720, keyframesOnly: true })).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-skip_frame', 'nokey',
      '-i', '/m/in.mkv',
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', 'fps=fps=1/10:eof_action=pass,trim=end_frame=720,scale=w=iw*sar:h=ih,scale=w=160:h=-2,setsar=1,tile=10x10',
      '-vsync', 'passthrough',
      '-q:v', '5', '-f', 'image2', '-start_number', '0',
      '-y', '/o/previews/sprite-%d.jpg',
    ]);
    expect(spriteArgs('/m/in.mkv', '/o', { intervalSeconds: 1, tileWidth: 160, columns: 1, rows: 1, count: 1 })).not.toContain('-skip_frame');
  });

  test.each([
    [0, '00:00:00.000'],
    [10_000, '00:00:10.000'],
    [3_723_456, '01:02:03.456'],
    [-5, '00:00:00.000'],
  ])('vttTimestamp(%i) = %s', (ms, text) => {
    expect(vttTimestamp(ms)).toBe(text);
  });

  test('a 25 s title, 10 s apart, 2×1 sheets: three cues, the third on sheet 1, the last cue ends with the title', () => {
    const vtt = thumbnailsVtt({ durationMs: 25_000, intervalSeconds: 10, tileWidth: 160, tileHeight: 90, columns: 2, rows: 1, sheetUrl: (i) => `sprite-${i}.jpg` });
    expect(vtt).toBe(
      'WEBVTT\n\n'
      + '00:00:00.000 --> 00:00:10.000\nsprite-0.jpg#xywh=0,0,160,90\n\n'
      + '00:00:10.000 --> 00:00:20.000\nsprite-0.jpg#xywh=160,0,160,90\n\n'
      + '00:00:20.000 --> 00:00:25.000\nsprite-1.jpg#xywh=0,0,160,90\n',
    );
  });

  test('rows step down by the tile height; missing tiles repeat the last one', () => {
    const vtt = thumbnailsVtt({ durationMs: 40_000, intervalSeconds: 10, tileWidth: 100, tileHeight: 50, columns: 2, rows: 2, tileCount: 3, sheetUrl: (i) => `s${i}.jpg` });
    expect(vtt.split('\n').filter((l) => l.includes('#xywh'))).toEqual(['s0.jpg#xywh=0,0,100,50', 's0.jpg#xywh=100,0,100,50', 's0.jpg#xywh=0,50,100,50', 's0.jpg#xywh=0,50,100,50']);
  });

  test('jpegSize reads the frame header and rejects other bytes', async () => {
    const jpg = join(dir, 'size.jpg');
    await runFfmpeg([...quiet, '-f', 'lavfi', '-i', 'testsrc2=size=200x120:duration=1', '-frames:v', '1', '-y', jpg]);
    expect(jpegSize(await readFile(jpg))).toEqual({ width: 200, height: 120 });
    expect(jpegSize(Buffer.from('not a jpeg'))).toBeNull();
    expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull();
  });
});

describe('seek previews (real ffmpeg)', () => {
  test('a 2 s HD clip: one 320x90 sheet of two tiles and a VTT covering the whole duration', async () => {
    const outDir = join(dir, 'previews');
    await writeFile(join(dir, 'stale-marker'), '');
    const result = await makeSeekPreviews(clips.hd, outDir, 2000, { runFfmpeg });
    expect(result).toEqual({ intervalSeconds: 1, tileWidth: 160, tileHeight: 90, columns: 2, rows: 1, sheets: 1, count: 2 });
    expect((await readdir(outDir)).sort()).toEqual(['sprite-0.jpg', 'thumbnails.vtt']);
    expect(await imageSize(join(outDir, 'sprite-0.jpg'))).toEqual({ width: 320, height: 90 });
    const vtt = await readFile(join(outDir, 'thumbnails.vtt'), 'utf8');
    expect(vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nsprite-0.jpg#xywh=0,0,160,90\n\n00:00:01.000 --> 00:00:02.000\nsprite-0.jpg#xywh=160,0,160,90\n');
    expect((await readdir(dir)).filter((n) => n.startsWith('previews.tmp'))).toEqual([]);
  });

  test('a rotated phone clip: tiles keep the upright aspect', async () => {
    const outDir = join(dir, 'rotated');
    const result = await makeSeekPreviews(clips.rotated, outDir, 1000, { runFfmpeg });
    expect(result).toMatchObject({ tileWidth: 160, tileHeight: 284, sheets: 1, count: 1 });
    expect(await imageSize(join(outDir, 'sprite-0.jpg'))).toEqual({ width: 160, height: 284 });
  });

  test('a 1001 s title: keyframes only, two 10×10 sheets, the 101st cue on the second', async () => {
    const input = join(dir, 'long.mp4');
    // one frame a second and a keyframe every 10: a long title that is cheap to make
    await runFfmpeg([...quiet, '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=1:duration=1001', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p', '-y', input]);
    const outDir = join(dir, 'long');
    const result = await makeSeekPreviews(input, outDir, 1_001_000, { runFfmpeg });
    expect(result).toEqual({ intervalSeconds: 10, tileWidth: 160, tileHeight: 90, columns: 10, rows: 10, sheets: 2, count: 101 });
    expect(await imageSize(join(outDir, 'sprite-0.jpg'))).toEqual({ width: 1600, height: 900 });
    expect(await imageSize(join(outDir, 'sprite-1.jpg'))).toEqual({ width: 1600, height: 900 });
    const vtt = await readFile(join(outDir, 'thumbnails.vtt'), 'utf8');
    expect(vtt.match(/-->/g)).toHaveLength(101);
    expect(vtt.endsWith('00:16:40.000 --> 00:16:41.000\nsprite-1.jpg#xywh=0,0,160,90\n')).toBe(true);
  });

  test('the older static ffmpeg that npm ships (used when the system has none) gives the same results', async () => {
    const bundled = createRunFfmpeg((createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path);
    const input = join(dir, 'black-then-pattern-old.mp4');
    await blackThenPattern(input, 3, 2);
    expect(await makeRepresentativeFrame(input, join(dir, 'old.jpg'), 5000, { runFfmpeg: bundled })).toBe('representative');
    expect(await meanLuma(join(dir, 'old.jpg'))).toBeGreaterThan(60);
    const result = await makeSeekPreviews(clips.hd, join(dir, 'old-previews'), 2000, { runFfmpeg: bundled });
    expect(result).toEqual({ intervalSeconds: 1, tileWidth: 160, tileHeight: 90, columns: 2, rows: 1, sheets: 1, count: 2 });
  });

  test('ffmpeg failing leaves neither the output nor a scratch folder', async () => {
    const sub = await mkdtemp(join(dir, 'failing-'));
    const failing: RunFfmpeg = async (args) => {
      throw new TranscodeFailed(1, 'boom', args);
    };
    await expect(makeSeekPreviews(clips.hd, join(sub, 'out'), 2000, { runFfmpeg: failing })).rejects.toBeInstanceOf(TranscodeFailed);
    expect(await readdir(sub)).toEqual([]);
  });

  test('a corrupt file is a TranscodeFailed', async () => {
    await expect(makeSeekPreviews(clips.corrupt, join(dir, 'corrupt'), 1000, { runFfmpeg })).rejects.toBeInstanceOf(TranscodeFailed);
  });
});
