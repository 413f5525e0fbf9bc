import { describe, expect, test } from 'vitest';
import { liveArgs, liveAudioArgs } from '../../transcoder/src/live-args.js';
import { audioSegmentStarts, exactFrameRate, justInTimePreset, segmentAt, segmentStarts, upFrontMaster, upFrontPlaylist } from '../../transcoder/src/live-plan.js';

const rung = (height: number, width: number, videoKbps: number) => ({ name: `${height}p`, height, width, videoKbps });

describe('segment boundaries known before encoding', () => {
  test('on the frame grid: the first frame at or after each multiple of the segment length', () => {
    expect(segmentStarts(16_000, 4, 24000 / 1001).map((s) => s.toFixed(3))).toEqual(['0.000', '4.004', '8.008', '12.012']);
    expect(segmentStarts(10_000, 4, 25)).toEqual([0, 4, 8]);
    // a probed rate is rounded to 3 decimals; the boundaries an hour in still land on ffmpeg's frame
    expect(segmentStarts(3_610_000, 4, 23.976)[900]).toBe(Math.ceil(3600 * (24000 / 1001)) / (24000 / 1001));
    expect(exactFrameRate(29.97)).toBe(30000 / 1001);
    expect(exactFrameRate(25)).toBe(25);
    // unknown frame rate: plain multiples
    expect(segmentStarts(9_000, 4, 0)).toEqual([0, 4, 8]);
  });

  test('no sliver segment shorter than a frame at the end; a title shorter than a segment has one', () => {
    expect(segmentStarts(8_000, 4, 24000 / 1001)).toHaveLength(2); // 8.008 is past the last frame
    expect(segmentStarts(8_050, 4, 24000 / 1001)).toHaveLength(3); // one frame at 8.008 remains
    expect(segmentStarts(1_000, 4, 15)).toEqual([0]);
  });

  test('segmentAt finds the segment holding a position', () => {
    const starts = [0, 4.004, 8.008, 12.012];
    expect([0, 4, 4.004, 11.9, 12.5, 99].map((t) => segmentAt(starts, t))).toEqual([0, 0, 1, 2, 3, 3]);
  });
});

describe('playlists written up front', () => {
  test('a media playlist lists every segment with its duration, VOD, ended', () => {
    expect(upFrontPlaylist([0, 4.004, 8.008], 10_000)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXTINF:4.004000,',
        'seg-00000.ts',
        '#EXTINF:4.004000,',
        'seg-00001.ts',
        '#EXTINF:1.992000,',
        'seg-00002.ts',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  test('the master lists the planned rungs at their nominal rates', () => {
    const text = upFrontMaster([rung(240, 426, 400), rung(720, 1280, 2800)], { audioKbps: 128, frameRate: 30 });
    expect(text.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-STREAM-INF:BANDWIDTH=556000,AVERAGE-BANDWIDTH=528000,RESOLUTION=426x240,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=30.000',
      '0/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=3124000,AVERAGE-BANDWIDTH=2928000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=30.000',
      '1/index.m3u8',
      '',
    ]);
    expect(upFrontMaster([rung(240, 426, 400)], { audioKbps: null, frameRate: 0 })).toContain('CODECS="avc1.64001e"\n');
  });

  test('with the groups the ladder will have: the muxed track, an alternative with its URI, a subtitle; every variant names them', () => {
    const text = upFrontMaster([rung(240, 426, 400)], {
      audioKbps: 128,
      frameRate: 25,
      renditions: {
        audio: [{ name: 'English', language: 'en', uri: null }, { name: 'Français', language: 'fr', uri: 'a1/index.m3u8' }],
        subtitles: [{ name: 'English', language: 'en', uri: 's0/index.m3u8', isForced: false }],
      },
    });
    expect(text.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Français",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2",URI="a1/index.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="s0/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=556000,AVERAGE-BANDWIDTH=528000,RESOLUTION=426x240,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aud",SUBTITLES="subs"',
      '0/index.m3u8',
      '',
    ]);
  });

  test('an alternative audio track\'s segments start on the plain multiples of the segment length', () => {
    expect(audioSegmentStarts(9_000, 4)).toEqual([0, 4, 8]);
    expect(audioSegmentStarts(8_020, 4)).toEqual([0, 4]);
  });
});

describe('liveAudioArgs: an alternative audio track from segment k', () => {
  test('seeks to k segment lengths, starts at the title\'s 0 and runs to its end, audio only, on the ladder\'s timeline', () => {
    expect(liveAudioArgs({ input: '/m/a.mkv', startIndex: 3, startSeconds: 12, segmentSeconds: 4, audioStream: 1, kbps: 128, durationMs: 60_000, dir: '/l/7/a1' })).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-ss', '12.000000', '-i', '/m/a.mkv',
      '-map', '0:a:1', '-vn', '-sn', '-dn',
      '-af', 'aresample=async=1:first_pts=0,apad', '-t', '48.000',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-output_ts_offset', '12.000000', '-avoid_negative_ts', 'disabled',
      '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_flags', 'temp_file+independent_segments',
      '-start_number', '3', '-hls_segment_filename', '/l/7/a1/seg-%05d.ts', '/l/7/a1/ffmpeg.m3u8',
    ]);
    const fromStart = liveAudioArgs({ input: '/l/7/parts.txt', concat: true, startIndex: 0, startSeconds: 0, segmentSeconds: 4, audioStream: 0, kbps: 96, durationMs: 8_000, dir: '/l/7/a1' });
    expect(fromStart.slice(5, 11)).toEqual(['-f', 'concat', '-safe', '0', '-i', '/l/7/parts.txt']);
  });
});

describe('liveArgs: an encode from segment k on the shared timeline', () => {
  test('the whole argv for a run from segment 3 of a 24000/1001 fps title', () => {
    expect(
      liveArgs({
        input: '/m/a.mkv',
        startIndex: 3,
        startSeconds: 12.012,
        segmentSeconds: 4,
        frameRate: 24000 / 1001,
        rungs: [{ rung: rung(480, 854, 1400), dir: '/t/.live/7/2' }],
        audio: { kbps: 128 },
      }),
    ).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats',
      '-ss', '12.011400',
      '-i', '/m/a.mkv',
      '-filter_complex', '[0:v:0]split=1[s0];[s0]scale=854:480,setsar=1[v0]',
      '-map', '[v0]', '-map', '0:a:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-level:v', '3.0', '-pix_fmt', 'yuv420p',
      '-b:v', '1400k', '-maxrate:v', '1498k', '-bufsize:v', '2800k',
      '-g', '192', '-sc_threshold', '0',
      '-force_key_frames', 'expr:gte(t+12.012000+0.000001,(n_forced+3)*4)',
      '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
      '-output_ts_offset', '12.012000',
      '-avoid_negative_ts', 'disabled',
      '-f', 'hls', '-hls_ts_options', 'avoid_negative_ts=disabled', '-hls_time', '3.75', '-hls_playlist_type', 'vod', '-hls_flags', 'temp_file+independent_segments',
      '-start_number', '3',
      '-hls_segment_filename', '/t/.live/7/2/seg-%05d.ts',
      '/t/.live/7/2/ffmpeg.m3u8',
    ]);
  });

  test('a head start: two rungs from one decode, limited in length, with progress; no seek at 0', () => {
    const args = liveArgs({
      input: '/m/a.mkv', startIndex: 0, startSeconds: 0, endSeconds: 32, segmentSeconds: 4, frameRate: 25, progress: true,
      rungs: [{ rung: rung(240, 426, 400), dir: '/l/0' }, { rung: rung(480, 854, 1400), dir: '/l/2' }], audio: null, toneMap: true, maxFrameRate: 60,
    });
    expect(args).not.toContain('-ss');
    // half a frame (25 fps) before segment 8's first frame
    expect(args.slice(args.indexOf('-t'), args.indexOf('-t') + 2)).toEqual(['-t', '31.980000']);
    expect(args).toContain('-progress');
    expect(args[args.indexOf('-filter_complex') + 1]).toMatch(/^\[0:v:0\]zscale=.*,fps=60,split=2\[s0\]\[s1\];/);
    expect(args.filter((a) => a === '-start_number')).toHaveLength(2);
    expect(args).not.toContain('0:a:0');
  });
});

test('just in time is never slower than superfast; a faster configured preset is kept', () => {
  expect(['ultrafast', 'superfast', 'veryfast', 'medium'].map((p) => justInTimePreset(p as 'medium'))).toEqual(['ultrafast', 'superfast', 'superfast', 'superfast']);
});

test('a run a player waits for has no B-frames; a head start keeps them', () => {
  const job = { input: '/m/a.mkv', startIndex: 0, startSeconds: 0, segmentSeconds: 4, frameRate: 25, rungs: [{ rung: { name: '240p', height: 240, width: 426, videoKbps: 400 }, dir: '/l/0' }], audio: null };
  const waited = liveArgs({ ...job, lowLatency: true });
  expect(waited.slice(waited.indexOf('-bf'), waited.indexOf('-bf') + 2)).toEqual(['-bf', '0']);
  expect(liveArgs(job)).not.toContain('-bf');
});
