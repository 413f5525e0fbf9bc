import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { createLibraryWatcher, type LibraryWatcher } from '../../../server/src/library/watcher.js';
import { place, seedWithLibrary } from '../../helpers/library.js';
import { tempDir, waitFor } from '../../helpers/server.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
afterEach(async () => {
  await env?.close();
});

describe('live watching', () => {
  test('new files appear once they settle; deletions and renames are reflected; a rename keeps the item', async () => {
    env = await seedWithLibrary({ demo: false, config: { watch: true }, stabilityMs: 500 });
    const library = await env.seed.libraries.add({ paths: [env.libraryDir], kind: 'movies', scanNow: false });
    await env.seed.libraries.scan(library.id);
    env.seed.startWatching();

    const names = Array.from({ length: 10 }, (_, i) => `Watched ${i + 1} (20${String(i + 10)}).mp4`);
    for (const name of names) await place(env.libraryDir, name, 'tiny');
    await waitFor(() => env.seed.catalog.listMovies().length === 10, 'ten copied files to be indexed', 30_000);

    const first = env.seed.catalog.listMovies().find((m) => m.title === 'Watched 1')!;
    await rename(join(env.libraryDir, names[0]!), join(env.libraryDir, 'Renamed (2010).mp4'));
    await rm(join(env.libraryDir, names[1]!));
    await waitFor(() => {
      const titles = env.seed.catalog.listMovies().map((m) => m.title);
      return titles.includes('Renamed') && !titles.includes('Watched 2') && titles.length === 9;
    }, 'the rename and the deletion', 30_000);
    expect(env.seed.catalog.listMovies().find((m) => m.title === 'Renamed')!.id).toBe(first.id);
  });
});

describe('a library folder that goes away and comes back', () => {
  const silent = pino({ level: 'silent' });
  let watcher: LibraryWatcher | undefined;
  let root = '';
  afterEach(async () => {
    await watcher?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('is watched anew and scanned when it is back (an unplugged disk plugged in again); changes after that are seen too', async () => {
    root = await tempDir('seed-away-');
    const folder = join(root, 'Films');
    await mkdir(folder);
    const scans: number[] = [];
    watcher = createLibraryWatcher({ onChange: (id) => scans.push(id), debounceMs: 50, log: silent, probeMs: 100 });
    watcher.sync([{ id: 1, libraryId: 7, path: folder, online: true }]);
    await new Promise((r) => setTimeout(r, 300)); // chokidar's first walk

    await rename(folder, join(root, 'Films.away'));
    await waitFor(() => scans.length > 0, 'a scan when the folder went away', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const whileAway = scans.length;

    await rename(join(root, 'Films.away'), folder);
    await waitFor(() => scans.length > whileAway, 'a scan when the folder is back', 10_000);
    expect(scans.every((id) => id === 7)).toBe(true);

    // and the new watch sees what happens in it
    await new Promise((r) => setTimeout(r, 300));
    const afterBack = scans.length;
    await writeFile(join(folder, 'New (2024).mkv'), 'x');
    await waitFor(() => scans.length > afterBack, 'a scan for a file added after the folder came back', 10_000);
  });

  test('links back up the tree (two loops in one folder) are not followed: the watch stays small, and still sees changes', async () => {
    root = await tempDir('seed-loops-');
    const folder = join(root, 'Films');
    await mkdir(join(folder, 'Odd', 'deep'), { recursive: true });
    await symlink('..', join(folder, 'Odd', 'deep', 'loop'));
    await symlink('../deep', join(folder, 'Odd', 'deep', 'loop2'));
    const scans: number[] = [];
    watcher = createLibraryWatcher({ onChange: (id) => scans.push(id), debounceMs: 50, log: silent, probeMs: 100 });
    watcher.sync([{ id: 1, libraryId: 5, path: folder, online: true }]);
    await new Promise((r) => setTimeout(r, 1_000));
    // following the links, it was thousands after a second and grew until the heap ran out
    expect(watcher.watchedFolders()).toBeLessThan(10);
    await writeFile(join(folder, 'Odd', 'New (2024).mkv'), 'x');
    await waitFor(() => scans.includes(5), 'a scan for a new file', 10_000);
  });

  test('a library folder that is itself a link (to a disk mounted elsewhere) is watched inside', async () => {
    root = await tempDir('seed-linked-');
    await mkdir(join(root, 'disk', 'Films'), { recursive: true });
    const folder = join(root, 'Films');
    await symlink(join(root, 'disk', 'Films'), folder);
    const scans: number[] = [];
    watcher = createLibraryWatcher({ onChange: (id) => scans.push(id), debounceMs: 50, log: silent, probeMs: 100 });
    watcher.sync([{ id: 1, libraryId: 6, path: folder, online: true }]);
    await new Promise((r) => setTimeout(r, 500));
    scans.length = 0; // only what the new file brings
    await writeFile(join(folder, 'New (2024).mkv'), 'x');
    await waitFor(() => scans.includes(6), 'a scan for a file added through the link', 10_000);
  });

  test('a folder missing when watching starts is looked for until it appears', async () => {
    root = await tempDir('seed-away-');
    const folder = join(root, 'Share');
    const scans: number[] = [];
    watcher = createLibraryWatcher({ onChange: (id) => scans.push(id), debounceMs: 50, log: silent, probeMs: 100 });
    watcher.sync([{ id: 1, libraryId: 3, path: folder, online: false }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(scans).toEqual([]);
    await mkdir(folder);
    await waitFor(() => scans.length > 0, 'a scan when the share is mounted', 10_000);
    expect(scans[0]).toBe(3);
  });
});
