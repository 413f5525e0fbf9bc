import { describe, expect, test } from 'vitest';
import type { MediaInfo } from '../../transcoder/src/media-info.js';
import { decidePlayback, DESKTOP_BROWSER, remuxArgs, type ClientCapabilities } from '../../transcoder/src/playback-decision.js';

const media = (over: { formatName?: string; codec?: string; pixelFormat?: string; audio?: string[]; profile?: string; colorTransfer?: string; width?: number; height?: number }): MediaInfo => ({
  formatName: over.formatName ?? 'mov,mp4,m4a,3gp,3g2,mj2',
  durationMs: 10_000,
  sizeBytes: 1,
  bitRateKbps: 1,
  video: { index: 0, codec: over.codec ?? 'h264', width: over.width ?? 1920, height: over.height ?? 1080, frameRate: 24, pixelFormat: over.pixelFormat ?? 'yuv420p', rotation: 0, colorTransfer: over.colorTransfer ?? null },
  audio: (over.audio ?? ['aac']).map((codec, i) => ({ index: i + 1, codec, channels: 2, language: null })),
  tags: {},
  ...(over.profile
    ? { details: { streams: [{ index: 0, type: 'video', codec: over.codec ?? 'h264', profile: over.profile } as never], chapters: [], hdr: null } as never }
    : {}),
});

describe('decidePlayback: direct, remux or the ladder', () => {
  test('MP4 with H.264 and AAC (or no audio) plays as it is', () => {
    expect(decidePlayback(media({}), { parts: 1 })).toEqual({ method: 'direct', reason: 'direct play: this browser plays the file as it is' });
    expect(decidePlayback(media({ audio: [] }), { parts: 1 }).method).toBe('direct');
    expect(decidePlayback(media({ profile: 'High' }), { parts: 1 }).method).toBe('direct');
  });

  test('MKV with H.264 is remuxed: AAC copied, AC-3 made AAC, no audio left out', () => {
    expect(decidePlayback(media({ formatName: 'matroska,webm' }), { parts: 1 })).toEqual({ method: 'remux', audio: 'copy', reason: 'remux: H.264 and AAC copied out of MKV' });
    expect(decidePlayback(media({ formatName: 'matroska,webm', audio: ['ac3'] }), { parts: 1 })).toEqual({
      method: 'remux',
      audio: 'aac',
      reason: 'remux: the H.264 video is copied out of MKV; its AC-3 audio is made AAC',
    });
    expect(decidePlayback(media({ formatName: 'mpegts', audio: [] }), { parts: 1 })).toMatchObject({ method: 'remux', audio: 'none' });
    // an MP4 whose default track is not AAC, or not the first, is remuxed too
    expect(decidePlayback(media({ audio: ['ac3'] }), { parts: 1 })).toMatchObject({ method: 'remux', audio: 'aac' });
    expect(decidePlayback(media({ audio: ['aac', 'aac'] }), { parts: 1, mainAudio: 1 })).toMatchObject({ method: 'remux', audio: 'copy' });
  });

  test('what browsers cannot decode goes through the ladder, with the reason in words', () => {
    expect(decidePlayback(media({ codec: 'hevc' }), { parts: 1 })).toEqual({ method: 'hls', reason: 'transcoding: this browser cannot play HEVC' });
    expect(decidePlayback(media({ codec: 'mpeg4' }), { parts: 1 }).reason).toBe('transcoding: this browser cannot play MPEG4');
    expect(decidePlayback(media({ profile: 'High 10' }), { parts: 1 }).reason).toBe('transcoding: H.264 high 10 is not played by browsers');
    expect(decidePlayback(media({ pixelFormat: 'yuv444p' }), { parts: 1 }).reason).toBe('transcoding: its pixel format yuv444p is not played by browsers');
    expect(decidePlayback(media({ colorTransfer: 'smpte2084' }), { parts: 1 })).toEqual({ method: 'hls', reason: 'transcoding: this browser cannot show HDR, so it is tone mapped' });
    expect(decidePlayback(media({}), { parts: 2 }).reason).toBe('transcoding: a title in several files is joined into one stream');
  });
});

const client = (over: Partial<ClientCapabilities>): ClientCapabilities => ({ ...DESKTOP_BROWSER, ...over });
const SAFARI = client({ video: ['h264', 'hevc'], audio: ['aac', 'ac3', 'eac3'], containers: ['mp4'] });
const TV = client({ video: ['h264', 'hevc', 'vp9'], audio: ['aac', 'ac3', 'eac3'], containers: ['mp4', 'mkv'], maxHeight: 2160, hdr: true });
const MKV = 'matroska,webm';

describe('decidePlayback for what the client says it plays', () => {
  test('without capabilities it assumes a current desktop browser: H.264 and AAC in MP4', () => {
    expect(DESKTOP_BROWSER).toEqual({ video: ['h264'], audio: ['aac'], containers: ['mp4'], maxHeight: null, hdr: false });
    expect(decidePlayback(media({ codec: 'hevc' }), { parts: 1 })).toEqual(decidePlayback(media({ codec: 'hevc' }), { parts: 1 }, DESKTOP_BROWSER));
  });

  type Row = [string, Parameters<typeof media>[0], ClientCapabilities, { method: string; audio?: string; reason: string }, { parts: number; mainAudio?: number }?];
  test.each<Row>([
    ['HEVC in MP4 plays as it is where HEVC is decoded', { codec: 'hevc', profile: 'Main 10', pixelFormat: 'yuv420p10le' }, SAFARI, { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['HEVC in MKV plays as it is on a TV that opens MKV', { codec: 'hevc', formatName: MKV, audio: ['eac3'] }, TV, { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['HEVC in MKV is not remuxed for Safari: only H.264 is', { codec: 'hevc', formatName: MKV }, SAFARI, { method: 'hls', reason: 'transcoding: this browser plays HEVC but not from MKV files, and only H.264 is remuxed' }],
    ['HEVC with audio the client lacks', { codec: 'hevc', audio: ['dts'] }, SAFARI, { method: 'hls', reason: 'transcoding: this browser plays HEVC but not its DTS audio, and only H.264 is remuxed' }],
    ['HEVC whose default audio is not the first track', { codec: 'hevc', audio: ['aac', 'aac'] }, SAFARI, { method: 'hls', reason: "transcoding: this browser plays HEVC but only a file's first audio track, not its default one, and only H.264 is remuxed" }, { parts: 1, mainAudio: 1 }],
    ['AC-3 in MP4 is copied (played as it is) when the client decodes it', { audio: ['ac3'] }, SAFARI, { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['AC-3 is made AAC for a browser without it', { audio: ['ac3'] }, DESKTOP_BROWSER, { method: 'remux', audio: 'aac', reason: 'remux: the H.264 video is copied out of MP4; its AC-3 audio is made AAC' }],
    // one remux serves every player: its audio is what they all play
    ['a remux makes AC-3 AAC even for a client that decodes AC-3', { formatName: MKV, audio: ['ac3'] }, SAFARI, { method: 'remux', audio: 'aac', reason: 'remux: the H.264 video is copied out of MKV; its AC-3 audio is made AAC' }],
    ['H.264 and AC-3 in MKV play as they are on a TV', { formatName: MKV, audio: ['ac3'] }, TV, { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['VP9 and Opus in WebM play as they are where WebM opens', { codec: 'vp9', formatName: MKV, audio: ['opus'] }, client({ video: ['vp9'], audio: ['opus'], containers: ['webm'] }), { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['an MKV player plays WebM too', { codec: 'vp9', formatName: MKV, audio: ['opus'] }, client({ video: ['vp9'], audio: ['opus'], containers: ['mkv'] }), { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['VP9 in MKV (with AAC) is no WebM file', { codec: 'vp9', formatName: MKV }, client({ video: ['vp9'], containers: ['webm'] }), { method: 'hls', reason: 'transcoding: this browser plays VP9 but not from MKV files, and only H.264 is remuxed' }],
    ['AV1 where it is not decoded', { codec: 'av1' }, SAFARI, { method: 'hls', reason: 'transcoding: this browser cannot play AV1' }],
    ['HDR plays as it is where HDR is shown', { codec: 'hevc', colorTransfer: 'smpte2084', pixelFormat: 'yuv420p10le' }, TV, { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['HDR is tone mapped elsewhere', { codec: 'hevc', colorTransfer: 'arib-std-b67', pixelFormat: 'yuv420p10le' }, SAFARI, { method: 'hls', reason: 'transcoding: this browser cannot show HDR, so it is tone mapped' }],
    ['4K on a 1080p device', { width: 3840, height: 2160 }, client({ maxHeight: 1080 }), { method: 'hls', reason: 'transcoding: the video is 2160p and this device plays up to 1080p' }],
    ['a scope film counts by its short side', { width: 3840, height: 1608 }, client({ maxHeight: 1080 }), { method: 'hls', reason: 'transcoding: the video is 1608p and this device plays up to 1080p' }],
    ['a phone video shot upright counts like one held sideways', { width: 1080, height: 1920 }, client({ maxHeight: 1080 }), { method: 'direct', reason: 'direct play: this browser plays the file as it is' }],
    ['10-bit H.264 is not played even where HEVC is', { profile: 'High 10', pixelFormat: 'yuv420p10le' }, TV, { method: 'hls', reason: 'transcoding: H.264 high 10 is not played by browsers' }],
    ['HEVC 4:2:2 is not played', { codec: 'hevc', profile: 'Rext', pixelFormat: 'yuv422p10le' }, TV, { method: 'hls', reason: 'transcoding: HEVC rext is not played by browsers' }],
    ['a client that opens no file at all gets a remux of H.264', { formatName: 'mov,mp4' }, client({ containers: [] }), { method: 'remux', audio: 'copy', reason: 'remux: H.264 and AAC copied out of MP4' }],
    ['several parts go through the ladder whatever the client plays', { codec: 'hevc' }, TV, { method: 'hls', reason: 'transcoding: a title in several files is joined into one stream' }, { parts: 2 }],
  ])('%s', (_name, source, capabilities, expected, opts = { parts: 1 }) => {
    expect(decidePlayback(media(source), opts, capabilities)).toEqual(expected);
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
