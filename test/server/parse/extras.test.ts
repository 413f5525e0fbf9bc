import { describe, expect, test } from 'vitest';
import { parsePath, type ExtraType, type LibraryKind } from '../../../server/src/library/parse-path.js';

const at = (rel: string, kind: LibraryKind = 'movies') => parsePath(`/lib/${rel}`, { kind, root: '/lib' });
const movie = { title: 'Movie', year: 2010, groupKey: 'movie:movie|2010' };

describe('extras by suffix', () => {
  test.each<[string, ExtraType]>([
    ['-trailer', 'trailer'],
    ['-Trailer', 'trailer'],
    ['.trailer', 'trailer'],
    ['_trailer', 'trailer'],
    [' trailer', 'trailer'],
    ['-trailer2', 'trailer'],
    ['-featurette', 'featurette'],
    ['-behindthescenes', 'behindthescenes'],
    ['-deleted', 'deletedscene'],
    ['-deletedscene', 'deletedscene'],
    ['-interview', 'interview'],
    ['-scene', 'scene'],
    ['-short', 'short'],
    ['-clip', 'clip'],
    ['-other', 'other'],
    ['-extra', 'other'],
  ])('Movie (2010)%s is a %s of the movie', (suffix, extraType) => {
    for (const kind of ['movies', 'mixed'] as const) {
      expect(at(`Movie (2010)/Movie (2010)${suffix}.mkv`, kind)).toMatchObject({ kind: 'extra', extraType, ...movie });
    }
  });

  test('a loose file with a suffix points at the movie of its name', () => {
    expect(at('Movie (2010)-trailer.mkv')).toMatchObject({ kind: 'extra', extraType: 'trailer', ...movie });
  });

  test('an extra may have its own name before the suffix', () => {
    expect(at('Movie (2010)/Making Of-behindthescenes.mkv')).toMatchObject({ kind: 'extra', extraType: 'behindthescenes', episodeTitle: 'Making Of', ...movie });
  });

  test.each(['trailer.mkv', 'Trailer.mp4', 'trailer2.mkv'])('%s alone is the folder title’s trailer', (name) => {
    expect(at(`Movie (2010)/${name}`)).toMatchObject({ kind: 'extra', extraType: 'trailer', ...movie });
  });

  test('an episode’s extra points at the episode', () => {
    expect(at('Show/Season 1/Show - S01E01-deleted.mkv', 'shows')).toMatchObject({
      kind: 'extra', extraType: 'deletedscene', title: 'Show', season: 1, episode: 1, groupKey: at('Show/Season 1/Show - S01E01.mkv', 'shows').groupKey,
    });
  });
});

describe('extras by folder', () => {
  test.each<[string, ExtraType]>([
    ['Trailers', 'trailer'],
    ['Featurettes', 'featurette'],
    ['Behind The Scenes', 'behindthescenes'],
    ['Behind.the.Scenes', 'behindthescenes'],
    ['Deleted Scenes', 'deletedscene'],
    ['Interviews', 'interview'],
    ['Scenes', 'scene'],
    ['Shorts', 'short'],
    ['Clips', 'clip'],
    ['Other', 'other'],
    ['Extras', 'other'],
    ['Specials', 'other'],
    ['extras', 'other'],
  ])('Movie (2010)/%s/… is a %s', (folder, extraType) => {
    for (const kind of ['movies', 'mixed'] as const) {
      expect(at(`Movie (2010)/${folder}/Some Clip.mkv`, kind)).toMatchObject({ kind: 'extra', extraType, episodeTitle: 'Some Clip', ...movie });
    }
  });

  test('the innermost folder names the type, the outermost the owner', () => {
    expect(at('Movie (2010)/Extras/Deleted Scenes/Cut.mkv')).toMatchObject({ kind: 'extra', extraType: 'deletedscene', ...movie });
  });

  test('in a generic Extras/Other folder a suffix names the type', () => {
    expect(at('Movie (2010)/Extras/Movie (2010)-trailer.mkv')).toMatchObject({ kind: 'extra', extraType: 'trailer', episodeTitle: null, ...movie });
    expect(at('Movie (2010)/Other/Making Of-featurette.mkv')).toMatchObject({ kind: 'extra', extraType: 'featurette', episodeTitle: 'Making Of', ...movie });
    expect(at('Movie (2010)/Trailers/Teaser-featurette.mkv')).toMatchObject({ extraType: 'trailer' });
  });

  test('a folder extra named like the movie itself keeps the owner', () => {
    expect(at('Movie (2010)/Trailers/Movie (2010).mkv')).toMatchObject({ kind: 'extra', extraType: 'trailer', ...movie });
  });

  test.each<[string, ExtraType]>([
    ['Show/Trailers/Teaser.mkv', 'trailer'],
    ['Show/Featurettes/Making of.mkv', 'featurette'],
    ['Show/Extras/Bloopers.mkv', 'other'],
    ['Show/Season 1/Extras/Bloopers.mkv', 'other'],
    ['Show (2005)/Behind The Scenes/x.mkv', 'behindthescenes'],
  ])('%s belongs to the series', (rel, extraType) => {
    const parsed = at(rel, 'shows');
    expect(parsed).toMatchObject({ kind: 'extra', extraType, title: 'Show', season: null, episode: null });
    expect(parsed.groupKey).toMatch(/^series:show\|/);
  });

  test('in a mixed library, extras below a season folder belong to the series', () => {
    expect(at('Show/Season 1/Featurettes/x.mkv', 'mixed')).toMatchObject({ kind: 'extra', title: 'Show', groupKey: 'series:show|' });
  });
});

describe('Specials: season 0 of a show, extras of a movie', () => {
  test.each<[string, LibraryKind, 'extra' | 'episode']>([
    ['Movie (2010)/Specials/Making Of.mkv', 'movies', 'extra'],
    ['Movie (2010)/Specials/Making Of.mkv', 'mixed', 'extra'],
    ['Show/Specials/Making Of.mkv', 'shows', 'episode'],
    ['Show/Specials/Show - S00E01.mkv', 'mixed', 'episode'],
    ['Show/Specials/Show - S00E01.mkv', 'movies', 'extra'],
  ])('%s in %s → %s', (rel, kind, expected) => {
    expect(at(rel, kind).kind).toBe(expected);
  });
});

describe('samples are ignored', () => {
  test.each([
    'Movie (2010)/sample.mkv',
    'Movie (2010)/Sample.mkv',
    'Movie (2010)/movie-sample.mkv',
    'Movie (2010)/Movie.2010.1080p.sample.mkv',
    'Movie (2010)/Sample/movie.mkv',
    'Movie (2010)/Samples/x.mkv',
    'Movie (2010)/Movie (2010) sample.mkv',
  ])('%s', (rel) => {
    for (const kind of ['movies', 'shows', 'mixed'] as const) {
      expect(at(rel, kind)).toMatchObject({ kind: 'ignored', extraType: 'sample' });
    }
  });

  test('a sample keeps its owner', () => {
    expect(at('Movie (2010)/Sample/movie.mkv')).toMatchObject({ title: 'Movie', year: 2010 });
  });
});

describe('names that only look like extras', () => {
  test.each<[string, LibraryKind, string]>([
    ['The.Big.Short.2015.1080p.mkv', 'movies', 'movie'],
    ['The Big Short.mkv', 'movies', 'movie'],
    ['Short Term 12 (2013).mkv', 'movies', 'movie'],
    ['Other People (2016)/Other People (2016).mkv', 'movies', 'movie'],
    ['Trailer Park Boys/Season 1/Trailer Park Boys - S01E01.mkv', 'shows', 'episode'],
    ['Extras/Season 1/Extras - S01E01.mkv', 'shows', 'episode'],
    ['Extras/Season 1/Extras - S01E01.mkv', 'mixed', 'episode'],
    ['Trailers (2020)/Trailers (2020).mkv', 'movies', 'movie'],
    ['Scenes from a Marriage (1973).mkv', 'movies', 'movie'],
  ])('%s (%s) → %s', (rel, kind, expected) => {
    expect(at(rel, kind).kind).toBe(expected);
    expect(at(rel, kind).extraType).toBeNull();
  });
});
