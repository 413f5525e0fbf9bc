import { describe, expect, test } from 'vitest';
import type { MediaInfo } from '../../transcoder/src/media-info.js';
import { decidePlayback, remuxArgs } from '../../transcoder/src/playback-decision.js';

const media = (over: { formatName?: string; codec?: string; pixelFormat?: string; audio?: string[]; profile?: string; colorTransfer?: string }): MediaInfo => ({
  formatName: over.formatName ?? 'mov,mp4,m4a,3gp,3g2,mj2',
  durationMs: 10_000,
  sizeBytes: 1,
  bitRateKbps: 1,
  video: { index: 0, codec: over.codec ?? 'h264', width: 1920, height: 1080, frameRate: 24, pixelFormat: over.pixelFormat ?? 'yuv420p', rotation: 0, colorTransfer: over.colorTransfer ?? null },
  audio: (over.audio ?? ['aac']).map((codec, i) => ({ index: i + 1, codec, channels: 2, language: null })),
  tags: {},
  ...(over.profile
    ? { details: { streams: [{ index: 0, type: 'video', codec: 'h264', profile: over.profile } as never], chapters: [], hdr: null } as never }
    : {}),
});

describe('decidePlayback: direct, remux or the ladder', () => {
  test('MP4 with H.264 and AAC (or no audio) plays as it is', () => {
    expect(decidePlayback(media({}), { parts: 1 })).toEqual({ method: 'direct', reason: 'direct play: this browser plays the file as it is' });
    expect(decidePlayback(media({ audio: [] }), { parts: 1 }).method).toBe('direct');
    expect(decidePlayback(media({ profile: 'High' }), { parts: 1 }).method).toBe('direct');
  });

  test('MKV with H.264 is remuxed: AAC copied, AC-3 made AAC, no audio left out', () => {
    expect(decidePlayback(media({ formatName: 'matroska,webm' }), { parts: 1 })).toEqual({ method: 'remux', audio: 'copy', reason: 'remux: H.264 and AAC copied out of MATROSKA' });
    expect(decidePlayback(media({ formatName: 'matroska,webm', audio: ['ac3'] }), { parts: 1 })).toEqual({
      method: 'remux',
      audio: 'aac',
      reason: 'remux: the H.264 video is copied out of MATROSKA; its AC3 audio is made AAC',
    });
    expect(decidePlayback(media({ formatName: 'mpegts', audio: [] }), { parts: 1 })).toMatchObject({ method: 'remux', audio: 'none' });
    // an MP4 whose default track is not AAC, or not the first, is remuxed too
    expect(decidePlayback(media({ audio: ['ac3'] }), { parts: 1 })).toMatchObject({ method: 'remux', audio: 'aac' });
    expect(decidePlayback(media({ audio: ['aac', 'aac'] }), { parts: 1, mainAudio: 1 })).toMatchObject({ method: 'remux', audio: 'copy' });
  });

  test('what browsers cannot decode goes through the ladder, with the reason in words', () => {
    expect(decidePlayback(media({ codec: 'hevc' }), { parts: 1 })).toEqual({ method: 'hls', reason: 'transcoding: browsers cannot play HEVC video' });
    expect(decidePlayback(media({ profile: 'High 10' }), { parts: 1 }).reason).toBe('transcoding: H.264 high 10 is not played by browsers');
    expect(decidePlayback(media({ pixelFormat: 'yuv444p' }), { parts: 1 }).reason).toBe('transcoding: its pixel format yuv444p is not played by browsers');
    expect(decidePlayback(media({ colorTransfer: 'smpte2084' }), { parts: 1 }).method).toBe('hls');
    expect(decidePlayback(media({}), { parts: 2 }).reason).toBe('transcoding: a title in several files is joined into one stream');
  });
});

test('remuxArgs copies the video and copies or converts the main audio track', () => {
  expect(remuxArgs({ input: '/m/a.mkv', outDir: '/t/r', segmentSeconds: 4, audio: 'aac', audioStream: 1, audioKbps: 128 })).toEqual([
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
    '-i', '/m/a.mkv',
    '-map', '0:v:0', '-c:v', 'copy',
    '-map', '0:a:1', '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', '/t/r/seg-%05d.ts',
    '/t/r/index.m3u8',
  ]);
  expect(remuxArgs({ input: 'i', outDir: 'o', segmentSeconds: 4, audio: 'none', audioStream: 0, audioKbps: 128 })).not.toContain('-c:a');
});
