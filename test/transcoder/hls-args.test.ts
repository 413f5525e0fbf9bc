import { describe, expect, test } from 'vitest';
import { hlsArgs, posterArgs, posterTimeSeconds, type HlsJob } from '../../transcoder/src/hls-args.js';

const job: HlsJob = {
  input: '/media/Movie (2020)/Movie (2020).mkv',
  outDir: '/data/transcodes/.tmp/7',
  segmentSeconds: 4,
  rungs: [
    { name: '240p', width: 426, height: 240, videoKbps: 400 },
    { name: '720p', width: 1280, height: 720, videoKbps: 2800 },
  ],
  audio: { kbps: 128 },
};

describe('hlsArgs', () => {
  test('one decode feeds every rung, keyframes forced at segment boundaries', () => {
    expect(hlsArgs(job)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]split=2[s0][s1];[s0]scale=426:240,setsar=1[v0];[s1]scale=1280:720,setsar=1[v1]',
      '-map', '[v0]', '-b:v:0', '400k', '-maxrate:v:0', '428k', '-bufsize:v:0', '800k',
      '-map', '[v1]', '-b:v:1', '2800k', '-maxrate:v:1', '2996k', '-bufsize:v:1', '5600k',
      '-map', '0:a:0', '-map', '0:a:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
      '-force_key_frames', 'expr:gte(t,n_forced*4)',
      '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
      '-master_pl_name', 'master.m3u8',
      '-hls_segment_filename', '/data/transcodes/.tmp/7/%v/seg-%05d.ts',
      '-var_stream_map', 'v:0,a:0,name:240p v:1,a:1,name:720p',
      '/data/transcodes/.tmp/7/%v/index.m3u8',
    ]);
  });

  test('a source without audio maps no audio', () => {
    const args = hlsArgs({ ...job, audio: null });
    expect(args).not.toContain('0:a:0');
    expect(args).not.toContain('aac');
    expect(args[args.indexOf('-var_stream_map') + 1]).toBe('v:0,name:240p v:1,name:720p');
  });

  test('the segment length drives hls_time and the forced keyframes', () => {
    const args = hlsArgs({ ...job, segmentSeconds: 6 });
    expect(args[args.indexOf('-hls_time') + 1]).toBe('6');
    expect(args).toContain('expr:gte(t,n_forced*6)');
  });

  test('a file name with shell characters stays one token', () => {
    const input = '/m/$(rm -rf) "x" ; y.mkv';
    expect(hlsArgs({ ...job, input })[hlsArgs(job).indexOf('-i') + 1]).toBe(input);
  });

  test('no rungs is refused', () => {
    expect(() => hlsArgs({ ...job, rungs: [] })).toThrow(/at least one rung/);
  });
});

describe('posterArgs', () => {
  test('seeks before the input and writes one scaled JPEG frame', () => {
    expect(posterArgs('/in.mkv', '/out.jpg', 12.5)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-ss', '12.500', '-i', '/in.mkv',
      '-frames:v', '1', '-vf', 'scale=480:-2', '-q:v', '4',
      '-y', '/out.jpg',
    ]);
  });

  test.each([
    [1000, 0.1],
    [7_200_000, 300],
    [0, 0],
  ])('poster time for %i ms is %f s', (durationMs, seconds) => {
    expect(posterTimeSeconds(durationMs)).toBe(seconds);
  });
});
