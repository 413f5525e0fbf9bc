import { describe, expect, test } from 'vitest';
import { parsePath, type LibraryKind, type ParsedPath } from '../../../server/src/library/parse-path.js';

const at = (rel: string, kind: LibraryKind = 'movies') => parsePath(`/lib/${rel}`, { kind, root: '/lib' });

describe('movie titles and years', () => {
  test.each<[string, string | null, number | null]>([
    ['Heat (1995)/Heat (1995).mkv', 'Heat', 1995],
    ['Heat (1995).mkv', 'Heat', 1995],
    ['Heat (1995)/heat.1080p.mkv', 'Heat', 1995],
    ['Heat (1995)/movie.mkv', 'Heat', 1995],
    ['The Matrix [1999].mkv', 'The Matrix', 1999],
    ['The.Matrix.(1999).mkv', 'The Matrix', 1999],
    ['The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv', 'The Matrix', 1999],
    ['Alien.1979.Directors.Cut.720p.BRRip.XviD.AC3-ViSiON.avi', 'Alien', 1979],
    ['Movie.Title.2010.720p.WEBRip.x265.10bit.HDR.DV.AAC-GRP.mkv', 'Movie Title', 2010],
    ['Movie.Name.2010.EXTENDED.UNRATED.LIMITED.INTERNAL.1080p.mkv', 'Movie Name', 2010],
    ['Marvels.The.Avengers.2012.PROPER.REPACK.1080p.BDRip.DTS-HD.MA.5.1.mkv', 'Marvels The Avengers', 2012],
    ['Some.Film.2018.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos.TrueHD.7.1-GRP.mkv', 'Some Film', 2018],
    ['Some.Film.2018.1080p.WEB-DL.DD5.1.H.264-GRP.mkv', 'Some Film', 2018],
    ['Some Film 2018 1080p WEB-DL DDP5.1 H264-GRP.mkv', 'Some Film', 2018],
    ['The_Big_Lebowski_1998.mkv', 'The Big Lebowski', 1998],
    ['1917 (2019).mkv', '1917', 2019],
    ['1917 (2019)/1917.mkv', '1917', 2019],
    ['2012 (2009)/2012.2009.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GRP.mkv', '2012', 2009],
    ['1917.mkv', '1917', null],
    ['1917.2019.1080p.mkv', '1917', 2019],
    ['2001 A Space Odyssey (1968).mkv', '2001 A Space Odyssey', 1968],
    ['Blade.Runner.2049.2017.1080p.WEB-DL.DD5.1.H264-FGT.mkv', 'Blade Runner 2049', 2017],
    ['Blade Runner 2049.mkv', 'Blade Runner 2049', null],
    ["Ocean's 11.mkv", "Ocean's 11", null],
    ["Ocean's 11 (1960).mkv", "Ocean's 11", 1960],
    ["Ocean's Eleven (2001)/Ocean's.Eleven.2001.1080p.mkv", "Ocean's Eleven", 2001],
    ['Apollo.13.1995.720p.mkv', 'Apollo 13', 1995],
    ['Fahrenheit 451 (1966).mkv', 'Fahrenheit 451', 1966],
    ['Spider-Man.Far.From.Home.2019.2160p.mkv', 'Spider-Man Far From Home', 2019],
    ['Mr. & Mrs. Smith (2005).mkv', 'Mr. & Mrs. Smith', 2005],
    ['S.W.A.T.2003.1080p.mkv', 'S.W.A.T.', 2003],
    ['E.T. the Extra-Terrestrial (1982).mkv', 'E.T. the Extra-Terrestrial', 1982],
    ['Se7en (1995).mkv', 'Se7en', 1995],
    ['[REC] (2007).mkv', '[REC]', 2007],
    ['[YTS] Some Film (2010).mkv', 'Some Film', 2010],
    ['Movie Name (2010) {tmdb-12345}.mkv', 'Movie Name', 2010],
    ['Movie Name (2010) [imdbid-tt1234567]/Movie Name (2010) [imdbid-tt1234567].mkv', 'Movie Name', 2010],
    ['Movie Name [tmdbid-603] (1999).mkv', 'Movie Name', 1999],
    ['movie with no year.mp4', 'movie with no year', null],
    ['Star Wars Collection/Star Wars (1977).mkv', 'Star Wars', 1977],
    ['Kids/Frozen.mkv', 'Frozen', null],
    ['Heat/movie.mkv', 'Heat', null],
    ['Heat/heat.1080p.mkv', 'Heat', null],
    ['Collection (2010)/Other Movie (2012).mkv', 'Other Movie', 2012],
    ['Star Wars/Star Wars - Episode IV (1977).mkv', 'Star Wars - Episode IV', 1977],
    ['Harry Potter and the Deathly Hallows Part 2 (2011).mkv', 'Harry Potter and the Deathly Hallows Part 2', 2011],
    ['The.Lord.of.the.Rings.The.Fellowship.of.the.Ring.2001.EXTENDED.mkv', 'The Lord of the Rings The Fellowship of the Ring', 2001],
    ["Charlotte's.Web.mkv", "Charlotte's Web", null],
    ['Tron 2.0.mkv', 'Tron 2.0', null],
  ])('%s → %s (%s)', (rel, title, year) => {
    expect(at(rel)).toMatchObject({ kind: 'movie', title, year });
  });

  test('the folder name wins over a junk file name, and files of one folder share its key', () => {
    expect(at('Heat (1995)/heat.1080p.mkv').groupKey).toBe(at('Heat (1995)/Heat (1995).mkv').groupKey);
    expect(at('Heat (1995)/heat.1080p.mkv').groupKey).toBe(at('Heat (1995).mkv').groupKey);
    expect(at('Kids/Frozen.mkv').groupKey).not.toBe(at('Kids/Cars.mkv').groupKey);
  });

  test('a mixed library keeps movies with episode-like words as movies', () => {
    expect(at('Star Wars Episode 4 - A New Hope (1977).mkv', 'mixed')).toMatchObject({ kind: 'movie', year: 1977 });
    expect(at('WALL-E (2008).mkv', 'mixed')).toMatchObject({ kind: 'movie', title: 'WALL-E' });
    expect(at('Movie.2010.1080p.mkv', 'mixed')).toMatchObject({ kind: 'movie', title: 'Movie', year: 2010 });
  });

  test('in a movies library S01E02 names are still movies', () => {
    expect(at('Show.S01E02.mkv')).toMatchObject({ kind: 'movie', season: null, episode: null });
    expect(at('Show/Season 1/Show - S01E02.mkv')).toMatchObject({ kind: 'movie', season: null });
  });
});

describe('versions', () => {
  test.each<[string, string | null]>([
    ['Movie (2010)/Movie (2010).mkv', null],
    ['Movie (2010)/Movie (2010) - 1080p.mkv', '1080p'],
    ["Movie (2010)/Movie (2010) - Director's Cut.mkv", "Director's Cut"],
    ['Movie (2010)/Movie (2010) [4K].mkv', '4K'],
    ['Movie (2010)/Movie (2010) (Remastered).mkv', 'Remastered'],
    ['Movie (2010)/Movie (2010) {edition-Extended Edition}.mkv', 'Extended Edition'],
    ['Movie (2010)/Movie (2010) - 3D.mkv', '3D'],
    ['Movie (2010)/Movie (2010) - 1080p - cd2.mkv', '1080p'],
    ['Movie (2010)/Movie.2010.1080p.BluRay.x264.mkv', null],
    ['Movie (2010) - 1080p.mkv', '1080p'],
    ['Movie (2010) [2160p HDR].mkv', '2160p HDR'],
  ])('%s → %s, one title', (rel, version) => {
    expect(at(rel)).toMatchObject({ kind: 'movie', title: 'Movie', year: 2010, version, groupKey: 'movie:movie|2010' });
  });

  test('a folder without a year: the file name after the folder name is the version', () => {
    expect(at('Movie/Movie - Theatrical.mkv')).toMatchObject({ title: 'Movie', version: 'Theatrical' });
    expect(at('Movie/Movie.mkv').groupKey).toBe(at('Movie/Movie - Theatrical.mkv').groupKey);
  });
});

describe('multi-part stacks', () => {
  test.each<[string, number | null]>([
    ['Movie (2010)/Movie (2010) - cd1.avi', 1],
    ['Movie (2010)/Movie (2010) - cd2.avi', 2],
    ['Movie (2010) part2.mkv', 2],
    ['Movie (2010).disc1.mkv', 1],
    ['Movie (2010)_pt3.mkv', 3],
    ['Movie (2010)-dvd1.mkv', 1],
    ['Movie (2010) - disk 2.mkv', 2],
    ['Movie (2010) [cd1].avi', 1],
    ['Movie (2010) (Part 3).avi', 3],
    ['Movie (2010) - part a.mkv', 1],
    ['Movie (2010) - Part B.mkv', 2],
    ['Movie.2010.DVD9.mkv', null],
    ['Movie (2010).mkv', null],
  ])('%s → part %s', (rel, part) => {
    expect(at(rel)).toMatchObject({ kind: 'movie', title: 'Movie', year: 2010, part, groupKey: 'movie:movie|2010' });
  });

  test('a folder per disc', () => {
    expect(at('Movie (2010)/Disc 2/VIDEO_TS/VTS_01_1.VOB')).toMatchObject({ title: 'Movie', year: 2010, part: 2, discFolder: 'dvd' });
    expect(at('Movie (2010)/CD1/movie.avi')).toMatchObject({ title: 'Movie', year: 2010, part: 1, groupKey: 'movie:movie|2010' });
    expect(at('Movie (2010)/Part 2/Movie.avi')).toMatchObject({ title: 'Movie', year: 2010, part: 2 });
  });
});

describe('3D', () => {
  test.each<[string, ParsedPath['format3D']]>([
    ['Avatar.2009.3D.HSBS.1080p.mkv', 'hsbs'],
    ['Avatar (2009).3d.sbs.mkv', 'sbs'],
    ['Avatar (2009) 3D.HTAB.mkv', 'htab'],
    ['Avatar (2009).3D.TAB.mkv', 'tab'],
    ['Avatar (2009).mvc.mkv', 'mvc'],
    ['Avatar (2009).hsbs.mkv', 'hsbs'],
    ['Avatar (2009) [3D Half-OU].mkv', 'htab'],
    ['Avatar (2009).3D.HOU.mkv', 'htab'],
    ['Avatar (2009).3D.Full-SBS.mkv', 'sbs'],
    ['Avatar (2009).mkv', null],
  ])('%s → %s', (rel, format3D) => {
    expect(at(rel)).toMatchObject({ kind: 'movie', title: 'Avatar', year: 2009, format3D });
  });

  test('"tab" alone is a word, not 3D', () => {
    expect(at('Tab (2010).mkv').format3D).toBeNull();
  });
});

describe('DVD and Blu-ray folders, disc images and stubs', () => {
  test.each<[string, 'dvd' | 'bluray']>([
    ['Movie (2010)/VIDEO_TS/VTS_01_1.VOB', 'dvd'],
    ['Movie (2010)/VIDEO_TS/VTS_01_2.vob', 'dvd'],
    ['Movie (2010)/VIDEO_TS/VIDEO_TS.VOB', 'dvd'],
    ['Movie (2010)/BDMV/STREAM/00001.m2ts', 'bluray'],
    ['Movie (2010)/BDMV/STREAM/00800.m2ts', 'bluray'],
  ])('%s is one title named by the folder above', (rel, discFolder) => {
    expect(at(rel, 'mixed')).toMatchObject({ kind: 'movie', title: 'Movie', year: 2010, discFolder, groupKey: 'movie:movie|2010' });
  });

  test.each(['Movie (2010)/VIDEO_TS/VIDEO_TS.IFO', 'Movie (2010)/VIDEO_TS/VTS_01_0.BUP', 'Movie (2010)/BDMV/index.bdmv', 'Movie (2010)/BDMV/MovieObject.bdmv'])(
    '%s (not a video) is ignored',
    (rel) => expect(at(rel).kind).toBe('ignored'),
  );

  test('a disc image is a movie', () => {
    expect(at('Movie (2010).iso')).toMatchObject({ kind: 'movie', title: 'Movie', year: 2010, discFolder: null });
  });

  test.each<[string, string]>([
    ['Movie (2010).disc', 'disc'],
    ['Movie (2010).dvd.disc', 'dvd'],
    ['Movie (2010).bluray.disc', 'bluray'],
    ['Movie (2010).BluRay.disc', 'bluray'],
    ['Movie (2010).blu-ray.disc', 'bluray'],
    ['Movie (2010).hddvd.disc', 'hddvd'],
    ['Movie (2010)/Movie (2010).vhs.disc', 'vhs'],
  ])('%s is a %s stub', (rel, stub) => {
    expect(at(rel)).toMatchObject({ kind: 'movie', title: 'Movie', year: 2010, stub, version: null, groupKey: 'movie:movie|2010' });
  });

  test('stub is null for real files', () => {
    expect(at('Movie (2010).mkv').stub).toBeNull();
  });
});
