import { describe, expect, test } from 'vitest';
import { h264Level, hlsArgs, ladderFilter, posterArgs, posterTimeSeconds, webvttSubtitles, type HlsJob } from '../../transcoder/src/hls-args.js';
import type { PlannedSubtitle } from '../../transcoder/src/subtitle-plan.js';

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
      '-avoid_negative_ts', 'disabled', '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled',
      '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
      '-hls_segment_filename', `/data/transcodes/.tmp/7/${i}/seg-%05d.ts`,
      `/data/transcodes/.tmp/7/${i}/index.m3u8`,
    ];
    expect(hlsArgs(job, 24)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]scale=1280:720,setsar=1,split=2[v1][c1];[c1]scale=426:240,setsar=1[v0]',
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
    expect(graph({ toneMap: true })).toMatch(new RegExp(`^\\[0:v:0\\]${TONE_MAP_FILTER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},scale=`));
    expect(graph({ maxFrameRate: 60 })).toMatch(/^\[0:v:0\]fps=60,scale=/);
    expect(graph({})).toMatch(/^\[0:v:0\]scale=/);
  });
});

describe('alternative audio, subtitles and the x264 preset', () => {
  const subtitles: PlannedSubtitle[] = [
    { kind: 'webvtt', source: { kind: 'embedded', sourceIndex: 0 }, codec: 'subrip', language: 'en', name: 'English', isForced: false },
    { kind: 'burn-in', source: { kind: 'embedded', sourceIndex: 1 }, codec: 'hdmv_pgs_subtitle', language: 'fr', name: 'French', isForced: false, reason: 'pictures' },
    { kind: 'webvtt', source: { kind: 'sidecar', path: '/media/Movie.de.srt' }, codec: 'subrip', language: 'de', name: 'German', isForced: false },
    { kind: 'webvtt', source: { kind: 'embedded', sourceIndex: 2 }, codec: 'ass', language: null, name: 'Signs', isForced: true },
  ];
  const multi: HlsJob = {
    ...job,
    segmentSeconds: 6,
    rungs: [{ name: '240p', width: 426, height: 240, videoKbps: 400 }],
    audio: { kbps: 128 },
    // the source's second track is the default one
    audioTracks: {
      main: { sourceIndex: 1, language: 'en', name: 'English' },
      alternatives: [
        { sourceIndex: 0, language: 'fr', name: 'French' },
        { sourceIndex: 2, language: 'en', name: 'Commentary' },
      ],
    },
    subtitles,
    preset: 'slow',
  };
  const hls = (dir: string) => [
    '-avoid_negative_ts', 'disabled', '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled',
    '-hls_time', '6', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments',
    '-hls_segment_filename', `/data/transcodes/.tmp/7/${dir}/seg-%05d.ts`, `/data/transcodes/.tmp/7/${dir}/index.m3u8`,
  ];
  const aac = ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'];

  test('the main track is muxed into the rung; the others are audio-only outputs; embedded text subtitles are WebVTT outputs', () => {
    expect(hlsArgs(multi, 24)).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-progress', 'pipe:1',
      '-i', '/media/Movie (2020)/Movie (2020).mkv',
      '-filter_complex', '[0:v:0]split=1[s0];[s0]scale=426:240,setsar=1[v0]',
      '-map', '[v0]', '-map', '0:a:1',
      '-c:v', 'libx264', '-preset', 'slow', '-profile:v', 'high', '-level:v', '3.0', '-pix_fmt', 'yuv420p',
      '-b:v', '400k', '-maxrate:v', '428k', '-bufsize:v', '800k',
      '-force_key_frames', 'expr:gte(t,n_forced*6)', '-sc_threshold', '0',
      ...aac, ...hls('0'),
      // an alternative starts at the title's 0, as a just-in-time run of it does
      '-map', '0:a:0', '-af', 'aresample=async=1:first_pts=0', ...aac, ...hls('a1'),
      '-map', '0:a:2', '-af', 'aresample=async=1:first_pts=0', ...aac, ...hls('a2'),
      // s0 and s2 are embedded; s1 is the sidecar, converted by runHls afterwards; the PGS track is not converted
      '-map', '0:s:0', '-c:s', 'webvtt', '-f', 'webvtt', '/data/transcodes/.tmp/7/s0/sub.vtt',
      '-map', '0:s:2', '-c:s', 'webvtt', '-f', 'webvtt', '/data/transcodes/.tmp/7/s2/sub.vtt',
    ]);
  });

  test('given the title\'s length, an alternative is padded with silence to its end', () => {
    const args = hlsArgs({ ...multi, durationMs: 5_400_250 });
    const at = args.indexOf('0:a:0');
    expect(args.slice(at + 1, at + 5)).toEqual(['-af', 'aresample=async=1:first_pts=0,apad', '-t', '5400.250']);
  });

  test('without audio, the audio plan is ignored; without a plan, the first track is muxed', () => {
    const silent = hlsArgs({ ...multi, audio: null });
    expect(silent.filter((a) => a.startsWith('0:a:'))).toEqual([]);
    expect(silent).not.toContain('aac');
    expect(hlsArgs({ ...multi, audioTracks: undefined }).filter((a) => a.startsWith('0:a:'))).toEqual(['0:a:0']);
  });

  test('the preset defaults to veryfast', () => {
    const args = hlsArgs(job);
    expect(args[args.indexOf('-preset') + 1]).toBe('veryfast');
  });

  test('WebVTT subtitles are numbered s0, s1, … in plan order; burn-in ones get no folder', () => {
    expect(webvttSubtitles(subtitles).map((s) => [s.dir, s.subtitle.name])).toEqual([['s0', 'English'], ['s1', 'German'], ['s2', 'Signs']]);
    expect(webvttSubtitles(undefined)).toEqual([]);
  });
});

describe('ladderFilter: a cascade, each rung scaled from the one above', () => {
  const rung = (height: number, width: number) => ({ name: `${height}p`, height, width, videoKbps: 1 });
  test('four rungs: the source to the top one, then down one rung at a time', () => {
    expect(ladderFilter([rung(240, 426), rung(360, 640), rung(480, 854), rung(720, 1280)], [], null).split(';')).toEqual([
      '[0:v:0]scale=1280:720,setsar=1,split=2[v3][c3]',
      '[c3]scale=854:480,setsar=1,split=2[v2][c2]',
      '[c2]scale=640:360,setsar=1,split=2[v1][c1]',
      '[c1]scale=426:240,setsar=1[v0]',
    ]);
  });
  test('rungs out of order are each scaled from the source', () => {
    expect(ladderFilter([rung(720, 1280), rung(240, 426)], ['fps=60'], null)).toBe('[0:v:0]fps=60,split=2[s0][s1];[s0]scale=1280:720,setsar=1[v0];[s1]scale=426:240,setsar=1[v1]');
  });
});
