import { expect, test } from 'vitest';
import { playbackErrorWords } from '../../../../renderer/src/lib/player/playback-error.js';

test.each([
  [2, /stopped loading/],
  [3, /could not be decoded/],
  [4, /cannot play this video/],
  [5, /encrypted/],
])('MediaError %i says what failed', (code, title) => {
  expect(playbackErrorWords({ code, message: '' }).title).toMatch(title);
});

test('video.js’s own message is the detail', () => {
  expect(playbackErrorWords({ code: 2, message: 'HLS playlist request error at URL: /api/items/1/hls/1/index.m3u8.' })).toMatchObject({
    title: 'The video stopped loading',
    detail: 'HLS playlist request error at URL: /api/items/1/hls/1/index.m3u8.',
  });
  expect(playbackErrorWords({ code: 3, message: '  ' }).detail).toBeNull();
});

test('the stream token in a URL is not shown; a question in words is', () => {
  expect(playbackErrorWords({ code: 2, message: 'HLS playlist request error at URL: /api/items/1/hls/master.m3u8?token=MS4xNz.' }).detail).toBe(
    'HLS playlist request error at URL: /api/items/1/hls/master.m3u8',
  );
  expect(playbackErrorWords({ code: 2, message: 'Is the server running? It did not answer.' }).detail).toBe('Is the server running? It did not answer.');
});

test('an unknown code or no error still says something', () => {
  expect(playbackErrorWords({ code: 99 })).toEqual({ title: 'Playback stopped', message: 'The player stopped with an error it did not explain.', detail: null });
  expect(playbackErrorWords(null).title).toBe('Playback stopped');
});

test('a playlist or segment the server refused is a loading failure, whatever code VHS gave it', () => {
  for (const code of [2, 3, 4]) {
    expect(playbackErrorWords({ code, message: 'HLS playlist request error at URL: /api/items/1/hls/master.m3u8.' })).toMatchObject({
      title: 'The video stopped loading',
      message: expect.stringContaining('did not send'),
    });
  }
});
