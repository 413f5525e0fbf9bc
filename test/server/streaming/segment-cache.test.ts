// Segments kept in memory: a hit while the file is unchanged, a fresh read when it changed, the
// oldest dropped to stay within the room, a segment too big for it not kept.
import { rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSegmentCache, defaultSegmentCacheBytes } from '../../../server/src/streaming/segment-cache.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('seed-segments-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = async (name: string, bytes: number, fill = 1) => {
  const path = join(dir, name);
  await writeFile(path, Buffer.alloc(bytes, fill));
  return path;
};

describe('the segment cache', () => {
  test('the same bytes from memory while the file is unchanged; read again once it changed', async () => {
    const cache = createSegmentCache({ maxBytes: 1000 });
    const path = await file('seg-00000.ts', 100);
    const first = await cache.read(path);
    expect(first.body.length).toBe(100);
    expect(first.etag).toMatch(/^W\/"64-[0-9a-f]+"$/);
    expect(await cache.read(path)).toBe(first);
    await writeFile(path, Buffer.alloc(120, 2));
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const changed = await cache.read(path);
    expect(changed).not.toBe(first);
    expect([changed.body.length, changed.body[0]]).toEqual([120, 2]);
    expect(cache.size()).toEqual({ entries: 1, bytes: 120 });
  });

  test('the least recently used go first; one bigger than an eighth of the room is sent but not kept', async () => {
    const cache = createSegmentCache({ maxBytes: 800 });
    const [a, b, c] = [await file('a.ts', 100), await file('b.ts', 100), await file('c.ts', 100)];
    for (const path of [a, b]) await cache.read(path);
    const hitA = await cache.read(a); // a is now the newest
    for (let i = 0; i < 6; i++) await cache.read(await file(`more-${i}.ts`, 100));
    expect(cache.size()).toEqual({ entries: 8, bytes: 800 });
    expect(await cache.read(a)).toBe(hitA); // still there: b went first
    await cache.read(c);
    expect(cache.size().bytes).toBeLessThanOrEqual(800);
    const big = await cache.read(await file('big.ts', 101));
    expect(big.body.length).toBe(101);
    expect(cache.size().bytes).toBeLessThanOrEqual(800);
    cache.forgetUnder(dir);
    expect(cache.size()).toEqual({ entries: 0, bytes: 0 });
  });

  test('the same segment asked for by several players at once is counted once', async () => {
    const cache = createSegmentCache({ maxBytes: 1000 });
    const path = await file('shared.ts', 100);
    for (let round = 0; round < 3; round++) {
      await Promise.all([cache.read(path), cache.read(path), cache.read(path)]);
      await utimes(path, new Date(), new Date(Date.now() + (round + 1) * 10_000)); // changed: read again next round
    }
    expect(cache.size()).toEqual({ entries: 1, bytes: 100 });
  });

  test('a missing file throws as reading it would; the room is 5 % of the memory, at most 256 MiB', async () => {
    await expect(createSegmentCache({ maxBytes: 1000 }).read(join(dir, 'gone.ts'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(defaultSegmentCacheBytes(1024 ** 3)).toBe(Math.floor(1024 ** 3 * 0.05));
    expect(defaultSegmentCacheBytes(24 * 1024 ** 3)).toBe(256 * 1024 ** 2);
  });
});
