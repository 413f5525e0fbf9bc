import { describe, expect, test } from 'vitest';
import { masterPlaylist, measureBitrates, parseMediaPlaylist } from '../../transcoder/src/master-playlist.js';

describe('parseMediaPlaylist', () => {
  test('pairs each EXTINF with its segment', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000000,\nseg-00000.ts\n#EXTINF:2.5,\nseg-00001.ts\n#EXT-X-ENDLIST\n';
    expect(parseMediaPlaylist(text)).toEqual([
      { seconds: 4, uri: 'seg-00000.ts' },
      { seconds: 2.5, uri: 'seg-00001.ts' },
    ]);
  });
});

describe('measureBitrates', () => {
  test('peak is the busiest segment, average is the whole', () => {
    expect(measureBitrates([{ seconds: 4, bytes: 500_000 }, { seconds: 2, bytes: 500_000 }])).toEqual({ peakBps: 2_000_000, averageBps: 1_333_333 });
  });
  test('no segments, or zero durations, give zero rather than NaN or Infinity', () => {
    expect(measureBitrates([])).toEqual({ peakBps: 0, averageBps: 0 });
    expect(measureBitrates([{ seconds: 0, bytes: 10 }])).toEqual({ peakBps: 0, averageBps: 0 });
  });
});

describe('masterPlaylist', () => {
  test('every variant has BANDWIDTH, AVERAGE-BANDWIDTH, RESOLUTION, CODECS and FRAME-RATE', () => {
    const text = masterPlaylist(
      [
        { rung: { name: '240p', width: 426, height: 240, videoKbps: 400 }, uri: '0/index.m3u8', peakBps: 520_000, averageBps: 480_000, codecs: 'avc1.64001e,mp4a.40.2' },
        { rung: { name: '720p', width: 1280, height: 720, videoKbps: 2800 }, uri: '1/index.m3u8', peakBps: 3_100_000, averageBps: 2_900_000, codecs: 'avc1.64001f,mp4a.40.2' },
      ],
      23.976,
    );
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=520000,AVERAGE-BANDWIDTH=480000,RESOLUTION=426x240,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=23.976',
        '0/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=23.976',
        '1/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  test('an unknown frame rate is left out', () => {
    const text = masterPlaylist([{ rung: { name: '240p', width: 426, height: 240, videoKbps: 400 }, uri: '0/index.m3u8', peakBps: 1, averageBps: 1, codecs: 'avc1.64001e' }], 0);
    expect(text).not.toContain('FRAME-RATE');
  });
});

describe('masterPlaylist with audio and subtitle renditions', () => {
  const variants = [
    { rung: { name: '240p', width: 426, height: 240, videoKbps: 400 }, uri: '0/index.m3u8', peakBps: 520_000, averageBps: 480_000, codecs: 'avc1.64001e,mp4a.40.2' },
    { rung: { name: '720p', width: 1280, height: 720, videoKbps: 2800 }, uri: '1/index.m3u8', peakBps: 3_100_000, averageBps: 2_900_000, codecs: 'avc1.64001f,mp4a.40.2' },
  ];

  test('the muxed track has no URI, the others do; every variant names both groups', () => {
    const text = masterPlaylist(variants, 24, {
      audio: [
        { name: 'English', language: 'en', uri: null },
        { name: 'Français (doublage)', language: 'fr', uri: 'a1/index.m3u8' },
        { name: 'Track 3', language: null, uri: 'a2/index.m3u8' },
      ],
      subtitles: [
        { name: 'English', language: 'en', uri: 's0/index.m3u8', isForced: false },
        { name: 'French (forced)', language: 'fr', uri: 's1/index.m3u8', isForced: true },
      ],
    });
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Français (doublage)",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2",URI="a1/index.m3u8"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Track 3",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2",URI="a2/index.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="s0/index.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="French (forced)",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,FORCED=YES,URI="s1/index.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=520000,AVERAGE-BANDWIDTH=480000,RESOLUTION=426x240,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=24.000,AUDIO="aud",SUBTITLES="subs"',
        '0/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=24.000,AUDIO="aud",SUBTITLES="subs"',
        '1/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  test('one audio track needs no group; no subtitles, no subtitle group', () => {
    const text = masterPlaylist(variants, 24, { audio: [{ name: 'English', language: 'en', uri: null }], subtitles: [] });
    expect(text).toBe(masterPlaylist(variants, 24));
    expect(text).not.toContain('EXT-X-MEDIA');
    expect(text).not.toContain('AUDIO=');
  });

  test('subtitles alone: a subtitle group and no audio group', () => {
    const text = masterPlaylist(variants, 0, { audio: [], subtitles: [{ name: 'English', language: 'en', uri: 's0/index.m3u8', isForced: false }] });
    expect(text.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).every((l) => l.endsWith(',SUBTITLES="subs"'))).toBe(true);
    expect(text).not.toContain('AUDIO');
  });

  test('a name with quotes or line breaks cannot break the tag', () => {
    const text = masterPlaylist(variants, 0, { audio: [], subtitles: [{ name: 'The "Director"\ncut', language: null, uri: 's0/index.m3u8', isForced: false }] });
    expect(text).toContain(`NAME="The 'Director' cut",DEFAULT=NO`);
  });
});
