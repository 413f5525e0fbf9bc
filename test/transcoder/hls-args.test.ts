import { describe, expect, test } from 'vitest';
import { h264Level, hlsArgs, posterArgs, posterTimeSeconds, type HlsJob } from '../../transcoder/src/hls-args.js';

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
  test('one decode feeds every rung, one HLS output per rung, keyframes forced at segment boundaries', () => {
    const perRung = (i: number, kbps: number, maxrate: number, level: string) => [
      '-map', `[v${i}]`, '-map', '0:a:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', level, '-pix_fmt', 'yuv420p',
      '-b:v', `${kbps}k`, '-maxrate:v', `${maxrate}k`, '-bufsize:v', `${kbps * 2}k`,
      '-force_key_frames', 'expr:gte(t,n_forced*4)', '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
      '-hls_segment_filename', `/data/transcodes/.tmp/7/${i}/seg-%05d.ts`,
      `/data/transcodes/.tmp/7/${i}/index.m3u8`,
    ];
    expect(hlsArgs(job, 24)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]split=2[s0][s1];[s0]scale=426:240,setsar=1[v0];[s1]scale=1280:720,setsar=1[v1]',
      ...perRung(0, 400, 428, '3.0'),
      ...perRung(1, 2800, 2996, '3.1'),
    ]);
  });

  test('a source without audio maps no audio', () => {
    const args = hlsArgs({ ...job, audio: null });
    expect(args).not.toContain('0:a:0');
    expect(args).not.toContain('aac');
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

describe('h264Level', () => {
  test.each([
    [426, 240, 24, '3.0'],
    [640, 360, 30, '3.0'],
    [854, 480, 30, '3.1'],
    [1280, 720, 30, '3.1'],
    [1280, 720, 60, '3.2'],
    [1920, 1080, 24, '4.0'],
    [1920, 1080, 60, '4.2'],
    [3840, 2160, 30, '5.1'],
    [3840, 2160, 60, '5.2'],
  ])('%ix%i at %i fps needs level %s', (width, height, fps, level) => {
    expect(h264Level({ width, height }, fps).level).toBe(level);
  });
});

describe('concatList', () => {
  test('quotes every path and escapes single quotes', async () => {
    const { concatList } = await import('../../transcoder/src/hls-job.js');
    expect(concatList(['/m/a.mkv', "/m/Ocean's 11 - cd2.mkv"])).toBe("file '/m/a.mkv'\nfile '/m/Ocean'\\''s 11 - cd2.mkv'\n");
  });

  test('hlsArgs reads a concat list when asked', () => {
    const args = hlsArgs({ ...job, input: '/tmp/parts.txt', concat: true });
    expect(args.slice(args.indexOf('-i') - 4, args.indexOf('-i') + 2)).toEqual(['-f', 'concat', '-safe', '0', '-i', '/tmp/parts.txt']);
  });
});

describe('tone mapping and frame-rate cap', () => {
  test('an HDR source is tone-mapped before the split; a 120 fps one is capped at 60', async () => {
    const { TONE_MAP_FILTER } = await import('../../transcoder/src/hls-args.js');
    const graph = (j: Partial<HlsJob>) => { const a = hlsArgs({ ...job, ...j }); return a[a.indexOf('-filter_complex') + 1]!; };
    expect(graph({ toneMap: true })).toMatch(new RegExp(`^\\[0:v:0\\]${TONE_MAP_FILTER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},split=2`));
    expect(graph({ maxFrameRate: 60 })).toMatch(/^\[0:v:0\]fps=60,split=2/);
    expect(graph({})).toMatch(/^\[0:v:0\]split=2/);
  });
});
