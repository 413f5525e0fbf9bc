import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { place, seedWithLibrary } from '../../helpers/library.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
afterEach(async () => {
  await env?.close();
});

async function scan(files: NonNullable<Parameters<typeof seedWithLibrary>[0]>['files'], kind: 'movies' | 'shows' | 'mixed' = 'mixed') {
  env = await seedWithLibrary({ demo: false, files });
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], kind, scanNow: false });
  const summary = await env.seed.libraries.scan(library.id);
  return { library, summary, seed: env.seed };
}

describe('one title, several files', () => {
  test('versions of a movie are grouped as one title', async () => {
    const { seed } = await scan({
      'Heat (1995)/Heat (1995) - 1080p.mp4': 'tiny',
      "Heat (1995)/Heat (1995) - Director's Cut.mp4": 'noAudio',
    });
    const movies = seed.catalog.listMovies();
    expect(movies.map((m) => m.title)).toEqual(['Heat']);
    expect(seed.files.ofItem(movies[0]!.id).map((f) => f.version).sort()).toEqual(["1080p", "Director's Cut"]);
  });

  test('a multi-part stack is one title whose duration is the sum of its parts', async () => {
    const { seed } = await scan({
      'Long Film (1980)/Long Film (1980) - cd1.mp4': 'tiny',
      'Long Film (1980)/Long Film (1980) - cd2.mp4': 'tiny',
    });
    const [movie] = seed.catalog.listMovies();
    expect(seed.files.ofItem(movie!.id).map((f) => f.part)).toEqual([1, 2]);
    const parts = seed.files.ofItem(movie!.id);
    expect(movie!.durationMs).toBe(parts[0]!.durationMs + parts[1]!.durationMs);
  });

  test('extras belong to their movie and are not titles of their own', async () => {
    const { seed } = await scan({
      'Alien (1979)/Alien (1979).mp4': 'tiny',
      'Alien (1979)/Trailers/Teaser.mp4': 'tiny',
      'Alien (1979)/Alien (1979)-featurette.mp4': 'tiny',
      'Alien (1979)/sample.mp4': 'tiny',
    });
    const movies = seed.catalog.listMovies();
    expect(movies.map((m) => m.title)).toEqual(['Alien']);
    expect(seed.catalog.listPlayable()).toHaveLength(1);
    const extras = seed.catalog.extrasOf(movies[0]!.id);
    expect(extras.map((e) => e.extraType).sort()).toEqual(['featurette', 'trailer']);
  });

  test('external subtitles are attached to their video with language and flags', async () => {
    env = await seedWithLibrary({ demo: false, files: { 'Amélie (2001)/Amélie (2001).mp4': 'tiny' } });
    const dir = join(env.libraryDir, 'Amélie (2001)');
    const srt = '1\n00:00:00,000 --> 00:00:01,000\nBonjour\n';
    await writeFile(join(dir, 'Amélie (2001).fr.srt'), srt);
    await writeFile(join(dir, 'Amélie (2001).eng.forced.srt'), srt);
    await writeFile(join(dir, 'Amélie (2001).en.sdh.srt'), srt);
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    const [movie] = env.seed.catalog.listMovies();
    const subs = env.seed.files.subtitlesOf(env.seed.files.ofItem(movie!.id)[0]!.id);
    expect(subs.map((s) => [s.language, s.forced, s.hearingImpaired, s.format]).sort()).toEqual([
      ['en', false, true, 'srt'],
      ['en', true, false, 'srt'],
      ['fr', false, false, 'srt'],
    ]);
    // a removed subtitle disappears at the next scan
    await rm(join(dir, 'Amélie (2001).fr.srt'));
    await env.seed.libraries.scan(library.id);
    expect(env.seed.files.subtitlesOf(env.seed.files.ofItem(movie!.id)[0]!.id)).toHaveLength(2);
  });

  test('a daily show has one season of dated episodes', async () => {
    const { seed } = await scan({
      'Daily News/Daily News - 2024-03-05.mp4': 'tiny',
      'Daily News/Daily News - 2024-03-06.mp4': 'tiny',
    }, 'shows');
    const [series] = seed.catalog.listSeries();
    expect(seed.catalog.seasonsOf(series!.id)).toHaveLength(1);
    expect(seed.catalog.episodesOf(series!.id).map((e) => e.airDate)).toEqual(['2024-03-05', '2024-03-06']);
  });

  test('an extra in Trailers/ keeps its whole name as its title', async () => {
    const { seed } = await scan({ 'Alien (1979)/Alien (1979).mp4': 'tiny', 'Alien (1979)/Trailers/Official Trailer.mp4': 'tiny' });
    expect(seed.catalog.extrasOf(seed.catalog.listMovies()[0]!.id).map((e) => e.title)).toEqual(['Official Trailer']);
  });

  test('multi-episode files and specials', async () => {
    const { seed } = await scan({
      'Show/Season 1/Show - S01E01-E02.mp4': 'tiny',
      'Show/Specials/Show - S00E01.mp4': 'tiny',
    }, 'shows');
    const [series] = seed.catalog.listSeries();
    const episodes = seed.catalog.episodesOf(series!.id);
    expect(episodes.map((e) => [e.season, e.episode, e.endingEpisode])).toEqual([[0, 1, null], [1, 1, 2]]);
  });
});

describe('moves and renames keep the title', () => {
  test('a renamed movie file keeps its file row, item and transcode', async () => {
    const { seed, library } = await scan({ 'Big Film (2010)/Big Film (2010).mp4': 'tiny' });
    const [movie] = seed.catalog.listMovies();
    const file = seed.files.ofItem(movie!.id)[0]!;
    const to = join(env.libraryDir, 'Big Film (2010)', 'Big Film (2010) - 1080p.mp4');
    await rename(file.path, to);
    const summary = await seed.libraries.scan(library.id);
    expect(summary).toMatchObject({ moved: 1, added: 0, removed: 0 });
    expect(seed.files.findByPath(to)).toMatchObject({ id: file.id, itemId: movie!.id, version: '1080p' });
  });

  test('a movie whose folder and file are renamed to another title keeps its item (and so its history)', async () => {
    const { seed, library } = await scan({ 'Wrong Name (2010)/Wrong Name (2010).mp4': 'tiny' });
    const [movie] = seed.catalog.listMovies();
    await rename(join(env.libraryDir, 'Wrong Name (2010)'), join(env.libraryDir, 'Right Name (2011)'));
    await rename(join(env.libraryDir, 'Right Name (2011)', 'Wrong Name (2010).mp4'), join(env.libraryDir, 'Right Name (2011)', 'Right Name (2011).mp4'));
    expect(await seed.libraries.scan(library.id)).toMatchObject({ moved: 1, added: 0, removed: 0 });
    expect(seed.catalog.listMovies()).toMatchObject([{ id: movie!.id, title: 'Right Name', year: 2011 }]);
  });

  test('a file copied to a new place and deleted (new inode) is recognised by its content', async () => {
    const { seed, library } = await scan({ 'Copied (2015).mp4': 'tiny' });
    const [movie] = seed.catalog.listMovies();
    const from = join(env.libraryDir, 'Copied (2015).mp4');
    const to = join(env.libraryDir, 'Archive', 'Copied (2015).mp4');
    await mkdir(dirname(to), { recursive: true });
    await writeFile(to, await readFile(from));
    await rm(from);
    expect(await seed.libraries.scan(library.id)).toMatchObject({ moved: 1, added: 0, removed: 0 });
    expect(seed.files.findByPath(to)!.itemId).toBe(movie!.id);
  });

  test('a file moved between two folders of one library keeps its item', async () => {
    env = await seedWithLibrary({ demo: false, files: { 'Travel (2000).mp4': 'tiny' } });
    const other = `${env.libraryDir}-b`;
    await mkdir(other, { recursive: true });
    try {
      const library = await env.seed.libraries.add({ paths: [env.libraryDir, other], scanNow: false });
      await env.seed.libraries.scan(library.id);
      const [movie] = env.seed.catalog.listMovies();
      await cp(join(env.libraryDir, 'Travel (2000).mp4'), join(other, 'Travel (2000).mp4'));
      await rm(join(env.libraryDir, 'Travel (2000).mp4'));
      expect(await env.seed.libraries.scan(library.id)).toMatchObject({ moved: 1 });
      expect(env.seed.catalog.listMovies()[0]!.id).toBe(movie!.id);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

test('placing helper works with nested names', async () => {
  env = await seedWithLibrary({ demo: false });
  expect(await place(env.libraryDir, 'a/b/c (2000).mp4', 'tiny')).toBe(join(env.libraryDir, 'a/b/c (2000).mp4'));
});
