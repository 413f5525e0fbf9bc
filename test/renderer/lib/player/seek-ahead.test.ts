import { describe, expect, test } from 'vitest';
import { attachSeekAhead, SEEK_AHEAD_SPACING_MS, segmentIndexAt, type PlaylistSegment } from '../../../../renderer/src/lib/player/seek-ahead.js';

const segments: PlaylistSegment[] = Array.from({ length: 15 }, (_, i) => ({ duration: i === 14 ? 2 : 4.004, uri: `seg-${i}.ts?token=old`, resolvedUri: `http://seed/api/items/1/hls/3/seg-${i}.ts?token=old` }));

describe('segmentIndexAt', () => {
  test('the segment holding a position, by the playlist durations from 0', () => {
    expect(segmentIndexAt(segments, 0)).toBe(0);
    expect(segmentIndexAt(segments, 4.003)).toBe(0);
    expect(segmentIndexAt(segments, 4.004)).toBe(1);
    expect(segmentIndexAt(segments, 30)).toBe(7);
    expect(segmentIndexAt(segments, 14 * 4.004 + 1.9)).toBe(14);
  });
  test('past the end, before the start or no number: none', () => {
    expect(segmentIndexAt(segments, 14 * 4.004 + 2)).toBe(-1);
    expect(segmentIndexAt(segments, -1)).toBe(-1);
    expect(segmentIndexAt(segments, Number.NaN)).toBe(-1);
    expect(segmentIndexAt([], 0)).toBe(-1);
  });
});

/** A player whose position, buffer and clock the test sets; records what is asked for. */
function fakePlayer() {
  const state = { time: 0, now: 1000, buffered: [] as [number, number][], segments: segments as PlaylistSegment[] | null };
  const asked: { uri: string; signal: AbortSignal }[] = [];
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  let listener: (() => void) | null = null;
  const stop = attachSeekAhead({
    onSeeking: (l) => {
      listener = l;
      return () => (listener = null);
    },
    currentTime: () => state.time,
    isBuffered: (s) => state.buffered.some(([a, b]) => a <= s && s < b),
    segments: () => state.segments,
    rewrite: (uri) => uri.replace('token=old', 'token=fresh'),
    fetch: (uri, signal) => {
      asked.push({ uri, signal });
      return new Promise(() => undefined);
    },
    now: () => state.now,
    setTimer: (ms, run) => {
      const timer = { at: state.now + ms, run, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const seek = (to: number) => {
    state.time = to;
    listener?.();
  };
  /** moves the clock, firing the timers that come due */
  const advance = (ms: number) => {
    state.now += ms;
    for (const t of timers.splice(0)) {
      if (t.cancelled) continue;
      if (t.at <= state.now) t.run();
      else timers.push(t);
    }
  };
  return { state, asked, seek, advance, stop, listening: () => listener !== null };
}

describe('attachSeekAhead', () => {
  test('a seek to a position not buffered asks for its segment at once, with the freshest token', () => {
    const p = fakePlayer();
    p.seek(30);
    expect(p.asked.map((a) => a.uri)).toEqual(['http://seed/api/items/1/hls/3/seg-7.ts?token=fresh']);
  });

  test('a seek into what is buffered, before a playlist is loaded, or past the end asks nothing', () => {
    const p = fakePlayer();
    p.state.buffered = [[20, 40]];
    p.seek(30);
    p.state.segments = null;
    p.advance(1000);
    p.seek(50);
    p.state.segments = segments;
    p.advance(1000);
    p.seek(200);
    expect(p.asked).toEqual([]);
  });

  test('a second seek into the same segment does not ask again; one into another aborts the first ask', () => {
    const p = fakePlayer();
    p.seek(30);
    p.advance(1000);
    p.seek(31);
    expect(p.asked).toHaveLength(1);
    p.advance(1000);
    p.seek(45);
    expect(p.asked.map((a) => a.uri.match(/seg-\d+/)![0])).toEqual(['seg-7', 'seg-11']);
    expect(p.asked[0]!.signal.aborted).toBe(true);
    expect(p.asked[1]!.signal.aborted).toBe(false);
  });

  test('dragging the seek bar: seeks closer together than the spacing send only the last position, once', () => {
    const p = fakePlayer();
    p.seek(10);
    for (const to of [14, 20, 26]) {
      p.advance(50);
      p.seek(to);
    }
    expect(p.asked).toHaveLength(1); // the first at once; the rest held
    p.advance(SEEK_AHEAD_SPACING_MS);
    expect(p.asked.map((a) => a.uri.match(/seg-\d+/)![0])).toEqual(['seg-2', 'seg-6']);
  });

  test('stop: no more asks, the one in flight abandoned', () => {
    const p = fakePlayer();
    p.seek(30);
    p.stop();
    expect(p.listening()).toBe(false);
    expect(p.asked[0]!.signal.aborted).toBe(true);
  });
});
