import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { place, seedWithLibrary } from '../../helpers/library.js';
import { waitFor } from '../../helpers/server.js';

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
