import { describe, expect, test } from 'vitest';
import { parseLine, PARSE_LINE_KEYS } from '../../../server/src/library/parse-command.js';
import { parsePath } from '../../../server/src/library/parse-path.js';

const KEYS = [
  'path', 'kind', 'title', 'year', 'season', 'episode', 'endingEpisode', 'airDate', 'extraType', 'format3D', 'stub',
  'part', 'version', 'language', 'forced', 'default', 'hearingImpaired',
];

describe('parseLine', () => {
  test('a movie: exactly the printed keys, in order, null where they do not apply', () => {
    const line = parseLine(parsePath('/m/Movie (2010)/Movie (2010) - 1080p.mkv', { kind: 'movies', root: '/m' }));
    expect(Object.keys(JSON.parse(line))).toEqual(KEYS);
    expect(line).toBe(
      '{"path":"/m/Movie (2010)/Movie (2010) - 1080p.mkv","kind":"movie","title":"Movie","year":2010,"season":null,' +
        '"episode":null,"endingEpisode":null,"airDate":null,"extraType":null,"format3D":null,"stub":null,"part":null,' +
        '"version":"1080p","language":null,"forced":null,"default":null,"hearingImpaired":null}',
    );
  });

  test('an episode', () => {
    expect(JSON.parse(parseLine(parsePath('/tv/Show/Season 1/Show - S01E01-E03.mkv', { kind: 'shows', root: '/tv' })))).toEqual({
      path: '/tv/Show/Season 1/Show - S01E01-E03.mkv', kind: 'episode', title: 'Show', year: null, season: 1, episode: 1,
      endingEpisode: 3, airDate: null, extraType: null, format3D: null, stub: null, part: null, version: null,
      language: null, forced: null, default: null, hearingImpaired: null,
    });
  });

  test('a subtitle has its flags as booleans', () => {
    const parsed = JSON.parse(parseLine(parsePath('/m/Movie (2010)/Movie (2010).en.forced.srt', { kind: 'movies', root: '/m' })));
    expect(parsed).toMatchObject({ kind: 'subtitle', language: 'en', forced: true, default: false, hearingImpaired: false });
  });

  test('an extra, a stub and an ignored file', () => {
    expect(JSON.parse(parseLine(parsePath('/m/Movie (2010)/Trailers/t.mkv', { kind: 'movies', root: '/m' })))).toMatchObject({ kind: 'extra', extraType: 'trailer' });
    expect(JSON.parse(parseLine(parsePath('/m/Movie (2010).dvd.disc', { kind: 'movies', root: '/m' })))).toMatchObject({ kind: 'movie', stub: 'dvd' });
    expect(JSON.parse(parseLine(parsePath('/m/poster.jpg', { kind: 'movies', root: '/m' })))).toMatchObject({ kind: 'ignored', title: null });
  });

  test('the scanner-only fields stay out, and a newline in a name stays on one line', () => {
    const line = parseLine(parsePath('/m/Line\nBreak (2010).mkv', { kind: 'movies', root: '/m' }));
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/groupKey|videoStem|episodeTitle|discFolder/);
    expect(PARSE_LINE_KEYS).toEqual(KEYS);
  });
});
