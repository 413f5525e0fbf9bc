import { describe, expect, test } from 'vitest';
import { findLocalArtwork, seasonOfFolder, stackName, type LocalArtwork } from '../../../server/src/library/local-artwork.js';

const none: LocalArtwork = { poster: null, fanart: null, banner: null, logo: null, thumb: null, seasonPosters: {} };

describe('findLocalArtwork: movies', () => {
  const video = '/m/Heat (1995)/Heat (1995).mkv';
  const own = (names: string[]) => findLocalArtwork(video, ['Heat (1995).mkv', ...names], ['Heat (1995)'], 'movie');

  test('a Kodi movie folder', () => {
    expect(own(['poster.jpg', 'fanart.jpg', 'banner.jpg', 'clearlogo.png', 'landscape.jpg', 'Heat (1995).nfo'])).toEqual({
      poster: '/m/Heat (1995)/poster.jpg',
      fanart: '/m/Heat (1995)/fanart.jpg',
      banner: '/m/Heat (1995)/banner.jpg',
      logo: '/m/Heat (1995)/clearlogo.png',
      thumb: '/m/Heat (1995)/landscape.jpg',
      seasonPosters: {},
    });
  });

  test.each([
    [['folder.jpg'], '/m/Heat (1995)/folder.jpg'],
    [['cover.png'], '/m/Heat (1995)/cover.png'],
    [['default.webp'], '/m/Heat (1995)/default.webp'],
    [['movie.jpeg'], '/m/Heat (1995)/movie.jpeg'],
    [['Heat (1995).tbn'], '/m/Heat (1995)/Heat (1995).tbn'],
    [['POSTER.JPG'], '/m/Heat (1995)/POSTER.JPG'],
    // the file's own names beat the generic ones; among generic ones the list order, then jpg before png
    [['folder.jpg', 'poster.png', 'Heat (1995)-poster.jpg'], '/m/Heat (1995)/Heat (1995)-poster.jpg'],
    [['folder.jpg', 'poster.png'], '/m/Heat (1995)/poster.png'],
    [['poster.png', 'poster.jpg'], '/m/Heat (1995)/poster.jpg'],
    [['poster.gif', 'poster.jpg.bak', 'poster'], null],
  ])('poster among %j', (names, poster) => {
    expect(own(names).poster).toBe(poster);
  });

  test.each([
    [['backdrop.jpg'], '/m/Heat (1995)/backdrop.jpg'],
    [['background.jpg'], '/m/Heat (1995)/background.jpg'],
    [['art.png'], '/m/Heat (1995)/art.png'],
    [['art.png', 'Heat (1995)-fanart.jpg'], '/m/Heat (1995)/Heat (1995)-fanart.jpg'],
    [['Fanart.JPEG', 'backdrop.jpg'], '/m/Heat (1995)/Fanart.JPEG'],
  ])('fanart among %j', (names, fanart) => {
    expect(own(names).fanart).toBe(fanart);
  });

  test.each([
    [['logo.png'], { logo: '/m/Heat (1995)/logo.png' }],
    [['thumb.jpg'], { thumb: '/m/Heat (1995)/thumb.jpg' }],
    [['Heat (1995)-landscape.jpg', 'thumb.jpg'], { thumb: '/m/Heat (1995)/Heat (1995)-landscape.jpg' }],
    [['Heat (1995)-banner.jpg'], { banner: '/m/Heat (1995)/Heat (1995)-banner.jpg' }],
  ])('%j', (names, expected) => {
    expect(own(names)).toMatchObject(expected);
  });

  test('a folder shared by several movies: only names tied to the file count', () => {
    const names = ['Heat (1995).mkv', 'Alien (1979).mkv', 'folder.jpg', 'fanart.jpg', 'Heat (1995)-fanart.jpg', 'Alien (1979)-poster.jpg'];
    expect(findLocalArtwork('/m/Heat (1995).mkv', names, [], 'movie')).toEqual({ ...none, fanart: '/m/Heat (1995)-fanart.jpg' });
  });

  test('a stacked movie (cd1, cd2) and a sample still use the folder art and the stack name', () => {
    const names = ['Heat - cd1.avi', 'Heat - cd2.avi', 'heat-sample.avi', 'Heat-poster.jpg', 'fanart.jpg'];
    expect(findLocalArtwork('/m/Heat/Heat - cd2.avi', names, [], 'movie')).toMatchObject({ poster: '/m/Heat/Heat-poster.jpg', fanart: '/m/Heat/fanart.jpg' });
  });

  test('DVD and Blu-ray folders: the art is beside VIDEO_TS/ or BDMV/', () => {
    const parent = ['VIDEO_TS', 'poster.jpg', 'Heat (1995)-fanart.jpg'];
    expect(findLocalArtwork('/m/Heat (1995)/VIDEO_TS/VIDEO_TS.IFO', ['VIDEO_TS.IFO', 'VTS_01_1.VOB'], parent, 'movie')).toMatchObject({
      poster: '/m/Heat (1995)/poster.jpg',
      fanart: '/m/Heat (1995)/Heat (1995)-fanart.jpg',
    });
    expect(findLocalArtwork('/m/Heat (1995)/BDMV/index.bdmv', ['index.bdmv'], ['BDMV', 'folder.jpg'], 'movie').poster).toBe('/m/Heat (1995)/folder.jpg');
  });

  test('nothing there: all null, and the result is frozen', () => {
    const art = own([]);
    expect(art).toEqual(none);
    expect(Object.isFrozen(art) && Object.isFrozen(art.seasonPosters)).toBe(true);
  });
});

describe('findLocalArtwork: episodes', () => {
  const show = '/tv/Breaking Bad';
  const showNames = ['Season 1', 'Season 2', 'Specials', 'poster.jpg', 'fanart.jpg', 'banner.jpg', 'logo.png', 'tvshow.nfo', 'season01-poster.jpg', 'season02.tbn', 'season-specials-poster.png', 'season-all-poster.jpg'];

  test('a Kodi show folder with season folders', () => {
    const art = findLocalArtwork(`${show}/Season 1/Breaking Bad S01E01.mkv`, ['Breaking Bad S01E01.mkv', 'Breaking Bad S01E01-thumb.jpg'], showNames, 'episode');
    expect(art).toEqual({
      poster: `${show}/poster.jpg`,
      fanart: `${show}/fanart.jpg`,
      banner: `${show}/banner.jpg`,
      logo: `${show}/logo.png`,
      thumb: `${show}/Season 1/Breaking Bad S01E01-thumb.jpg`,
      seasonPosters: { 0: `${show}/season-specials-poster.png`, 1: `${show}/season01-poster.jpg`, 2: `${show}/season02.tbn` },
    });
  });

  test('a Jellyfin season folder poster (Season 3/folder.jpg) fills in its own season', () => {
    const art = findLocalArtwork(`${show}/Season 3/S03E01.mkv`, ['S03E01.mkv', 'folder.jpg', 'S03E01.jpg'], ['Season 3', 'poster.jpg'], 'episode');
    expect(art).toMatchObject({ poster: `${show}/poster.jpg`, thumb: `${show}/Season 3/S03E01.jpg`, seasonPosters: { 3: `${show}/Season 3/folder.jpg` } });
  });

  test('season01-poster in the show folder beats the season folder own poster', () => {
    const art = findLocalArtwork(`${show}/Season 1/e.mkv`, ['e.mkv', 'poster.jpg'], ['season01-poster.jpg'], 'episode');
    expect(art.seasonPosters).toEqual({ 1: `${show}/season01-poster.jpg` });
  });

  test('episodes directly in the show folder: the parent (library root) art is not the show art', () => {
    const art = findLocalArtwork('/tv/Show/Show S01E02.mkv', ['Show S01E02.mkv', 'folder.jpg', 'Show S01E02-thumb.png'], ['poster.jpg', 'fanart.jpg'], 'episode');
    expect(art).toEqual({ ...none, poster: '/tv/Show/folder.jpg', thumb: '/tv/Show/Show S01E02-thumb.png' });
  });

  test('an episode without a thumb does not borrow the season poster', () => {
    expect(findLocalArtwork(`${show}/Season 1/e.mkv`, ['e.mkv', 'folder.jpg'], [], 'episode').thumb).toBeNull();
  });
});

describe('helpers', () => {
  test.each([
    ['Season 1', 1], ['season 01', 1], ['Season.12', 12], ['S02', 2], ['Series 3', 3], ['Staffel 4', 4], ['Saison 5', 5],
    ['Specials', 0], ['Special', 0], ['Season 2010', 2010], ['Extras', null], ['Breaking Bad', null], ['Seasons', null],
  ])('seasonOfFolder(%j) = %s', (name, season) => {
    expect(seasonOfFolder(name)).toBe(season);
  });

  test.each([
    ['Heat - cd1', 'Heat'], ['Heat.part2', 'Heat'], ['Heat (disc 1)', 'Heat'], ['Heat [DVD2]', 'Heat'], ['Heat', 'Heat'], ['Apart 2', 'Apart 2'], ['cd1', 'cd1'],
  ])('stackName(%j) = %j', (stem, name) => {
    expect(stackName(stem)).toBe(name);
  });
});
