// video.js seen through the reporter's interface, with a stand-in for the player and its quality levels.
import { describe, expect, test } from 'vitest';
import { videojsQoePlayer } from '../../../../renderer/src/lib/player/qoe-videojs.js';

type Listener = () => void;

function fakeVideojs(opts: { levels?: { height?: number; bitrate?: number }[]; selected?: number; videoHeight?: number; duration?: number; bufferedEnd?: number; vhsBandwidth?: number } = {}) {
  const listeners = new Map<string, Set<Listener>>();
  const levelListeners = new Set<Listener>();
  const levels = Object.assign([...(opts.levels ?? [])], {
    selectedIndex: opts.selected ?? -1,
    on: (_type: string, fn: Listener) => void levelListeners.add(fn),
    off: (_type: string, fn: Listener) => void levelListeners.delete(fn),
  });
  const player = {
    on: (type: string, fn: Listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(fn),
    off: (type: string, fn: Listener) => void listeners.get(type)?.delete(fn),
    isDisposed: () => false,
    currentTime: () => 12.5,
    duration: () => opts.duration ?? 600,
    videoHeight: () => opts.videoHeight ?? 0,
    error: () => ({ code: 3, message: 'decode failed' }),
    bufferedEnd: () => opts.bufferedEnd ?? 0,
    tech: () => (opts.vhsBandwidth === undefined ? {} : { vhs: { bandwidth: opts.vhsBandwidth } }),
    ...(opts.levels ? { qualityLevels: () => levels } : {}),
  };
  return { player, listeners, levelListeners };
}


const adapt = (fake: ReturnType<typeof fakeVideojs>) => videojsQoePlayer(fake.player);

describe('videojsQoePlayer', () => {
  test('the selected VHS quality level is the rung; qualitychange listens to the level list', () => {
    const fake = fakeVideojs({ levels: [{ height: 360, bitrate: 800_000 }, { height: 720, bitrate: 3_000_000 }], selected: 1 });
    const player = adapt(fake);
    expect(player.rendition()).toEqual({ height: 720, bitrateBps: 3_000_000 });
    const listener = () => undefined;
    player.on('qualitychange', listener);
    player.on('waiting', listener);
    expect(fake.levelListeners.size).toBe(1);
    expect(fake.listeners.get('waiting')?.size).toBe(1);
    player.off('qualitychange', listener);
    player.off('waiting', listener);
    expect(fake.levelListeners.size).toBe(0);
    expect(fake.listeners.get('waiting')?.size).toBe(0);
  });

  test('without quality levels (a file played as it is) the picture height is the rung, its bit rate unknown', () => {
    expect(adapt(fakeVideojs({ videoHeight: 1080 })).rendition()).toEqual({ height: 1080, bitrateBps: null });
    expect(adapt(fakeVideojs()).rendition()).toBeNull();
    expect(adapt(fakeVideojs({ levels: [{ height: 360 }], selected: -1, videoHeight: 360 })).rendition()).toEqual({ height: 360, bitrateBps: null });
  });

  test('position and duration in ms (an endless duration is unknown); the error message', () => {
    const player = adapt(fakeVideojs({ duration: Number.POSITIVE_INFINITY }));
    expect(player.positionMs()).toBe(12_500);
    expect(player.durationMs()).toBe(0);
    expect(player.errorMessage()).toBe('decode failed');
  });

  test("the buffer ahead of the playhead; VHS's bandwidth estimate, none for a file played as it is", () => {
    const player = adapt(fakeVideojs({ bufferedEnd: 40, vhsBandwidth: 12_345_678 }));
    expect(player.bufferMs?.()).toBe(27_500); // 40 s buffered, playing at 12.5 s
    expect(player.bandwidthBps?.()).toBe(12_345_678);
    const direct = adapt(fakeVideojs({ bufferedEnd: 0 }));
    expect(direct.bufferMs?.()).toBe(0);
    expect(direct.bandwidthBps?.()).toBeNull();
  });
});
