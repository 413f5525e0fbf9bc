import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { place, seedWithLibrary } from '../../helpers/library.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
afterEach(async () => {
  await env?.close();
});

async function scanned(opts: Parameters<typeof seedWithLibrary>[0] = {}, kind: 'movies' | 'shows' | 'mixed' = 'mixed') {
  env = await seedWithLibrary(opts);
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], kind, scanNow: false });
  const summary = await env.seed.libraries.scan(library.id);
  return { library, summary, seed: env.seed };
}

describe('a first scan', () => {
  test('finds the movie and the series with both episodes, with probe data and posters', async () => {
    const { summary, seed } = await scanned();
    expect(summary).toMatchObject({ found: 3, added: 3, updated: 0, removed: 0, skipped: [] });
    expect(seed.catalog.listMovies().map((m) => [m.title, m.year])).toEqual([['Big Buck Test', 2020]]);
    const [series] = seed.catalog.listSeries();
    expect(series).toMatchObject({ title: 'Test Show' });
    const episodes = seed.catalog.episodesOf(series!.id);
    expect(episodes.map((e) => [e.season, e.episode])).toEqual([[1, 1], [1, 2]]);
    for (const item of [...seed.catalog.listMovies(), ...episodes]) {
      expect(item.durationMs).toBeGreaterThan(1500);
      expect(item.posterFile && existsSync(item.posterFile)).toBe(true);
      expect(seed.files.ofItem(item.id)[0]).toMatchObject({ width: 320, height: 180, missing: false });
      expect(seed.jobs.find('hls', item.id)).not.toBeNull();
    }
  });

  test('a title is never listed without its file, not even between two steps of the scan', async () => {
    env = await seedWithLibrary();
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], kind: 'mixed', scanNow: false });
    const catalog = env.seed.catalog;
    const upsert = catalog.upsertItem.bind(catalog);
    const withoutFile: number[] = [];
    const checks: Promise<void>[] = [];
    catalog.upsertItem = (identity) => {
      const id = upsert(identity);
      // the next moment anything else could run (an HTTP request listing titles, Play): the file is there
      checks.push(Promise.resolve().then(() => void (env.seed.files.ofItem(id).length === 0 && withoutFile.push(id))));
      return id;
    };
    const summary = await env.seed.libraries.scan(library.id);
    await Promise.all(checks);
    expect(summary.added).toBe(3);
    expect(checks).toHaveLength(3);
    expect(withoutFile).toEqual([]);
  });

  test('odd files are skipped with a reason the admin can see; the rest is indexed', async () => {
    const { summary, seed, library } = await scanned({
      files: { 'Broken (2001)/Broken (2001).mp4': 'corrupt', 'Silent Film (1927).mp4': 'tiny' },
    });
    await writeFile(join(env.libraryDir, 'Empty (2002).mkv'), '');
    await writeFile(join(env.libraryDir, 'Radio Play (1938).mp4'), '');
    const again = await seed.libraries.scan(library.id);
    const reasons = Object.fromEntries(again.skipped.map((s) => [s.path.split('/').at(-1), s.reason]));
    expect(reasons['Broken (2001).mp4']).toMatch(/^not a playable video: /);
    expect(reasons['Empty (2002).mkv']).toBe('empty file (0 bytes)');
    expect(summary.added).toBe(4);
    expect(seed.libraries.skipped(library.id).map((s) => s.path.split('/').at(-1)).sort()).toEqual(['Broken (2001).mp4', 'Empty (2002).mkv', 'Radio Play (1938).mp4']);
    expect(seed.catalog.listMovies().map((m) => m.title)).toContain('Silent Film');
  });

  test('a file without a video stream is skipped as such', async () => {
    env = await seedWithLibrary({ demo: false });
    const { runTool, locateTool } = await import('../../../transcoder/src/index.js');
    await runTool(locateTool('ffmpeg', null)!.path, ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', '-y', join(env.libraryDir, 'Podcast (2020).mp4')]);
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    const summary = await env.seed.libraries.scan(library.id);
    expect(summary.skipped.map((s) => s.reason)).toEqual(['audio only: no video stream']);
  });
});

describe('rescans', () => {
  test('an unchanged library costs one stat per file; changes, additions and deletions are picked up', async () => {
    const { seed, library } = await scanned();
    expect(await seed.libraries.scan(library.id)).toMatchObject({ found: 3, added: 0, updated: 0, removed: 0, moved: 0 });
    const movie = seed.catalog.listMovies()[0]!;
    const file = seed.files.ofItem(movie.id)[0]!;
    await utimes(file.path, new Date(), new Date(Date.now() + 5000));
    await rm(join(env.libraryDir, 'Test Show', 'Season 01', 'Test Show - S01E02.mkv'));
    await place(env.libraryDir, 'New Film (2024).mp4', 'tiny');
    expect(await seed.libraries.scan(library.id)).toMatchObject({ found: 3, added: 1, updated: 1, removed: 1 });
    // a changed file keeps its row and its item
    expect(seed.files.findByPath(file.path)!.id).toBe(file.id);
    expect(seed.catalog.listMovies()[0]!.id).toBe(movie.id);
    expect(seed.catalog.listMovies().map((m) => m.title)).toEqual(['Big Buck Test', 'New Film']);
    expect(seed.catalog.episodesOf(seed.catalog.listSeries()[0]!.id)).toHaveLength(1);
  });

  test('a file still being copied is left for later, then indexed once it settles', async () => {
    env = await seedWithLibrary({ demo: false, stabilityMs: 60_000 });
    await place(env.libraryDir, 'Copying (2020).mp4', 'tiny');
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    expect(await env.seed.libraries.scan(library.id)).toMatchObject({ found: 1, pending: 1, added: 0 });
    expect(env.seed.catalog.listMovies()).toEqual([]);
    // the library still reads as scanning: a look is scheduled for when the copy has settled
    expect(env.seed.libraries.isScanning(library.id)).toBe(true);
  });
});

describe('odd trees', () => {
  test('unusual Unicode, a newline in a name and a folder link loop neither crash nor hang the scan', async () => {
    const { seed, library } = await scanned({
      files: { 'Amélie (2001)/Amélie (2001).mp4': 'tiny', '千と千尋の神隠し (2001).mp4': 'tiny', 'Line\nBreak (1999).mp4': 'tiny', '🎬 Emoji (2022).mp4': 'tiny' },
    });
    await mkdir(join(env.libraryDir, 'loop'), { recursive: true });
    await symlink(env.libraryDir, join(env.libraryDir, 'loop', 'back'));
    const again = await seed.libraries.scan(library.id);
    expect(again.skipped.some((s) => /link loop/.test(s.reason))).toBe(true);
    // listed for the admin (the Libraries page), and still after the next scan
    const listed = () => seed.libraries.skipped(library.id).filter((s) => /link loop/.test(s.reason)).map((s) => s.path);
    expect(listed()).toEqual([join(env.libraryDir, 'loop', 'back')]);
    await seed.libraries.scan(library.id);
    expect(listed()).toEqual([join(env.libraryDir, 'loop', 'back')]);
    const titles = seed.catalog.listMovies().map((m) => m.title);
    expect(titles).toEqual(expect.arrayContaining(['Amélie', '千と千尋の神隠し', 'Big Buck Test']));
    expect(titles.length).toBe(5);
  });

  test('an unreachable folder keeps its titles, shown offline, and they come back with it', async () => {
    const { seed, library } = await scanned();
    const moved = `${env.libraryDir}-unplugged`;
    const { rename } = await import('node:fs/promises');
    await rename(env.libraryDir, moved);
    try {
      const summary = await seed.libraries.scan(library.id);
      expect(summary.offlineFolders).toEqual([env.libraryDir]);
      expect(summary.removed).toBe(0);
      expect(seed.catalog.listPlayable()).toHaveLength(3);
      expect(seed.files.offlineItemIds().size).toBe(3);
      expect(seed.libraries.get(library.id).folders[0]!.online).toBe(false);
    } finally {
      await rename(moved, env.libraryDir);
    }
    await seed.libraries.scan(library.id);
    expect(seed.files.offlineItemIds().size).toBe(0);
    expect(seed.libraries.get(library.id).folders[0]!.online).toBe(true);
  });
});

describe('libraries', () => {
  test('several folders, rename, change of folders, removal; bad input writes nothing', async () => {
    env = await seedWithLibrary();
    const second = `${env.libraryDir}-more`;
    await mkdir(second, { recursive: true });
    try {
      await place(second, 'Other Film (2011).mp4', 'tiny');
      const library = await env.seed.libraries.add({ paths: [env.libraryDir, second], name: 'Family', kind: 'mixed', scanNow: false });
      expect(library.folders.map((f) => f.path)).toEqual([env.libraryDir, second].sort());
      await env.seed.libraries.scan(library.id);
      expect(env.seed.catalog.listMovies().map((m) => m.title)).toEqual(['Big Buck Test', 'Other Film']);

      await expect(env.seed.libraries.add({ paths: [second], scanNow: false })).rejects.toMatchObject({ status: 409 });
      await expect(env.seed.libraries.add({ paths: ['/does/not/exist'], scanNow: false })).rejects.toMatchObject({ status: 400, message: 'path: /does/not/exist is not an existing folder' });
      await expect(env.seed.libraries.add({ paths: ['relative'], scanNow: false })).rejects.toMatchObject({ status: 400 });

      const renamed = await env.seed.libraries.update(library.id, { name: 'Everyone', paths: [env.libraryDir] });
      expect(renamed).toMatchObject({ name: 'Everyone', kind: 'mixed' });
      await env.seed.libraries.scan(library.id);
      expect(env.seed.catalog.listMovies().map((m) => m.title)).toEqual(['Big Buck Test']);

      await env.seed.libraries.remove(library.id);
      expect(env.seed.libraries.list()).toEqual([]);
      expect(env.seed.catalog.listPlayable()).toEqual([]);
      expect(existsSync(join(env.libraryDir, 'Big Buck Test (2020)', 'Big Buck Test (2020).mp4'))).toBe(true); // files untouched
    } finally {
      await rm(second, { recursive: true, force: true });
    }
  });
});

describe('the list of files that could not be used', () => {
  test('forgets a file once it is deleted or fixed', async () => {
    const { writeFile: write, rm: remove } = await import('node:fs/promises');
    env = await seedWithLibrary({ demo: false });
    await write(join(env.libraryDir, 'Broken (2001).mp4'), 'junk');
    await write(join(env.libraryDir, 'Gone (2002).mp4'), 'junk');
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
    await env.seed.libraries.scan(library.id);
    expect(env.seed.libraries.skipped(library.id)).toHaveLength(2);
    await remove(join(env.libraryDir, 'Gone (2002).mp4'));
    await remove(join(env.libraryDir, 'Broken (2001).mp4'));
    await place(env.libraryDir, 'Broken (2001).mp4', 'tiny');
    const summary = await env.seed.libraries.scan(library.id);
    expect(summary.added).toBe(1);
    expect(env.seed.libraries.skipped(library.id)).toEqual([]);
  });
});

test('MPEG-TS recordings (.ts, .m2ts) are probed and indexed like any video', async () => {
  const { runTool, locateTool } = await import('../../../transcoder/src/index.js');
  const { clips } = await import('../../helpers/clips.js');
  env = await seedWithLibrary({ demo: false });
  const ffmpeg = locateTool('ffmpeg', null)!.path;
  await runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-c', 'copy', '-y', join(env.libraryDir, 'Recording (2020).ts')]);
  await runTool(ffmpeg, ['-nostdin', '-loglevel', 'error', '-i', clips.tiny, '-c', 'copy', '-f', 'mpegts', '-y', join(env.libraryDir, 'Concert (2021).m2ts')]);
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  const summary = await env.seed.libraries.scan(library.id);
  expect(summary.skipped).toEqual([]);
  expect(env.seed.catalog.listMovies().map((m) => m.title)).toEqual(['Concert', 'Recording']);
});
