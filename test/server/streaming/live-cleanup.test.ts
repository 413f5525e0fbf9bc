// At start, just-in-time segments are kept only for titles that still need them.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createRenditionStore } from '../../../server/src/streaming/rendition.store.js';
import { seedWithLibrary } from '../../helpers/library.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

test('segments of a removed title and of a title with its whole ladder go; those of a title played just in time stay', async () => {
  env = await seedWithLibrary({ demo: false, files: { 'Kept (2020)/Kept (2020).mkv': 'odd444', 'Laddered (2021)/Laddered (2021).mkv': 'odd444' } });
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  const [kept, laddered] = ['Kept', 'Laddered'].map((t) => env!.seed.catalog.listMovies().find((m) => m.title === t)!.id) as [number, number];
  const live = join(env.seed.transcodesDir, '.live');
  for (const id of [kept, laddered, 424242]) {
    await mkdir(join(live, String(id), '0'), { recursive: true });
    await writeFile(join(live, String(id), '0', 'seg-00000.ts'), 'x');
  }
  createRenditionStore(env.seed.db).save({ itemId: laddered, mediaFileId: null, dir: String(laddered), rungs: [], createdAt: 0 });
  await env.seed.recover();
  expect(existsSync(join(live, String(kept)))).toBe(true);
  expect(existsSync(join(live, String(laddered)))).toBe(false);
  expect(existsSync(join(live, '424242'))).toBe(false);
});
