import { describe, expect, test } from 'vitest';
import { parsePath, videoStemOf, type LibraryKind } from '../../../server/src/library/parse-path.js';

const at = (rel: string, kind: LibraryKind = 'movies') => parsePath(`/lib/${rel}`, { kind, root: '/lib' });
const flags = (language: string | null, forced = false, isDefault = false, hearingImpaired = false) => ({ language, forced, default: isDefault, hearingImpaired });

describe('subtitle flags and languages', () => {
  test.each<[string, ReturnType<typeof flags>]>([
    ['', flags(null)],
    ['.en', flags('en')],
    ['.eng', flags('en')],
    ['.english', flags('en')],
    ['.English', flags('en')],
    ['.EN', flags('en')],
    ['.eng.forced', flags('en', true)],
    ['.English.default', flags('en', false, true)],
    ['.en.sdh', flags('en', false, false, true)],
    ['.en.hi', flags('en', false, false, true)],
    ['.hi.en', flags('en', false, false, true)],
    ['.en.cc', flags('en', false, false, true)],
    ['.hi', flags('hi')],
    ['.en.forced.sdh.default', flags('en', true, true, true)],
    ['.forced.en', flags('en', true)],
    ['.forced', flags(null, true)],
    ['.foreign', flags(null, true)],
    ['.pt-BR', flags('pt-BR')],
    ['.pt_BR', flags('pt-BR')],
    ['.pt-br', flags('pt-BR')],
    ['.por-BR', flags('pt-BR')],
    ['.pob', flags('pt-BR')],
    ['.zh-Hant', flags('zh-Hant')],
    ['.chs', flags('zh-Hans')],
    ['.es-419', flags('es-419')],
    ['.ger', flags('de')],
    ['.deu', flags('de')],
    ['.german', flags('de')],
    ['.Deutsch', flags('de')],
    ['.fre', flags('fr')],
    ['.fra', flags('fr')],
    ['.french', flags('fr')],
    ['.Français', flags('fr')],
    ['.spa', flags('es')],
    ['.spanish', flags('es')],
    ['.ita', flags('it')],
    ['.jpn', flags('ja')],
    ['.por', flags('pt')],
    ['.chi', flags('zh')],
    ['.zho', flags('zh')],
    ['.rus', flags('ru')],
    ['.kor', flags('ko')],
    ['.dut', flags('nl')],
    ['.nld', flags('nl')],
    ['.swe', flags('sv')],
    ['.nor', flags('no')],
    ['.dan', flags('da')],
    ['.fin', flags('fi')],
    ['.pol', flags('pl')],
    ['.heb', flags('he')],
    ['.ara', flags('ar')],
    ['.tur', flags('tr')],
    ['.klingon.forced', flags('klingon', true)],
  ])('Movie (2010)%s.srt', (tags, expected) => {
    expect(at(`Movie (2010)/Movie (2010)${tags}.srt`)).toMatchObject({
      kind: 'subtitle', title: 'Movie', year: 2010, groupKey: 'movie:movie|2010', videoStem: '/lib/Movie (2010)/Movie (2010)', ...expected,
    });
  });

  test.each(['.srt', '.ass', '.ssa', '.vtt', '.sub', '.idx', '.sup', '.smi', '.SRT'])('%s is a subtitle', (ext) => {
    expect(at(`Movie (2010)/Movie (2010).en${ext}`)).toMatchObject({ kind: 'subtitle', language: 'en' });
  });

  test.each<[string, string]>([
    ['Dr.No.srt', 'Dr.No'],
    ["Stephen.King's.It.srt", "Stephen.King's.It"],
    ['Movie.2010.1080p.BluRay.x264-GRP.srt', 'Movie.2010.1080p.BluRay.x264-GRP'],
    ['Movie.2010.1080p.BluRay.x264-GRP.en.srt', 'Movie.2010.1080p.BluRay.x264-GRP'],
    ['Up.srt', 'Up'],
  ])('title words are not languages: %s', (name, stem) => {
    expect(at(name)).toMatchObject({ kind: 'subtitle', videoStem: `/lib/${stem}` });
    if (!name.endsWith('.en.srt')) expect(at(name).language).toBeNull();
  });

  test('flags are null for everything that is not a subtitle', () => {
    expect(at('Movie (2010)/Movie (2010).mkv')).toMatchObject({ language: null, forced: null, default: null, hearingImpaired: null, videoStem: null });
  });
});

describe('which video a subtitle belongs to', () => {
  test('an episode subtitle carries the episode', () => {
    expect(at('Show/Season 1/Show - S01E02.en.srt', 'shows')).toMatchObject({
      kind: 'subtitle', title: 'Show', season: 1, episode: 2, language: 'en',
      groupKey: at('Show/Season 1/Show - S01E02.mkv', 'shows').groupKey,
      videoStem: '/lib/Show/Season 1/Show - S01E02',
    });
  });

  test('videoStemOf(video) is what a subtitle names', () => {
    expect(videoStemOf('/lib/Movie (2010)/Movie (2010).mkv')).toBe(at('Movie (2010)/Movie (2010).eng.forced.srt').videoStem);
    expect(videoStemOf('/lib/Show.S01E01.x264.mkv')).toBe('/lib/Show.S01E01.x264');
  });

  test('a subtitle of one part or version keeps it', () => {
    expect(at('Movie (2010)/Movie (2010) - cd2.en.srt')).toMatchObject({ part: 2, videoStem: '/lib/Movie (2010)/Movie (2010) - cd2' });
    expect(at('Movie (2010)/Movie (2010) - 1080p.fr.srt')).toMatchObject({ version: '1080p', language: 'fr' });
  });

  test('Subs folders: named by language only → the folder’s title', () => {
    expect(at('Movie (2010)/Subs/English.srt')).toMatchObject({ kind: 'subtitle', language: 'en', videoStem: null, ...{ title: 'Movie', year: 2010, groupKey: 'movie:movie|2010' } });
    expect(at('Movie (2010)/Subs/2_English.srt')).toMatchObject({ language: 'en', title: 'Movie', videoStem: null });
    expect(at('Movie (2010)/English.srt')).toMatchObject({ language: 'en', title: 'Movie', videoStem: null });
    expect(at('Movie (2010)/Subtitles/en.forced.srt')).toMatchObject({ language: 'en', forced: true, title: 'Movie' });
  });

  test('Subs folders: named by the video → that video next to the Subs folder', () => {
    expect(at('Movie (2010)/Subs/Movie (2010).fr.srt')).toMatchObject({ language: 'fr', title: 'Movie', videoStem: '/lib/Movie (2010)/Movie (2010)' });
  });

  test('release packs: Subs/<episode>/<n>_<Language>.srt', () => {
    expect(at('Show.S01.1080p/Subs/Show.S01E01.1080p/2_English.srt', 'shows')).toMatchObject({
      kind: 'subtitle', title: 'Show', season: 1, episode: 1, language: 'en', videoStem: '/lib/Show.S01.1080p/Show.S01E01.1080p',
    });
  });

  test('Windows paths keep their spelling in videoStem', () => {
    expect(parsePath('C:\\Movies\\Heat (1995)\\Heat (1995).en.srt', { kind: 'movies', root: 'C:\\Movies' })).toMatchObject({
      title: 'Heat', year: 1995, language: 'en', videoStem: 'C:\\Movies\\Heat (1995)\\Heat (1995)',
    });
  });

  test('a trailer’s subtitle points at the movie and the trailer file', () => {
    expect(at('Movie (2010)/Movie (2010)-trailer.en.srt')).toMatchObject({ kind: 'subtitle', extraType: null, groupKey: 'movie:movie|2010', videoStem: '/lib/Movie (2010)/Movie (2010)-trailer' });
  });
});
