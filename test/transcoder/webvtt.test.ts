import { describe, expect, test } from 'vitest';
import { subtitleCharset, subtitlePlaylist, webvttArgs, withTimestampMap } from '../../transcoder/src/webvtt.js';

const MAP = 'X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000';

describe('withTimestampMap', () => {
  test.each([
    ['ffmpeg output', 'WEBVTT\n\n00:00.500 --> 00:01.200\nHello\n', `WEBVTT\n${MAP}\n\n00:00.500 --> 00:01.200\nHello\n`],
    ['no cues', 'WEBVTT\n\n', `WEBVTT\n${MAP}\n\n`],
    ['nothing at all (a track without cues)', '', `WEBVTT\n${MAP}\n\n`],
    ['BOM, CRLF and a header kept', '\uFEFFWEBVTT - film\r\nKind: captions\r\n\r\n1\r\n00:01.000 --> 00:02.000\r\nHi\r\n', `WEBVTT - film\n${MAP}\nKind: captions\n\n1\n00:01.000 --> 00:02.000\nHi\n`],
    ['an old map replaced', 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:01.000 --> 00:02.000\nHi\n', `WEBVTT\n${MAP}\n\n00:01.000 --> 00:02.000\nHi\n`],
    ['cues without a signature', '00:01.000 --> 00:02.000\nHi\n', `WEBVTT\n${MAP}\n\n00:01.000 --> 00:02.000\nHi\n`],
  ])('%s', (_, input, output) => {
    expect(withTimestampMap(input)).toBe(output);
  });
});

describe('subtitlePlaylist', () => {
  test('one segment covering the whole title; the target duration rounds up', () => {
    expect(subtitlePlaylist(5_432_100, 'sub.vtt')).toBe(
      '#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:5433\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:5432.100,\nsub.vtt\n#EXT-X-ENDLIST\n',
    );
  });
  test('an unknown duration still gives a valid target duration', () => {
    expect(subtitlePlaylist(0, 'sub.vtt')).toContain('#EXT-X-TARGETDURATION:1\n');
  });
});

describe('webvttArgs and subtitleCharset', () => {
  test('a sidecar is converted to WebVTT; a legacy charset is told to ffmpeg before the input', () => {
    expect(webvttArgs('/m/Movie.fr.srt', '/t/s0/sub.vtt', 'CP1252')).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-sub_charenc', 'CP1252', '-i', '/m/Movie.fr.srt',
      '-map', '0:s:0', '-c:s', 'webvtt', '-f', 'webvtt', '-y', '/t/s0/sub.vtt',
    ]);
    expect(webvttArgs('/m/a.srt', '/t/s0/sub.vtt')).not.toContain('-sub_charenc');
  });

  test.each([
    ['UTF-8', Buffer.from('État', 'utf8'), 'fr', null],
    ['UTF-16 with a BOM', Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'en', null],
    ['Latin-1 French', Buffer.from('État', 'latin1'), 'fr', 'CP1252'],
    ['Windows-1251 Russian', Buffer.from([0xcf, 0xf0, 0xe8]), 'ru', 'CP1251'],
    ['no language', Buffer.from([0xe9, 0x20]), null, 'CP1252'],
  ])('%s → %s', (_, bytes, language, charset) => {
    expect(subtitleCharset(bytes, language)).toBe(charset);
  });
});
