import { cp, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSeed } from '../../server/src/main.js';
import { clips, demoLibrary } from '../helpers/clips.js';
import { tempDir, testConfig } from '../helpers/server.js';

let dataDir: string;
let libraryDir: string;
let seed: ReturnType<typeof createSeed>;

beforeEach(async () => {
  dataDir = await tempDir();
  libraryDir = await tempDir('seed-lib-');
  await cp(demoLibrary, libraryDir, { recursive: true });
  seed = createSeed(testConfig(dataDir), pino({ level: 'silent' }));
});
afterEach(async () => {
  await seed.shutdown();
  await rm(dataDir, { recursive: true, force: true });
  await rm(libraryDir, { recursive: true, force: true });
});

describe('scanning a library', () => {
  test('recognises the movie and both episodes, probes them and grabs poster frames', async () => {
    const library = await seed.libraries.ensure(libraryDir);
    const summary = await seed.libraries.scan(library.id);
    expect(summary).toMatchObject({ found: 3, added: 3, updated: 0, removed: 0, skipped: [] });
    const items = seed.catalog.list();
    expect(items.map((i) => [i.kind, i.seriesTitle ?? i.title, i.season, i.episode, i.year])).toEqual([
      ['movie', 'Big Buck Test', null, null, 2020],
      ['episode', 'Test Show', 1, 1, null],
      ['episode', 'Test Show', 1, 2, null],
    ]);
    for (const item of items) {
      expect(item).toMatchObject({ width: 320, height: 180 });
      expect(item.durationMs).toBeGreaterThan(1500);
      expect(item.posterFile).not.toBeNull();
      expect(existsSync(join(seed.artworkDir, item.posterFile!))).toBe(true);
      // every new title is queued for its HLS ladder
      expect(seed.jobs.find('hls', item.id)).not.toBeNull();
    }
  });

  test('a corrupt file and a file without video are skipped with a reason the admin can see; nothing else is lost', async () => {
    await cp(clips.corrupt, join(libraryDir, 'Broken (2001).mp4'));
    await seed.libraries.ensure(libraryDir);
    const library = seed.libraries.list()[0]!;
    const summary = await seed.libraries.scan(library.id);
    expect(summary.added).toBe(3);
    expect(summary.skipped).toEqual([{ path: join(libraryDir, 'Broken (2001).mp4'), reason: expect.stringMatching(/^ffprobe cannot read it: /) }]);
    expect(seed.libraries.skipped(library.id).map((s) => s.path)).toEqual([join(libraryDir, 'Broken (2001).mp4')]);
  });

  test('a rescan of an unchanged library only stats files; changes, additions and deletions are picked up', async () => {
    const library = await seed.libraries.ensure(libraryDir);
    await seed.libraries.scan(library.id);
    const before = seed.catalog.list();
    expect(await seed.libraries.scan(library.id)).toMatchObject({ found: 3, added: 0, updated: 0, removed: 0 });

    const movie = before.find((i) => i.kind === 'movie')!;
    await utimes(movie.path, new Date(), new Date(Date.now() + 5000));
    await rm(join(libraryDir, 'Test Show', 'Season 01', 'Test Show - S01E02.mkv'));
    await cp(clips.tiny, join(libraryDir, 'New Film (2024).mp4'));
    const summary = await seed.libraries.scan(library.id);
    expect(summary).toMatchObject({ found: 3, added: 1, updated: 1, removed: 1 });
    // a changed file keeps its id (and so, later, its history)
    expect(seed.catalog.findByPath(movie.path)!.id).toBe(movie.id);
    expect(seed.catalog.list().map((i) => i.title)).toContain('New Film');
  });

  test('two scans at once share one run', async () => {
    const library = await seed.libraries.ensure(libraryDir);
    const [a, b] = [seed.libraries.scan(library.id), seed.libraries.scan(library.id)];
    expect(a).toBe(b);
    await a;
  });

  test('adding a folder that does not exist, a file, or a relative path is refused and writes nothing', async () => {
    await expect(seed.libraries.add({ path: join(libraryDir, 'nope') })).rejects.toMatchObject({ status: 400, message: `path: ${join(libraryDir, 'nope')} is not an existing folder` });
    await writeFile(join(libraryDir, 'file.txt'), 'x');
    await expect(seed.libraries.add({ path: join(libraryDir, 'file.txt') })).rejects.toMatchObject({ status: 400 });
    await expect(seed.libraries.add({ path: 'relative/dir' })).rejects.toMatchObject({ status: 400, message: 'path: "relative/dir" must be an absolute path to a folder' });
    expect(seed.libraries.list()).toEqual([]);
  });

  test('the same folder twice is a conflict', async () => {
    await seed.libraries.add({ path: libraryDir });
    await expect(seed.libraries.add({ path: libraryDir + '/' })).rejects.toMatchObject({ status: 409 });
  });
});
