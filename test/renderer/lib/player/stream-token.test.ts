// Renewing the stream token under a player that stays open for hours.
import { describe, expect, test } from 'vitest';
import { renewStreamToken, TOKEN_RENEW_MS, tokenOf, withStreamToken } from '../../../../renderer/src/lib/player/stream-token.js';

describe('stream URLs', () => {
  test('the token of a URL, and the URL with another one', () => {
    expect(tokenOf('/api/items/3/hls/master.m3u8?token=abc_-1&start=720')).toBe('abc_-1');
    expect(tokenOf('/api/items/3/hls/0/seg-00001.ts')).toBeNull();
    expect(withStreamToken('http://seed:8420/api/items/3/hls/0/seg-00001.ts?token=old', 'new')).toBe('http://seed:8420/api/items/3/hls/0/seg-00001.ts?token=new');
    expect(withStreamToken('/api/items/3/hls/master.m3u8?token=old&start=720', 'new')).toBe('/api/items/3/hls/master.m3u8?token=new&start=720');
    expect(withStreamToken('/x?a=1&token=old', 'new')).toBe('/x?a=1&token=new');
    expect(withStreamToken('/x?mytoken=keep', 'new')).toBe('/x?mytoken=keep');
    expect(withStreamToken('/api/items/3/file', 'new')).toBe('/api/items/3/file');
  });
});

describe('renewal', () => {
  function fakeTimer() {
    const ticks: (() => void)[] = [];
    let stopped = false;
    return {
      every: (ms: number, tick: () => void) => {
        expect(ms).toBe(TOKEN_RENEW_MS);
        ticks.push(tick);
        return () => void (stopped = true);
      },
      fire: () => ticks.forEach((tick) => tick()),
      stopped: () => stopped,
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  test('every hour a fresh token from a fresh URL; a failed or empty answer keeps the old one', async () => {
    const timer = fakeTimer();
    const answers: (() => Promise<string | null>)[] = [
      async () => '/api/items/3/hls/master.m3u8?token=second',
      async () => Promise.reject(new Error('offline')),
      async () => null,
      async () => '/api/items/3/hls/master.m3u8?token=third',
    ];
    const renewal = renewStreamToken({ first: 'first', renew: () => answers.shift()!(), every: timer.every });
    expect(renewal.current()).toBe('first');
    for (const expected of ['second', 'second', 'second', 'third']) {
      timer.fire();
      await settle();
      expect(renewal.current()).toBe(expected);
    }
    renewal.stop();
    expect(timer.stopped()).toBe(true);
  });

  test('an answer that comes after the player closed changes nothing', async () => {
    const timer = fakeTimer();
    let answer!: (url: string) => void;
    const renewal = renewStreamToken({ first: 'first', renew: () => new Promise((r) => (answer = r)), every: timer.every });
    timer.fire();
    renewal.stop();
    answer('/x?token=late');
    await settle();
    expect(renewal.current()).toBe('first');
  });
});
