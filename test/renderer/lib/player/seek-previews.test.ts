import { describe, expect, test } from 'vitest';
import { parseThumbnailCue, thumbnailAt, thumbnailCues, type ThumbnailCue } from '../../../../renderer/src/lib/player/seek-previews.js';

const TRACK = 'http://seed.local/api/items/7/previews/thumbnails.vtt?v=abc';

describe('parseThumbnailCue', () => {
  test.each([
    ['sprite-0.jpg#xywh=0,0,160,90', { url: 'http://seed.local/api/items/7/previews/sprite-0.jpg', x: 0, y: 0, width: 160, height: 90 }],
    ['sprite-1.jpg#xywh=320,180,160,90', { url: 'http://seed.local/api/items/7/previews/sprite-1.jpg', x: 320, y: 180, width: 160, height: 90 }],
    // spaces and line ends around the payload, as cue text may carry them
    ['  sprite-0.jpg#xywh=160,0,160,90\n', { url: 'http://seed.local/api/items/7/previews/sprite-0.jpg', x: 160, y: 0, width: 160, height: 90 }],
    // the media-fragment form with its unit
    ['sprite-0.jpg#xywh=pixel:10,20,30,40', { url: 'http://seed.local/api/items/7/previews/sprite-0.jpg', x: 10, y: 20, width: 30, height: 40 }],
    ['/elsewhere/sheet.jpg#xywh=0,0,10,10', { url: 'http://seed.local/elsewhere/sheet.jpg', x: 0, y: 0, width: 10, height: 10 }],
    ['https://cdn.example/a.jpg#xywh=0,0,10,10', { url: 'https://cdn.example/a.jpg', x: 0, y: 0, width: 10, height: 10 }],
    // a whole image: its size comes from the image itself
    ['thumb-0003.jpg', { url: 'http://seed.local/api/items/7/previews/thumb-0003.jpg', x: 0, y: 0, width: 0, height: 0 }],
  ])('%j', (text, expected) => {
    expect(parseThumbnailCue(text, TRACK)).toEqual(expected);
  });

  test.each([
    '',
    '   ',
    'a caption, not a picture',
    '#xywh=0,0,160,90',
    'sprite-0.jpg#t=10',
    'sprite-0.jpg#xywh=0,0,160',
    'sprite-0.jpg#xywh=0,0,0,90',
    'sprite-0.jpg#xywh=-1,0,160,90',
    'sprite-0.jpg#xywh=percent:0,0,50,50',
  ])('%j names no tile', (text) => {
    expect(parseThumbnailCue(text, TRACK)).toBeNull();
  });
});

describe('thumbnailCues', () => {
  test('keeps the cues that name a tile, sorted by time', () => {
    const cues = thumbnailCues(
      [
        { startTime: 1, endTime: 2, text: 'sprite-0.jpg#xywh=160,0,160,90' },
        { startTime: 0, endTime: 1, text: 'sprite-0.jpg#xywh=0,0,160,90' },
        { startTime: 2, endTime: 3, text: 'NOTE not a tile' },
        { startTime: 3, endTime: 3, text: 'sprite-0.jpg#xywh=320,0,160,90' },
      ],
      TRACK,
    );
    expect(cues.map((c) => [c.startSeconds, c.endSeconds, c.thumbnail.x])).toEqual([
      [0, 1, 0],
      [1, 2, 160],
    ]);
  });
});

describe('thumbnailAt', () => {
  const tile = (x: number) => ({ url: 'sprite-0.jpg', x, y: 0, width: 160, height: 90 });
  // a 12 s title, one picture a second (as planSprites makes for short clips)
  const cues: ThumbnailCue[] = Array.from({ length: 12 }, (_, i) => ({ startSeconds: i, endSeconds: i + 1, thumbnail: tile(i * 160) }));

  test.each([
    [0, 0],
    [0.99, 0],
    [1, 160],
    [9.5, 1440],
    [11.99, 1760],
    // before the first cue and past the last: the nearest picture
    [-3, 0],
    [12, 1760],
    [400, 1760],
  ])('at %f s: the tile at x=%i', (seconds, x) => {
    expect(thumbnailAt(cues, seconds)?.x).toBe(x);
  });

  test('a gap between cues shows the last picture before it', () => {
    const sparse: ThumbnailCue[] = [
      { startSeconds: 0, endSeconds: 10, thumbnail: tile(0) },
      { startSeconds: 20, endSeconds: 30, thumbnail: tile(160) },
    ];
    expect(thumbnailAt(sparse, 15)?.x).toBe(0);
    expect(thumbnailAt(sparse, 20)?.x).toBe(160);
  });

  test('no cues or no time: nothing', () => {
    expect(thumbnailAt([], 3)).toBeNull();
    expect(thumbnailAt(cues, Number.NaN)).toBeNull();
  });
});
