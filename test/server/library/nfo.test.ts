import { describe, expect, test } from 'vitest';
import { decodeEntities, nfoFilesFor, normaliseCertification, parseNfo, type NfoData, type NfoInfo } from '../../../server/src/library/nfo.js';

function info(data: NfoData | null, kind: 'movie' | 'tvshow'): NfoInfo {
  if (data?.kind !== kind) throw new Error(`expected a ${kind}, got ${JSON.stringify(data)}`);
  return data.info;
}
const movie = (xml: string) => info(parseNfo(xml), 'movie');
const episodes = (xml: string) => {
  const data = parseNfo(xml);
  if (data?.kind !== 'episode') throw new Error(`expected episodes, got ${JSON.stringify(data)}`);
  return data.episodes;
};

// What Kodi 20 writes when exporting the library (trimmed)
const KODI_MOVIE = `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<!-- created on 2023-05-01 - Kodi 20.1 -->
<movie>
    <title>The Shawshank Redemption</title>
    <originaltitle>The Shawshank Redemption</originaltitle>
    <sorttitle>Shawshank Redemption</sorttitle>
    <ratings>
        <rating name="imdb" max="10" default="true">
            <value>9.300000</value>
            <votes>2700000</votes>
        </rating>
        <rating name="themoviedb" max="10">
            <value>8.700000</value>
            <votes>25000</votes>
        </rating>
    </ratings>
    <userrating>0</userrating>
    <top250>1</top250>
    <outline></outline>
    <plot>Framed in the 1940s for the double murder of his wife and her lover, upstanding banker Andy Dufresne begins a new life at the Shawshank prison.</plot>
    <tagline>Fear can hold you prisoner. Hope can set you free.</tagline>
    <runtime>142</runtime>
    <thumb spoof="" cache="" aspect="poster" preview="https://image.tmdb.org/t/p/w500/q6y0Go1tsGEsmtFryDOJo3dEmqu.jpg">https://image.tmdb.org/t/p/original/q6y0Go1tsGEsmtFryDOJo3dEmqu.jpg</thumb>
    <mpaa>Rated R</mpaa>
    <playcount>0</playcount>
    <id>tt0111161</id>
    <uniqueid type="imdb" default="true">tt0111161</uniqueid>
    <uniqueid type="tmdb">278</uniqueid>
    <genre>Drama</genre>
    <genre>Crime</genre>
    <country>United States of America</country>
    <credits>Frank Darabont</credits>
    <credits>Stephen King</credits>
    <director>Frank Darabont</director>
    <premiered>1994-09-23</premiered>
    <year>1994</year>
    <studio>Castle Rock Entertainment</studio>
    <tag>prison</tag>
    <tag>based on novel or book</tag>
    <actor>
        <name>Morgan Freeman</name>
        <role>Ellis Boyd &apos;Red&apos; Redding</role>
        <order>1</order>
        <thumb>https://image.tmdb.org/t/p/original/jPsLqiYGSofU4s6BjrxnefMfabb.jpg</thumb>
    </actor>
    <actor>
        <name>Tim Robbins</name>
        <role>Andy Dufresne</role>
        <order>0</order>
    </actor>
</movie>`;

describe('parseNfo: movies', () => {
  test('a Kodi export', () => {
    expect(movie(KODI_MOVIE)).toEqual({
      title: 'The Shawshank Redemption',
      originalTitle: 'The Shawshank Redemption',
      sortTitle: 'Shawshank Redemption',
      showTitle: null,
      plot: 'Framed in the 1940s for the double murder of his wife and her lover, upstanding banker Andy Dufresne begins a new life at the Shawshank prison.',
      outline: null,
      tagline: 'Fear can hold you prisoner. Hope can set you free.',
      year: 1994,
      premiered: '1994-09-23',
      genres: ['Drama', 'Crime'],
      studios: ['Castle Rock Entertainment'],
      tags: ['prison', 'based on novel or book'],
      countries: ['United States of America'],
      directors: ['Frank Darabont'],
      writers: ['Frank Darabont', 'Stephen King'],
      cast: [
        { name: 'Tim Robbins', role: 'Andy Dufresne', order: 0, thumb: null },
        { name: 'Morgan Freeman', role: "Ellis Boyd 'Red' Redding", order: 1, thumb: 'https://image.tmdb.org/t/p/original/jPsLqiYGSofU4s6BjrxnefMfabb.jpg' },
      ],
      ratings: [
        { source: 'imdb', value: 9.3, max: 10, votes: 2700000, isDefault: true },
        { source: 'themoviedb', value: 8.7, max: 10, votes: 25000, isDefault: false },
      ],
      rating: 9.3,
      userRating: null,
      certification: 'R',
      runtimeMinutes: 142,
      season: null,
      episode: null,
      uniqueIds: { imdb: 'tt0111161', tmdb: '278' },
    });
  });

  test('the result is frozen', () => {
    const m = movie(KODI_MOVIE);
    expect(Object.isFrozen(m) && Object.isFrozen(m.genres) && Object.isFrozen(m.cast[0]) && Object.isFrozen(m.uniqueIds)).toBe(true);
  });

  test('old-style hand-written file: bare <rating>, "A / B" genres, US: certification, <id>', () => {
    const m = movie(`<movie>
      <title>Amélie</title><originaltitle>Le Fabuleux Destin d'Amélie Poulain</originaltitle>
      <year>2001</year><rating>8,3</rating><votes>700,000</votes>
      <genre>Comedy / Romance</genre><genre>Romance</genre>
      <studio>UGC / Canal+</studio><director>Jean-Pierre Jeunet</director>
      <mpaa>US:R / GB:15</mpaa><runtime>122 min</runtime><id>tt0211915</id>
    </movie>`);
    expect(m).toMatchObject({
      title: 'Amélie', originalTitle: "Le Fabuleux Destin d'Amélie Poulain", year: 2001, premiered: null,
      genres: ['Comedy', 'Romance'], studios: ['UGC', 'Canal+'], certification: 'R', runtimeMinutes: 122,
      ratings: [{ source: null, value: 8.3, max: 10, votes: 700000, isDefault: true }], rating: 8.3,
      uniqueIds: { imdb: 'tt0211915' },
    });
  });

  test('BOM, declaration, CDATA, HTML entities and a bare "&"', () => {
    const m = movie('\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<movie><title>Tom & Jerry &ndash; Caf&eacute; &#233;t&#xE9;</title>'
      + '<plot><![CDATA[A <b>bold</b> plot.<br/>Second line &amp; more.]]></plot><outline>Short &hellip;</outline></movie>');
    expect(m.title).toBe('Tom & Jerry – Café été');
    expect(m.plot).toBe('A bold plot.\nSecond line & more.');
    expect(m.outline).toBe('Short …');
  });

  test('junk after the root element and a link after the XML (Kodi allows both)', () => {
    const m = movie('<movie><title>Heat</title></movie>\nhttps://www.themoviedb.org/movie/949-heat\n<garbage attr=1>\u0000\u0000');
    expect(m.title).toBe('Heat');
    expect(m.uniqueIds).toEqual({ tmdb: '949' });
  });

  test('HTML inside a plot without CDATA keeps its words and spaces', () => {
    expect(movie('<movie><plot>Hi <i>there</i>, <b>you</b>.</plot></movie>').plot).toBe('Hi there, you.');
  });

  test('ratings on other scales are normalised to 0–10; the default one wins', () => {
    const m = movie(`<movie><ratings>
      <rating name="metacritic" max="100"><value>80</value></rating>
      <rating name="rottentomatoes" max="100" default="true"><value>91</value></rating>
    </ratings><userrating>7</userrating></movie>`);
    expect(m.rating).toBe(9.1);
    expect(m.userRating).toBe(7);
  });

  test('Emby lists directors as <actor> with a <type>; actors without a name are dropped; order is optional', () => {
    const m = movie(`<movie>
      <actor><name>A</name><type>Actor</type></actor>
      <actor><name>Dir</name><type>Director</type></actor>
      <actor><role>Nobody</role></actor>
      <actor><name>B</name><role>Lead</role><order>0</order></actor>
    </movie>`);
    expect(m.cast.map((a) => a.name)).toEqual(['B', 'A']);
  });

  test('a year from the premiere date when <year> is missing; nonsense years and dates become null', () => {
    expect(movie('<movie><premiered>2010-7-16</premiered></movie>')).toMatchObject({ year: 2010, premiered: '2010-07-16' });
    expect(movie('<movie><year>0</year><premiered>16/07/2010</premiered></movie>')).toMatchObject({ year: null, premiered: null });
    expect(movie('<movie><year>abc</year><releasedate>2010-13-01</releasedate></movie>')).toMatchObject({ year: null, premiered: null });
  });

  test.each([
    ['142', 142], ['142 min', 142], ['2h 22m', 142], ['2 hours', 120], ['2:22:00', 142], ['0', null], ['', null], ['soon', null],
  ])('runtime %j is %s minutes', (runtime, minutes) => {
    expect(movie(`<movie><runtime>${runtime}</runtime></movie>`).runtimeMinutes).toBe(minutes);
  });

  test('an empty movie element is a movie with nothing known', () => {
    expect(movie('<movie/>')).toMatchObject({ title: null, genres: [], cast: [], rating: null, uniqueIds: {} });
  });
});

describe('parseNfo: shows and episodes', () => {
  test('a tvshow.nfo', () => {
    const show = info(parseNfo(`<?xml version="1.0" encoding="UTF-8"?>
      <tvshow>
        <title>Breaking Bad</title><showtitle>Breaking Bad</showtitle>
        <premiered>2008-01-20</premiered><studio>AMC</studio>
        <certification>US:TV-MA</certification>
        <genre>Drama</genre><genre>Crime|Thriller</genre>
        <uniqueid type="tvdb" default="true">81189</uniqueid><uniqueid type="tmdb">1396</uniqueid><uniqueid type="imdb">tt0903747</uniqueid>
        <season>-1</season><episode>-1</episode>
      </tvshow>`), 'tvshow');
    expect(show).toMatchObject({
      title: 'Breaking Bad', year: 2008, premiered: '2008-01-20', studios: ['AMC'], certification: 'TV-MA',
      genres: ['Drama', 'Crime', 'Thriller'], season: null, episode: null,
      uniqueIds: { tvdb: '81189', tmdb: '1396', imdb: 'tt0903747' },
    });
  });

  test('an episode', () => {
    const [ep] = episodes(`<episodedetails>
      <title>Pilot</title><showtitle>Breaking Bad</showtitle><season>1</season><episode>1</episode>
      <aired>2008-01-20</aired><plot>A chemistry teacher…</plot><credits>Vince Gilligan</credits>
      <director>Vince Gilligan</director><uniqueid type="tvdb">349232</uniqueid>
    </episodedetails>`);
    expect(ep).toMatchObject({ title: 'Pilot', showTitle: 'Breaking Bad', season: 1, episode: 1, premiered: '2008-01-20', year: 2008, writers: ['Vince Gilligan'], uniqueIds: { tvdb: '349232' } });
  });

  test('a multi-episode file: several <episodedetails>, no common root', () => {
    const eps = episodes(`<?xml version="1.0"?>
      <episodedetails><title>Part One</title><season>2</season><episode>5</episode></episodedetails>
      <episodedetails><title>Part Two</title><season>2</season><episode>6</episode></episodedetails>
      http://thetvdb.com/?tab=episode&seriesid=81189&id=1`);
    expect(eps.map((e) => [e.title, e.season, e.episode])).toEqual([['Part One', 2, 5], ['Part Two', 2, 6]]);
    expect(eps[1]!.uniqueIds).toEqual({ tvdb: '81189' });
  });

  test('specials are season 0', () => {
    expect(episodes('<episodedetails><season>0</season><episode>3</episode></episodedetails>')[0]).toMatchObject({ season: 0, episode: 3 });
  });
});

describe('parseNfo: links and junk', () => {
  test.each([
    ['https://www.imdb.com/title/tt0111161/', { imdb: 'tt0111161' }],
    ['http://www.imdb.com/title/tt0111161/?ref_=fn_al_tt_1\r\n', { imdb: 'tt0111161' }],
    ['tt0468569', { imdb: 'tt0468569' }],
    ['https://www.themoviedb.org/tv/1396-breaking-bad', { tmdb: '1396' }],
    ['https://thetvdb.com/?tab=series&id=81189', { tvdb: '81189' }],
    ['https://www.thetvdb.com/dereferrer/series/81189', { tvdb: '81189' }],
  ])('a link-only nfo %j', (text, uniqueIds) => {
    expect(parseNfo(text)).toEqual({ kind: 'link', uniqueIds });
  });

  test.each([
    ['empty', ''],
    ['plain text', 'Ripped by SCENE GROUP\n*** greetings ***'],
    ['ASCII art release nfo', '  ▄▄▄  ▀▀▀ <<< RELEASE >>>\n Size: 700 MB'],
    ['another XML root', '<musicvideo><title>x</title></musicvideo>'],
    ['binary', '\u0000\u0001\u0002\u00ff'],
    ['a short imdb-like number', 'tt123'],
  ])('%s → null', (_name, text) => {
    expect(parseNfo(text)).toBeNull();
  });

  test('malformed XML never throws; what can be read is kept', () => {
    expect(() => parseNfo('<movie><title>Unclosed <genre>Drama</genre>')).not.toThrow();
    expect(parseNfo('<movie><title>X</title></movi>')).toMatchObject({ kind: 'movie', info: { title: 'X' } });
    expect(parseNfo('<movie><title>X</title><<<>>>')).toMatchObject({ kind: 'movie' });
  });

  test('upper-case tags at the root are found', () => {
    expect(parseNfo('<Movie><title>Caps</title></Movie>')).toMatchObject({ kind: 'movie', info: { title: 'Caps' } });
  });

  test('a DOCTYPE with entities does not expand them', () => {
    const m = movie('<!DOCTYPE movie [<!ENTITY boom "BOOM">]><movie><title>&boom;</title></movie>');
    expect(m.title).toBe('&boom;');
  });
});

describe('value helpers', () => {
  test.each([
    ['Rated PG-13', 'PG-13'],
    ['US:PG-13', 'PG-13'],
    ['us:PG-13 / gb:12A', 'PG-13'],
    ['Rated R for violence and language', 'R'],
    ['Germany:16', '16'],
    ['TV-14', 'TV-14'],
    ['Not Rated', 'Not Rated'],
    ['  ', null],
    [null, null],
  ])('normaliseCertification(%j) = %j', (raw, expected) => {
    expect(normaliseCertification(raw)).toBe(expected);
  });

  test.each([
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&nbsp;&copy;&yuml;&Agrave;&szlig;', '\u00a0©ÿÀß'],
    ['&#x1F600; &#65;', '😀 A'],
    ['&bogus; & &#0; &#x110000;', '&bogus; & &#0; &#x110000;'],
  ])('decodeEntities(%j)', (text, expected) => {
    expect(decodeEntities(text)).toBe(expected);
  });
});

describe('nfoFilesFor', () => {
  test.each([
    ['/m/Heat (1995)/Heat (1995).mkv', 'movie', ['/m/Heat (1995)/Heat (1995).nfo', '/m/Heat (1995)/movie.nfo']],
    ['/m/Heat (1995)/VIDEO_TS/VIDEO_TS.IFO', 'movie', ['/m/Heat (1995)/VIDEO_TS/VIDEO_TS.nfo', '/m/Heat (1995)/movie.nfo', '/m/Heat (1995)/Heat (1995).nfo']],
    ['/m/Heat (1995)/BDMV/index.bdmv', 'movie', ['/m/Heat (1995)/BDMV/index.nfo', '/m/Heat (1995)/movie.nfo', '/m/Heat (1995)/Heat (1995).nfo']],
    ['/tv/Show/Season 01/Show S01E01.mkv', 'episode', ['/tv/Show/Season 01/Show S01E01.nfo']],
    ['/tv/Show/Season 01/Show S01E01.mkv', 'tvshow', ['/tv/Show/tvshow.nfo']],
    ['/tv/Show/Specials/Show S00E01.mkv', 'tvshow', ['/tv/Show/tvshow.nfo']],
    ['/tv/Show/Show S01E01.mkv', 'tvshow', ['/tv/Show/tvshow.nfo']],
  ] as const)('%s as %s', (path, kind, expected) => {
    expect(nfoFilesFor(path, kind)).toEqual(expected);
  });
});
