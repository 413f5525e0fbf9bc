import { describe, expect, test } from 'vitest';
import { DEFAULT_LADDER, planLadder } from '../../transcoder/src/ladder.js';
import type { MediaInfo, VideoStream } from '../../transcoder/src/media-info.js';

const media = (video: Partial<VideoStream> | null): MediaInfo => ({
  formatName: 'mov,mp4',
  durationMs: 1000,
  sizeBytes: 1,
  bitRateKbps: 1,
  video: video && { index: 0, codec: 'h264', width: 1920, height: 1080, frameRate: 24, pixelFormat: 'yuv420p', rotation: 0, ...video },
  audio: [],
  tags: {},
});

describe('planLadder', () => {
  test('a 1080p source gets every rung up to 1080p, never 4K', () => {
    expect(planLadder(media({})).map((r) => [r.name, r.width, r.height, r.videoKbps])).toEqual([
      ['240p', 426, 240, 400],
      ['360p', 640, 360, 800],
      ['480p', 854, 480, 1400],
      ['720p', 1280, 720, 2800],
      ['1080p', 1920, 1080, 5800],
    ]);
  });

  test('never upscales: a 480p source stops at 480p', () => {
    expect(planLadder(media({ width: 854, height: 480 })).map((r) => r.height)).toEqual([240, 360, 480]);
  });

  test('a 4K source gets the 4K rung', () => {
    expect(planLadder(media({ width: 3840, height: 2160 })).at(-1)).toEqual({ name: '2160p', width: 3840, height: 2160, videoKbps: 25000 });
  });

  test('a source below the smallest rung keeps its own even size', () => {
    expect(planLadder(media({ width: 161, height: 91 }))).toEqual([{ name: '92p', width: 162, height: 92, videoKbps: 400 }]);
  });

  test('a rotated phone video is planned on its shown size (portrait)', () => {
    const rungs = planLadder(media({ width: 1920, height: 1080, rotation: 90 }));
    expect(rungs.at(-1)).toMatchObject({ width: 1080, height: 1920 });
    expect(rungs.every((r) => r.width < r.height && r.width % 2 === 0)).toBe(true);
  });

  test('widths stay even for odd aspect ratios', () => {
    for (const r of planLadder(media({ width: 1998, height: 1080 }))) expect(r.width % 2).toBe(0);
  });

  test('no video, or a zero size, plans nothing', () => {
    expect(planLadder(media(null))).toEqual([]);
    expect(planLadder(media({ width: 0, height: 0 }))).toEqual([]);
  });

  test('maxRungs keeps the top rungs', () => {
    expect(planLadder(media({}), DEFAULT_LADDER, 2).map((r) => r.height)).toEqual([720, 1080]);
  });
});

describe('anamorphic sources', () => {
  test('a 16:9 NTSC DVD (720x480, pixels 32:27) is planned at its shown width', () => {
    expect(planLadder(media({ width: 720, height: 480, sampleAspect: 32 / 27 })).at(-1)).toEqual({ name: '480p', width: 854, height: 480, videoKbps: 1400 });
  });
});
