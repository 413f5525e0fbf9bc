import { copyFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createRecsStore } from '../../../server/src/recommend/recs.store.js';
import { createJobRunner } from '../../../server/src/jobs/job-runner.js';
import { previewsHandler } from '../../../server/src/library/previews.js';
import { createRunFfmpeg, locateTool, runTool } from '../../../transcoder/src/index.js';
import pino from 'pino';
import { place, seedWithLibrary } from '../../helpers/library.js';
import { waitFor } from '../../helpers/server.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
afterEach(async () => {
  await env?.close();
});

const movieNfo = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<movie>
  <title>Big Buck Test</title>
  <originaltitle>Grand Lapin</originaltitle>
  <plot>A rabbit has a very long day.</plot>
  <tagline>Hop.</tagline>
  <year>2020</year>
  <mpaa>Rated PG-13</mpaa>
  <genre>Animation</genre><genre>Comedy / Family</genre>
  <studio>Blender</studio>
  <tag>rabbit</tag><tag>revenge</tag><tag>Rabbit</tag>
  <director>Sacha Goedegebure</director>
  <credits>Sacha Goedegebure</credits>
  <actor><name>Bunny</name><role>Himself</role><order>0</order></actor>
  <ratings><rating name="imdb" default="true"><value>7.2</value></rating></ratings>
</movie>`;

describe('metadata without the internet', () => {
  test('a Kodi movie.nfo and local poster/fanart become the title’s metadata, people and genres', async () => {
    env = await seedWithLibrary();
    const dir = join(env.libraryDir, 'Big Buck Test (2020)');
    await writeFile(join(dir, 'movie.nfo'), movieNfo);
    const ffmpeg = locateTool('ffmpeg', null)!.path;
    for (const [name, color] of [['poster.jpg', 'red'], ['fanart.jpg', 'blue']] as const) {
      await runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=${color}:size=200x300`, '-frames:v', '1', '-y', join(dir, name)]);
    }
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    const movie = env.seed.catalog.listMovies()[0]!;
    expect(movie).toMatchObject({ title: 'Big Buck Test', originalTitle: 'Grand Lapin', plot: 'A rabbit has a very long day.', tagline: 'Hop.', mpaa: 'PG-13', rating: 7.2, studio: 'Blender', year: 2020 });
    expect(movie.posterFile).toBe(join(dir, 'poster.jpg'));
    expect(movie.fanartFile).toBe(join(dir, 'fanart.jpg'));
    expect(env.seed.credits.genresOf({ itemId: movie.id })).toEqual(['Animation', 'Comedy', 'Family']);
    // its tags are keywords for the recommender's content similarity (a repeat in another case once)
    expect(env.seed.credits.keywordsOf({ itemId: movie.id })).toEqual(['rabbit', 'revenge']);
    expect(createRecsStore(env.seed.db).titles().find((t) => t.key === `item:${movie.id}`)?.keywords.sort()).toEqual(['rabbit', 'revenge']);
    expect(env.seed.credits.creditsOf({ itemId: movie.id }).map((c) => [c.role, c.name, c.character])).toEqual([
      ['director', 'Sacha Goedegebure', null],
      ['writer', 'Sacha Goedegebure', null],
      ['actor', 'Bunny', 'Himself'],
    ]);
  });

  test('tvshow.nfo and season posters describe the series; episodes without artwork get a generated frame', async () => {
    env = await seedWithLibrary();
    const show = join(env.libraryDir, 'Test Show');
    await writeFile(join(show, 'tvshow.nfo'), '<tvshow><title>Test Show</title><plot>Bars and tones.</plot><genre>Documentary</genre><mpaa>TV-G</mpaa></tvshow>');
    const ffmpeg = locateTool('ffmpeg', null)!.path;
    await runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=green:size=200x300', '-frames:v', '1', '-y', join(show, 'poster.jpg')]);
    await copyFile(join(show, 'poster.jpg'), join(show, 'season01-poster.jpg'));
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    const series = env.seed.catalog.listSeries()[0]!;
    expect(series).toMatchObject({ title: 'Test Show', plot: 'Bars and tones.', mpaa: 'TV-G', posterFile: join(show, 'poster.jpg') });
    expect(env.seed.credits.genresOf({ seriesId: series.id })).toEqual(['Documentary']);
    expect(env.seed.catalog.seasonsOf(series.id)[0]!.posterFile).toBe(join(show, 'season01-poster.jpg'));
    for (const episode of env.seed.catalog.episodesOf(series.id)) {
      expect(episode.posterFile!.startsWith(env.dataDir)).toBe(true); // a generated representative frame
      expect(readFileSync(episode.posterFile!).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
  });

  test('generic artwork beside several versions of one movie is that movie’s; artwork added later is picked up by a rescan', async () => {
    env = await seedWithLibrary({ demo: false, files: { 'Rich (2019)/Rich (2019) - 1080p.mp4': 'tiny', 'Rich (2019)/Rich (2019) - 720p.mp4': 'tiny' } });
    const dir = join(env.libraryDir, 'Rich (2019)');
    const ffmpeg = locateTool('ffmpeg', null)!.path;
    const image = (name: string, color: string) => runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=${color}:size=200x300`, '-frames:v', '1', '-y', join(dir, name)]);
    await image('poster.jpg', 'red');
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    const movie = env.seed.catalog.listMovies()[0]!;
    expect(movie.posterFile).toBe(join(dir, 'poster.jpg'));
    expect(movie.fanartFile).toBeNull();

    await image('fanart.jpg', 'blue');
    await writeFile(join(dir, 'movie.nfo'), '<movie><title>Rich</title><plot>Money.</plot></movie>');
    const summary = await env.seed.libraries.scan(library.id);
    expect(summary).toMatchObject({ added: 0, updated: 0, changedItemIds: [], refreshItemIds: [movie.id] });
    expect(env.seed.catalog.get(movie.id)).toMatchObject({ fanartFile: join(dir, 'fanart.jpg'), plot: 'Money.' });
  });

  test('embedded tags fill in when there is no NFO', async () => {
    env = await seedWithLibrary({ demo: false });
    const ffmpeg = locateTool('ffmpeg', null)!.path;
    const { clips } = await import('../../helpers/clips.js');
    await runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-c', 'copy', '-metadata', 'description=Recorded at home', '-metadata', 'genre=Family', '-metadata', 'date=2019', '-y', join(env.libraryDir, 'Holiday (2019).mp4')]);
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    const movie = env.seed.catalog.listMovies()[0]!;
    expect(movie.plot).toBe('Recorded at home');
    expect(env.seed.credits.genresOf({ itemId: movie.id })).toEqual(['Family']);
  });

  test('a title gets seek previews: sprite sheets and a WebVTT thumbnails track', async () => {
    env = await seedWithLibrary({ demo: false, files: { 'Preview (2020).mp4': 'hd' } });
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    const movie = env.seed.catalog.listMovies()[0]!;
    expect(env.seed.jobs.find('previews', movie.id)?.status).toBe('queued');
    const runner = createJobRunner({
      jobs: env.seed.jobs,
      handlers: {
        hls: async () => 'skipped',
        headstart: async () => 'skipped',
        remux: async () => 'skipped',
        previews: previewsHandler({ catalog: env.seed.catalog, files: env.seed.files, runFfmpeg: createRunFfmpeg(locateTool('ffmpeg', null)!.path), artworkDir: env.seed.artworkDir }),
      },
      concurrency: 1,
      log: pino({ level: 'silent' }),
      now: Date.now,
    });
    runner.poke();
    await waitFor(() => env.seed.jobs.find('previews', movie.id)?.status === 'done', 'previews');
    await runner.stop();
    const dir = env.seed.catalog.get(movie.id)!.previewsDir!;
    const vtt = readFileSync(join(dir, 'thumbnails.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toMatch(/sprite-0\.jpg#xywh=0,0,\d+,\d+/);
    expect(existsSync(join(dir, 'sprite-0.jpg'))).toBe(true);
  });
});

test('placing a clip under a nested path', async () => {
  env = await seedWithLibrary({ demo: false });
  expect(existsSync(await place(env.libraryDir, 'x/y (2000).mp4', 'tiny'))).toBe(true);
});

test('every stream, chapters and languages reach the title’s details', async () => {
  const { toItemDetailDto } = await import('../../../server/src/catalog/catalog.dto.js');
  env = await seedWithLibrary({ demo: false });
  const ffmpeg = locateTool('ffmpeg', null)!.path;
  const { clips } = await import('../../helpers/clips.js');
  const meta = join(env.libraryDir, 'chapters.txt');
  await writeFile(meta, ';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\ntitle=Opening\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=500\nEND=1000\ntitle=Ending\n');
  const srt = join(env.libraryDir, 'subs.srt');
  await writeFile(srt, '1\n00:00:00,000 --> 00:00:01,000\nHallo\n');
  await runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-i', clips.tiny, '-i', srt, '-i', meta, '-map', '0:v', '-map', '0:a', '-map', '1:a', '-map', '2', '-map_metadata', '3', '-c', 'copy', '-c:s', 'srt',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=deu', '-metadata:s:s:0', 'language=deu', '-y', join(env.libraryDir, 'Languages (2020).mkv')]);
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  const movie = env.seed.catalog.listMovies()[0]!;
  const dto = toItemDetailDto(movie, { catalog: env.seed.catalog, files: env.seed.files, credits: env.seed.credits, transcodeState: () => ({ status: 'none', progress: 0, error: null }), parseInfo: () => null });
  const file = dto.versions[0]!.parts[0]!;
  expect(file.streams.map((s) => [s.type, s.language])).toEqual([
    ['video', null],
    ['audio', 'eng'],
    ['audio', 'deu'],
    ['subtitle', 'deu'],
  ]);
  expect(file.chapters).toEqual([
    { startMs: 0, title: 'Opening' },
    { startMs: 500, title: 'Ending' },
  ]);
  expect(file).toMatchObject({ hdr: null, container: 'matroska,webm' });
});
