// The design's rule for the starting rung, and the master playlist it reorders.
import { describe, expect, test } from 'vitest';
import { chooseStartRung, variantsOf, withStartFirst, type Variant } from '../../../server/src/streaming/start-rung.js';

const ladder: Variant[] = [
  { height: 240, bandwidthBps: 600_000 },
  { height: 360, bandwidthBps: 1_000_000 },
  { height: 480, bandwidthBps: 1_600_000 },
  { height: 720, bandwidthBps: 3_000_000 },
  { height: 1080, bandwidthBps: 5_500_000 },
];
const start = (bandwidthBps: number | null, more: { maxHeight?: number | null; bufferMs?: number | null } = {}) =>
  chooseStartRung(ladder, { bandwidthBps, maxHeight: more.maxHeight ?? null, bufferMs: more.bufferMs ?? null });

describe('the starting rung', () => {
  test('the highest rung at most 80 % of the measured bandwidth', () => {
    expect(start(10_000_000)?.height).toBe(1080); // 8 Mbit/s allowed
    expect(start(6_875_000)?.height).toBe(1080); // exactly 5.5 Mbit/s allowed
    expect(start(6_874_999)?.height).toBe(720);
    expect(start(4_000_000)?.height).toBe(720); // 3.2 allowed
    expect(start(3_000_000)?.height).toBe(480); // 2.4: the 720p rung would take all of it
    expect(start(100_000)?.height).toBe(240); // less than the lowest: the lowest
    expect(start(4_000_000)?.reason).toBe('720p: 80 % of 4.0 Mbit/s measured allows 3.2 Mbit/s');
  });

  test('nothing measured: no choice, the player guesses', () => {
    expect(start(null)).toBeNull();
    expect(chooseStartRung([], { bandwidthBps: 5e6, maxHeight: null, bufferMs: null })).toBeNull();
  });

  test("within the device's largest picture", () => {
    expect(start(50_000_000, { maxHeight: 720 })).toMatchObject({ height: 720, reason: expect.stringContaining('at most 720p on this device') });
    expect(start(50_000_000, { maxHeight: 200 })?.height).toBe(240); // smaller than every rung: the smallest
  });

  test('one down when the buffer held under 10 s, one up over 30 s, never out of the ladder', () => {
    expect(start(4_000_000, { bufferMs: 9_999 })).toMatchObject({ height: 480, reason: expect.stringContaining('its buffer held 9 s last time, one down') });
    expect(start(4_000_000, { bufferMs: 10_000 })?.height).toBe(720);
    expect(start(4_000_000, { bufferMs: 30_000 })?.height).toBe(720);
    expect(start(4_000_000, { bufferMs: 30_001 })).toMatchObject({ height: 1080, reason: expect.stringContaining('one up') });
    expect(start(100_000, { bufferMs: 2_000 })?.height).toBe(240);
    expect(start(50_000_000, { bufferMs: 60_000 })?.height).toBe(1080);
    expect(start(50_000_000, { bufferMs: 60_000, maxHeight: 720 })?.height).toBe(720);
    // the lowest rung is already more than the link carries: no step up on a full buffer
    expect(start(100_000, { bufferMs: 60_000 })?.height).toBe(240);
  });
});

const master = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",DEFAULT=YES,URI="a1/index.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=594613,AVERAGE-BANDWIDTH=575975,RESOLUTION=426x240,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=23.976',
  '0/index.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=1009611,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"',
  '1/index.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=3058334,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"',
  '2/index.m3u8',
  '',
].join('\n');

describe('the master playlist', () => {
  test('its variants: peak bit rate and height, not AVERAGE-BANDWIDTH', () => {
    expect(variantsOf(master)).toEqual([
      { bandwidthBps: 594_613, height: 240 },
      { bandwidthBps: 1_009_611, height: 360 },
      { bandwidthBps: 3_058_334, height: 720 },
    ]);
    expect(variantsOf('#EXTM3U\n')).toEqual([]);
  });

  test('the starting variant listed first, everything else as it was', () => {
    const reordered = withStartFirst(master, 720);
    expect(reordered.split('\n').slice(3, 9)).toEqual([master.split('\n')[7], '2/index.m3u8', master.split('\n')[3], '0/index.m3u8', master.split('\n')[5], '1/index.m3u8']);
    expect(reordered.split('\n').sort()).toEqual(master.split('\n').sort());
    expect(withStartFirst(master, 240)).toBe(master);
    expect(withStartFirst(master, 1080)).toBe(master); // no such rung
    expect(withStartFirst(master.replaceAll('\n', '\r\n'), 360).split('\r\n')[3]).toMatch(/RESOLUTION=640x360/);
  });
});
