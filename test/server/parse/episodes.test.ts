import { describe, expect, test } from 'vitest';
import { parsePath, type LibraryKind } from '../../../server/src/library/parse-path.js';

const at = (rel: string, kind: LibraryKind = 'shows') => parsePath(`/tv/${rel}`, { kind, root: '/tv' });

type Numbers = { season: number | null; episode: number | null; endingEpisode?: number | null };

describe('season and episode numbers', () => {
  test.each<[string, Numbers]>([
    ['Show/Season 1/Show - S01E02.mkv', { season: 1, episode: 2, endingEpisode: null }],
    ['Show/Season 1/s1e2.mkv', { season: 1, episode: 2 }],
    ['Show/Season 01/Show.S01E02.720p.HDTV.x264-GRP.mkv', { season: 1, episode: 2, endingEpisode: null }],
    ['Show/Season 1/Show 1x02.mkv', { season: 1, episode: 2 }],
    ['Show/Season 1/Show S01 E02.mkv', { season: 1, episode: 2 }],
    ['Show/Season 1/Show.S01.E02.mkv', { season: 1, episode: 2 }],
    ['Show/Season 1/Show - S01 - E02.mkv', { season: 1, episode: 2 }],
    ['Show/Season 1/Show_S01_E02.mkv', { season: 1, episode: 2 }],
    ['Show/Season 1/Show Season 1 Episode 2.mkv', { season: 1, episode: 2 }],
    ['Show/Season 2/Show - S03E04.mkv', { season: 3, episode: 4 }],
    ['Show/Season 12/Show - S12E104.mkv', { season: 12, episode: 104 }],
    ['Show/Season 1/Show - 102.mkv', { season: 1, episode: 2 }],
    ['Show/Season 10/Show - 1012.mkv', { season: 10, episode: 12 }],
    ['Show/Season 1/Show.101.mkv', { season: 1, episode: 1 }],
    ['Show/Season 2/Show - 105.mkv', { season: 2, episode: 105 }],
    ['Show/Season 2/Show - 05.mkv', { season: 2, episode: 5 }],
    ['Show/Season 1/01 - Pilot.mkv', { season: 1, episode: 1 }],
    ['Show/Season 1/01.mkv', { season: 1, episode: 1 }],
    ['Show/Season 1/1.mkv', { season: 1, episode: 1 }],
  ])('%s', (rel, numbers) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', title: 'Show', ...numbers });
  });

  test.each<[string, Numbers]>([
    ['Show/Season 1/Show - S01E01-E03.mkv', { season: 1, episode: 1, endingEpisode: 3 }],
    ['Show/Season 1/Show - S01E01-03.mkv', { season: 1, episode: 1, endingEpisode: 3 }],
    ['Show/Season 1/Show - S01E01E02.mkv', { season: 1, episode: 1, endingEpisode: 2 }],
    ['Show/Season 1/Show - S01E01E02E03.mkv', { season: 1, episode: 1, endingEpisode: 3 }],
    ['Show/Season 1/Show - S01E01 - S01E02.mkv', { season: 1, episode: 1, endingEpisode: 2 }],
    ['Show/Season 1/Show - 1x01-1x03.mkv', { season: 1, episode: 1, endingEpisode: 3 }],
    ['Show/Season 1/Show - 1x01-03.mkv', { season: 1, episode: 1, endingEpisode: 3 }],
    ['Show/Season 1/Show.S01E01-E03.720p.HDTV.x264.mkv', { season: 1, episode: 1, endingEpisode: 3 }],
    ['Show/Show - Episode 5-6.mkv', { season: 1, episode: 5, endingEpisode: 6 }],
    ['Show/[Group] Show - 01-02 [1080p].mkv', { season: null, episode: 1, endingEpisode: 2 }],
  ])('multi-episode %s', (rel, numbers) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', title: 'Show', ...numbers });
  });

  test.each<[string, Numbers]>([
    ['Show/Season 1/Show.S01E01.1080p.mkv', { season: 1, episode: 1, endingEpisode: null }],
    ['Show/Season 1/Show - S01E01 - 720p.mkv', { season: 1, episode: 1, endingEpisode: null }],
    ['Show/Season 1/Show.S01E02.1920x1080.mkv', { season: 1, episode: 2, endingEpisode: null }],
    ['Show/Show.1080p.mkv', { season: null, episode: null }],
    ['Show/Show - 2010.mkv', { season: null, episode: null }],
    ['Show/Show.720p.x264.mkv', { season: null, episode: null }],
  ])('resolutions and years are not episode numbers: %s', (rel, numbers) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', ...numbers });
  });
});

describe('episodes without a season number', () => {
  test.each<[string, Numbers]>([
    // Plex: a show without season folders keeps its episodes in season 1
    ['Show/Show - E05.mkv', { season: 1, episode: 5 }],
    ['Show/Episode 5.mkv', { season: 1, episode: 5 }],
    ['Show/Ep05 - Title.mkv', { season: 1, episode: 5 }],
    ['Show/Show.EP_07.mkv', { season: 1, episode: 7 }],
    ['Show/Show - Folge 3.mkv', { season: 1, episode: 3 }],
    ['Show/Season 2/Episode 5.mkv', { season: 2, episode: 5 }],
    // absolute numbering (anime): no season
    ['Show/[Group] Show - 105 [1080p].mkv', { season: null, episode: 105 }],
    ['Show/[Group] Show - 05v2 [720p][ABCD1234].mkv', { season: null, episode: 5 }],
    ['Show/[Group] Show 12 [720p].mkv', { season: null, episode: 12 }],
    ['Show/[Group] Show - 07 [E1A2B3C4].mkv', { season: null, episode: 7 }],
    ['Show/Show - 1100 (1080p).mkv', { season: null, episode: 1100 }],
    ['Show/Show 105.mkv', { season: null, episode: 105 }],
    ['Show/Show_105.mkv', { season: null, episode: 105 }],
  ])('%s', (rel, numbers) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', title: 'Show', ...numbers });
  });

  test('an anime file at the top of the library names its series', () => {
    expect(at('[Group] Some Anime - 105 [1080p].mkv')).toMatchObject({ kind: 'episode', title: 'Some Anime', season: null, episode: 105 });
  });
});

describe('daily shows', () => {
  test.each<[string, string | null]>([
    ['Show/Show 2024-01-05.mkv', '2024-01-05'],
    ['Show/Show.2024.01.05.Guest.Name.720p.HDTV.mkv', '2024-01-05'],
    ['Show/Show_2024_01_05.mkv', '2024-01-05'],
    ['Show/Show - 05.01.2024.mkv', '2024-01-05'],
    ['Show/Show - 13-01-2024.mkv', '2024-01-13'],
    ['Show/Show - 01.13.2024.mkv', '2024-01-13'],
    ['Show/Show 2024-02-29.mkv', '2024-02-29'],
    ['Show/Show 2023-02-29.mkv', null],
  ])('%s → %s', (rel, airDate) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', title: 'Show', airDate, episode: null });
  });

  test('a dated episode keeps its title and its own key', () => {
    const a = at('Show/Show.2024.01.05.Guest.Name.720p.HDTV.mkv');
    expect(a.episodeTitle).toBe('Guest Name');
    expect(a.groupKey).not.toBe(at('Show/Show 2024-01-06.mkv').groupKey);
  });
});

describe('specials and season folders', () => {
  test.each<[string, number | null, number | null]>([
    ['Show/Season 0/Show - S00E01.mkv', 0, 1],
    ['Show/Season 00/Show - S00E02.mkv', 0, 2],
    ['Show/Specials/Show - S00E01.mkv', 0, 1],
    ['Show/Specials/Show - E03.mkv', 0, 3],
    ['Show/Specials/Christmas Special.mkv', 0, null],
    ['Show/Season 1/Show - S00E05.mkv', 0, 5],
    ['Show/Staffel 2/01 - Title.mkv', 2, 1],
    ['Show/Saison 2/01 - Title.mkv', 2, 1],
    ['Show/Temporada 2/01 - Title.mkv', 2, 1],
    ['Show/Stagione 2/01 - Title.mkv', 2, 1],
    ['Show/Seizoen 2/01 - Title.mkv', 2, 1],
    ['Show/Sezon 2/01 - Title.mkv', 2, 1],
    ['Show/Sæson 2/01 - Title.mkv', 2, 1],
    ['Show/Säsong 2/01 - Title.mkv', 2, 1],
    ['Show/Kausi 2/01 - Title.mkv', 2, 1],
    ['Show/Сезон 2/01 - Title.mkv', 2, 1],
    ['Show/2. Staffel/01 - Title.mkv', 2, 1],
    ['Show/2nd Season/01 - Title.mkv', 2, 1],
    ['Show/S02/Show - 03.mkv', 2, 3],
    ['Show/s2/03.mkv', 2, 3],
    ['Show/Season.02/Show - 03.mkv', 2, 3],
    ['Show/Season_02/Show - 03.mkv', 2, 3],
    ['Show/Series 2/Show - 03.mkv', 2, 3],
    ['Show/Season 1 (2010)/s01e01.mkv', 1, 1],
    ['Show/Season 01 - Riders of Berk/Show - s01e01.mkv', 1, 1],
  ])('%s → season %s episode %s', (rel, season, episode) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', title: 'Show', season, episode });
  });

  test('a season pack folder names its show', () => {
    expect(at('Show.Name.S02.1080p.BluRay.x264-GRP/Show.Name.S02E03.1080p.mkv')).toMatchObject({ title: 'Show Name', season: 2, episode: 3 });
    expect(at('Show Name - Season 2/03.mkv')).toMatchObject({ title: 'Show Name', season: 2, episode: 3 });
    expect(at('Show Name/Show.Name.S02.1080p/Show.Name.S02E03.mkv')).toMatchObject({ title: 'Show Name', season: 2, episode: 3 });
  });
});

describe('series names', () => {
  test.each<[string, string | null, number | null]>([
    ['Show/Season 1/S01E01.mkv', 'Show', null],
    ['Show (2010)/Season 1/S01E01.mkv', 'Show', 2010],
    ['Doctor Who (2005)/Season 1/Doctor.Who.2005.S01E01.mkv', 'Doctor Who', 2005],
    ['The Office (US)/Season 1/The.Office.US.S01E01.mkv', 'The Office (US)', null],
    ['Marvels.Agents.of.S.H.I.E.L.D.S01E01.mkv', 'Marvels Agents of S.H.I.E.L.D.', null],
    ['Show.Name.S01E01.mkv', 'Show Name', null],
    ['Fargo/s1e3.mkv', 'Fargo', null],
    ['Mr. Robot/Season 1/eps1.0_hellofriend.mov', 'Mr. Robot', null],
    ['Amélie Show/Season 1/S01E01.mkv'.normalize('NFD'), 'Amélie Show', null],
  ])('%s → %s', (rel, title, year) => {
    expect(at(rel)).toMatchObject({ kind: 'episode', title, year });
  });

  test('without a root, the folder above the season folder names the show', () => {
    expect(parsePath('/media/tv/Show/Season 1/S01E01.mkv', { kind: 'shows' })).toMatchObject({ title: 'Show', season: 1, episode: 1 });
    expect(parsePath('D:\\TV\\Show\\Season 1\\Show - S01E02.mkv', { kind: 'shows' })).toMatchObject({ title: 'Show', season: 1, episode: 2 });
  });

  test.each<[string, string | null]>([
    ['Show/Season 1/Show - S01E02 - The Title.mkv', 'The Title'],
    ['Show/Season 2/Show.S02E10.The.Finale.720p.HDTV.x264-GRP.mkv', 'The Finale'],
    ['Show/Season 1/Show - 1x02 - Title.mkv', 'Title'],
    ['Show/Season 1/01 - Pilot.mkv', 'Pilot'],
    ['Show/Season 1/Show - S01E02.mkv', null],
    ['Show/Season 1/Show.S01E02.1080p.WEB-DL.mkv', null],
    ['Show/[Group] Show - 05 [1080p].mkv', null],
    ['Show/Season 1/Pilot.mkv', 'Pilot'],
    ['Show/Season 1/Show - S01E01 - Title {tvdb-123}.mkv', 'Title'],
    ['Show/Season 1/Show - s01e01 - Title [1080p].mkv', 'Title'],
    ['Show/Season 2/Show.S02E05.REPACK.720p.mkv', null],
  ])('episode title of %s → %s', (rel, episodeTitle) => {
    expect(at(rel).episodeTitle).toBe(episodeTitle);
  });
});

describe('keys', () => {
  test('the files of one episode share a key; other episodes do not', () => {
    const key = at('Show/Season 1/Show - S01E02.mkv').groupKey;
    expect(at('Show/Season 1/show.s01e02.720p.mkv').groupKey).toBe(key);
    expect(at('Show/Season 1/Show - S01E02 - cd2.mkv')).toMatchObject({ groupKey: key, part: 2 });
    expect(at('Show/Season 1/Show - S01E03.mkv').groupKey).not.toBe(key);
    expect(at('Show/Season 2/Show - S02E02.mkv').groupKey).not.toBe(key);
    expect(at('Other/Season 1/Other - S01E02.mkv').groupKey).not.toBe(key);
  });

  test('a disc structure in a season folder is a disc of that season', () => {
    expect(at('Show/Season 1/VIDEO_TS/VTS_01_1.VOB')).toMatchObject({ kind: 'episode', title: 'Show', season: 1, episode: null, discFolder: 'dvd' });
    expect(at('Show/Season 1/Disc 2/BDMV/STREAM/00001.m2ts')).toMatchObject({ kind: 'episode', title: 'Show', season: 1, part: 2, discFolder: 'bluray' });
  });

  test('a season’s Disc folder holds whole episodes', () => {
    expect(at('Show/Season 1/Disc 1/Show - S01E01.mkv')).toMatchObject({ title: 'Show', season: 1, episode: 1, part: null });
  });

  test('"Part 2" ends an episode title, it is not a stack', () => {
    expect(at('Show/Season 1/Show - S01E05 - The End Part 2.mkv')).toMatchObject({ part: null, episodeTitle: 'The End Part 2' });
  });

  test('a shows library makes an episode of everything in a show folder', () => {
    expect(at('Show/Season 1/Pilot.mkv')).toMatchObject({ kind: 'episode', title: 'Show', season: 1, episode: null });
    expect(at('Show/Unaired Pilot.mkv')).toMatchObject({ kind: 'episode', title: 'Show', season: null, episode: null });
  });
});

describe('mixed libraries decide per path', () => {
  test.each<[string, 'movie' | 'episode']>([
    ['Show/Season 1/Show - S01E02.mkv', 'episode'],
    ['Show.S01E02.mkv', 'episode'],
    ['Show - 1x02.mkv', 'episode'],
    ['Show/Season 2/Pilot.mkv', 'episode'],
    ['Show - E05.mkv', 'episode'],
    ['Show 2024-01-05.mkv', 'episode'],
    ['[Group] Show - 05 [720p].mkv', 'episode'],
    ['Show/Specials/Show - S00E01.mkv', 'episode'],
    ['Movie (2010).mkv', 'movie'],
    ['Movie (2010)/Movie.2010.1080p.mkv', 'movie'],
    ['Show - 05.mkv', 'movie'],
    ['Star Wars Episode 4 - A New Hope (1977).mkv', 'movie'],
    ['Movie (2010)/Movie - Episode 5.mkv', 'movie'],
    ['Movie.2010.5.1.mkv', 'movie'],
    ['Movie.2010.DTS.5.1.mkv', 'movie'],
  ])('%s → %s', (rel, kind) => {
    expect(at(rel, 'mixed').kind).toBe(kind);
  });
});
