// GET /api/storage over a real Seed with a real ladder, and the quota at work end to end: over it, the
// title's ladder goes, it plays just in time again from the same URLs, and its head start is queued.
import { existsSync } from 'node:fs';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StorageDto } from '../../../server/src/http/api-types.js';
import { createSeedApp } from '../../../server/src/main.js';
import { createRenditionStore } from '../../../server/src/streaming/rendition.store.js';
import { seedWithLibrary } from '../../helpers/library.js';
import { rendererDir } from '../../helpers/paths.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
let app: ReturnType<typeof createSeedApp>;
let id: number;
/** stream URLs need the token /playback signs */
let token: string;

beforeAll(async () => {
  env = await seedWithLibrary({ demo: false, files: { 'Wide Shot (2021)/Wide Shot (2021).mp4': 'hd' } });
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  id = env.seed.catalog.listMovies()[0]!.id;
  const job = env.seed.jobs.find('hls', id)!;
  expect(await env.seed.hls.handler(job, { signal: new AbortController().signal, reportProgress: () => undefined })).toBe('done');
  app = createSeedApp(env.seed, { name: 'Test Seed', webRoot: rendererDir(), log: pino({ level: 'silent' }) });
  const { url } = (await request(app).get(`/api/items/${id}/playback?prefer=hls`).expect(200)).body as { url: string };
  token = new URL(url, 'http://seed').searchParams.get('token')!;
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const storage = async (): Promise<StorageDto> => (await request(app).get('/api/storage').expect(200).expect('Cache-Control', 'no-store')).body as StorageDto;

describe('GET /api/storage', () => {
  test('the space used, the automatic quota (a share of free + used), and the title with its size per rung', async () => {
    const body = await storage();
    const rungs = createRenditionStore(env.seed.db).get(id)!.rungs;
    expect(body.measuring).toBe(false);
    expect(body.freeBytes).toBeGreaterThan(0);
    expect(body.quotaBytes).toBe(Math.floor((body.freeBytes! + body.usedBytes) * 0.25));
    expect(body.titles).toHaveLength(1);
    const [title] = body.titles;
    expect(title).toMatchObject({ itemId: id, title: 'Wide Shot', liveBytes: 0, lastServedAt: null });
    expect(title!.rungs.map((r) => r.name)).toEqual(rungs.map((r) => r.name));
    expect(title!.rungs.every((r) => r.bytes > 0)).toBe(true);
    expect(title!.bytes).toBeGreaterThan(title!.rungs.reduce((sum, r) => sum + r.bytes, 0)); // and its master playlist
    expect(body.usedBytes).toBeGreaterThanOrEqual(title!.bytes);
  });

  test('serving the stream is recorded, at most once a minute', async () => {
    env.seed.storage.touch(id);
    const at = (await storage()).titles[0]!.lastServedAt;
    expect(Date.parse(at!)).toBeGreaterThan(Date.now() - 60_000);
  });

  test('the OpenAPI document describes it, every required field answered', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(doc.paths['/api/storage'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Storage' });
    const schema = doc.components.schemas.Storage;
    const body = await storage();
    expect(Object.keys(body).sort()).toEqual([...schema.required].sort());
    expect(Object.keys(body.titles[0]!).sort()).toEqual([...schema.properties.titles.items.required].sort());
  });

  test('bad input: an unknown storage route is a JSON 404; a query is ignored', async () => {
    const res = await request(app).get('/api/storage/titles').expect(404);
    expect(res.body).toEqual({ code: 'not_found', message: 'no API route GET /api/storage/titles' });
    await request(app).post('/api/storage').expect(404);
    expect((await request(app).get('/api/storage?limit=abc').expect(200)).body.titles).toHaveLength(1);
  });
});

describe('over quota', () => {
  test('the ladder goes; the same URLs play the title just in time', async () => {
    const ladderMaster = (await request(app).get(`/api/items/${id}/hls/master.m3u8?token=${token}`).expect(200)).text;
    const dir = env.seed.hls.renditionDir(id)!;
    // the file on disk, every URI in it carrying the token
    expect(ladderMaster).toBe((await readFile(join(dir, 'master.m3u8'), 'utf8')).replace(/^(\d+\/index\.m3u8)$/gm, `$1?token=${token}`));
    expect(env.seed.jobs.find('headstart', id)).toBeNull(); // the file plays as it is: no head start was made

    // 1 GB quota, and 1.5 GB of scratch (a sparse file: no real disk used) that is never evicted
    env.seed.settings.update({ quotaGb: 1 });
    await mkdir(join(env.seed.transcodesDir, '.tmp'), { recursive: true });
    const big = join(env.seed.transcodesDir, '.tmp', 'big');
    await writeFile(big, '');
    await truncate(big, 1_500_000_000);
    // served just now, so left alone…
    env.seed.storage.touch(id);
    expect((await env.seed.storage.enforce())?.evictions).toEqual([]);
    expect(existsSync(dir)).toBe(true);

    // …but not once nobody watches it (its record older than the watching window)
    env.seed.db.prepare('UPDATE served SET last_served_at = 0').run();
    const plan = await env.seed.storage.enforce();
    expect(plan?.evictions).toEqual([expect.objectContaining({ kind: 'ladder', itemId: id })]);
    expect(existsSync(dir)).toBe(false);
    expect(env.seed.hls.renditionDir(id)).toBeNull();
    expect(env.seed.jobs.find('headstart', id)).toBeNull(); // it plays as it is: a head start is only made for a title that needs HLS

    const liveMaster = (await request(app).get(`/api/items/${id}/hls/master.m3u8?token=${token}`).expect(200)).text;
    expect(liveMaster).toBe((await env.seed.hls.liveMaster(id)).replace(/^(\d+\/index\.m3u8)$/gm, `$1?token=${token}`));
    const segment = await request(app).get(`/api/items/${id}/hls/0/seg-00000.ts?token=${token}`).expect(200);
    expect(segment.headers['content-type']).toBe('video/mp2t');
    expect(segment.body.length).toBeGreaterThan(0);

    env.seed.storage.touch(id); // as the streaming routes do: the segment just made is measured
    const body = await storage();
    expect(body.quotaBytes).toBe(1_000_000_000);
    expect(body.usedBytes).toBeGreaterThan(1_500_000_000);
    expect(body.titles[0]).toMatchObject({ itemId: id, rungs: [] });
    expect(body.titles[0]!.liveBytes).toBeGreaterThan(0);
  }, 60_000);
});
