import { describe, expect, test } from 'vitest';
import { parsePath, type LibraryKind } from '../../../server/src/library/parse-path.js';

const at = (rel: string, kind: LibraryKind = 'mixed') => parsePath(`/lib/${rel}`, { kind, root: '/lib' });

describe('ignored paths', () => {
  test.each([
    'Movie (2010)/Movie (2010).nfo',
    'Movie (2010)/poster.jpg',
    'Movie (2010)/folder.jpg',
    'Movie (2010)/notes.txt',
    'Movie (2010)/.DS_Store',
    'Movie (2010)/._Movie (2010).mkv',
    'Movie (2010)/Thumbs.db',
    'Movie (2010)/desktop.ini',
    'Movie (2010)/.hidden.mkv',
    'Movie (2010)/Movie (2010).mkv.part',
    'Movie (2010)/theme.mp3',
    'Movie (2010)/Movie (2010)',
    '.hidden/Movie (2010).mkv',
    '@eaDir/Movie (2010).mkv/SYNOVIDEO_VIDEO_SCREENSHOT.jpg',
    '@eaDir/Movie (2010).mkv',
    '#recycle/Movie (2010).mkv',
    '#snapshot/Movie (2010).mkv',
    '.@__thumb/Movie (2010).mkv',
    'lost+found/Movie (2010).mkv',
    '$RECYCLE.BIN/Movie (2010).mkv',
    'System Volume Information/x.mkv',
    '.Trash-1000/files/Movie (2010).mkv',
    'Show/Season 1/.Show - S01E01.mkv',
  ])('%s', (rel) => {
    for (const kind of ['movies', 'shows', 'mixed'] as const) {
      expect(at(rel, kind)).toMatchObject({ kind: 'ignored', title: null, extraType: null, language: null, forced: null });
    }
  });

  test('an ignored path still has a key of its own', () => {
    expect(at('Movie (2010)/poster.jpg').groupKey).toBe('ignored:/lib/Movie (2010)/poster.jpg');
  });

  test('folders above the root are never read: a hidden library folder still works', () => {
    expect(parsePath('/home/me/.media/Movies/Heat (1995).mkv', { kind: 'movies', root: '/home/me/.media/Movies' })).toMatchObject({ kind: 'movie', title: 'Heat' });
  });
});

describe('video extensions', () => {
  test.each(['.mkv', '.mp4', '.m4v', '.avi', '.mov', '.wmv', '.webm', '.ts', '.m2ts', '.mts', '.mpg', '.mpeg', '.vob', '.flv', '.ogv', '.3gp', '.iso', '.divx', '.MKV', '.Mp4'])(
    '%s is a video',
    (ext) => expect(at(`Heat (1995)${ext}`, 'movies')).toMatchObject({ kind: 'movie', title: 'Heat', year: 1995 }),
  );
});

describe('roots and separators', () => {
  test('nothing above the root is a title', () => {
    expect(parsePath('/srv/Films/movie.mkv', { kind: 'movies', root: '/srv/Films' })).toMatchObject({ title: 'movie' });
    expect(parsePath('/srv/Films/movie.mkv', { kind: 'movies' })).toMatchObject({ title: 'Films' });
  });

  test('a root with a trailing slash, or with backslashes', () => {
    expect(parsePath('/srv/Films/Heat (1995)/movie.mkv', { kind: 'movies', root: '/srv/Films/' })).toMatchObject({ title: 'Heat', year: 1995 });
    expect(parsePath('C:\\Films\\Heat (1995)\\movie.mkv', { kind: 'movies', root: 'C:\\Films' })).toMatchObject({ title: 'Heat', year: 1995 });
    expect(parsePath('C:\\Films\\Heat (1995)\\movie.mkv', { kind: 'movies', root: 'c:/films' })).toMatchObject({ title: 'Heat', year: 1995 });
    expect(parsePath('C:/Films/Heat (1995)/movie.mkv', { kind: 'movies' })).toMatchObject({ title: 'Heat', year: 1995 });
  });

  test('a drive letter is never a title', () => {
    expect(parsePath('D:\\movie.mkv', { kind: 'movies' })).toMatchObject({ title: 'movie' });
  });

  test('a root that does not contain the path is ignored', () => {
    expect(parsePath('/other/Heat (1995)/movie.mkv', { kind: 'movies', root: '/srv/Films' })).toMatchObject({ title: 'Heat', year: 1995 });
  });

  test('a relative path', () => {
    expect(parsePath('Heat (1995)/Heat.mkv', { kind: 'movies' })).toMatchObject({ title: 'Heat', year: 1995 });
  });

  test('the path comes back exactly as given', () => {
    const path = 'C:\\Films\\Ame\u0301lie (2001)\\Ame\u0301lie.mkv';
    expect(parsePath(path, { kind: 'movies', root: 'C:\\Films' }).path).toBe(path);
  });
});

describe('unicode and odd names', () => {
  test.each<[string, string | null, number | null]>([
    ['Ame\u0301lie (2001).mkv', 'Amélie', 2001],
    ['Léon (1994).mkv', 'Léon', 1994],
    ['君の名は。 (2016).mkv', '君の名は。', 2016],
    ['千と千尋の神隠し.2001.1080p.mkv', '千と千尋の神隠し', 2001],
    ['기생충 (2019).mkv', '기생충', 2019],
    ['Москва слезам не верит (1979).mkv', 'Москва слезам не верит', 1979],
    ['العراب (1972).mkv', 'العراب', 1972],
    ['🎬 Emoji Movie (2017).mkv', '🎬 Emoji Movie', 2017],
    ['🎬.mkv', '🎬', null],
    ['Line\nBreak (2010).mkv', 'Line Break', 2010],
    ['Tab\tName.mkv', 'Tab Name', null],
    ['(2010).mkv', '(2010)', null],
    ['-.mkv', null, null],
    ['100% Wolf (2020).mkv', '100% Wolf', 2020],
    ['What If...? (2021).mkv', 'What If...?', 2021],
  ])('%j → %s', (rel, title, year) => {
    expect(at(rel, 'movies')).toMatchObject({ kind: 'movie', title, year });
  });

  test('NFD and NFC spellings of one title share a key', () => {
    expect(at('Ame\u0301lie (2001).mkv').groupKey).toBe(at('Am\u00e9lie (2001).mkv').groupKey);
    expect(at('Amelie (2001).mkv').groupKey).toBe(at('Amélie (2001).mkv').groupKey);
  });

  test.each(['', '/', '/lib/', '.', 'x', '\u0000.mkv', 'a'.repeat(5000) + '.mkv', '[[[.mkv', '(((.mkv', '{edition-}.mkv', 'S01E01.mkv', '....mkv'])(
    'never throws: %j',
    (path) => {
      for (const kind of ['movies', 'shows', 'mixed'] as const) {
        expect(() => parsePath(path, { kind })).not.toThrow();
        expect(() => parsePath(`/lib/${path}`, { kind, root: '/lib' })).not.toThrow();
      }
    },
  );
});
