// `seed recs eval` as users run it, on generated MovieLens-format folders; and the recommender's data
// read from a real database through recs.store.ts.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../server/src/db/open.js';
import { interactionWeight, recsDataFromHistory } from '../../../server/src/recommend/from-history.js';
import { historyOf } from '../../../server/src/recommend/interactions.js';
import { fitRecs, recommend } from '../../../server/src/recommend/rankers.js';
import { createRecsStore } from '../../../server/src/recommend/recs.store.js';
import { generateMovieLens, toMl100k, toMovieLensCsv } from '../../../server/src/recommend/synthetic.js';
import { repoRoot } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/server.js';

const run = promisify(execFile);
const CLI = join(repoRoot, 'server', 'src', 'cli.ts');
let root: string;

async function seed(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  root = await tempDir('seed-recs-');
  const s = generateMovieLens({ users: 120, items: 300, ratings: 8_000, clusters: 8, seed: 11 });
  const ml = toMl100k(s);
  const csv = toMovieLensCsv(s);
  await mkdir(join(root, 'ml-100k'));
  await writeFile(join(root, 'ml-100k', 'u.data'), ml.uData);
  await writeFile(join(root, 'ml-100k', 'u.item'), ml.uItem);
  await mkdir(join(root, 'csv'));
  await writeFile(join(root, 'csv', 'ratings.csv'), csv.ratingsCsv);
  await writeFile(join(root, 'csv', 'movies.csv'), csv.moviesCsv);
  await mkdir(join(root, 'bad'));
  await writeFile(join(root, 'bad', 'u.data'), '1\t2\t5\t881250949\n1\t2\tfive\n');
  await writeFile(join(root, 'bad', 'u.item'), ml.uItem);
  await mkdir(join(root, 'half'));
  await writeFile(join(root, 'half', 'ratings.csv'), csv.ratingsCsv);
  await mkdir(join(root, 'empty'));
  // a copy as they are passed around: a line of column names on each file, u.item saved as UTF-8 with a byte-order mark
  await mkdir(join(root, 'copy'));
  await writeFile(join(root, 'copy', 'u.data'), `user_id\titem_id\trating\ttimestamp\n${ml.uData}`);
  await writeFile(join(root, 'copy', 'u.item'), `\uFEFFmovie id|movie title|release date\n${ml.uItem.replace('|Title ', '|Amélie ')}`, 'utf8');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('seed recs eval', () => {
  test('--json prints users, items, seconds and each ranker and the blend', async () => {
    const r = await seed('recs', 'eval', '--movielens', join(root, 'ml-100k'), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { users: number; items: number; seconds: number; rankers: Record<string, { hr10: number; ndcg10: number }> };
    expect(report.users).toBe(120);
    expect(report.items).toBe(300);
    expect(report.seconds).toBeGreaterThan(0);
    expect(Object.keys(report.rankers)).toEqual(['popularity', 'itemKnn', 'lastItems', 'content', 'ease', 'learned', 'blend', 'blendTuned']);
    expect(report.rankers.blend!.hr10).toBeGreaterThan(report.rankers.popularity!.hr10);
    expect(report).toHaveProperty('versusBest.ranker');
  });

  test("a copy of ml-100k with column names and a byte-order mark gives the original's figures", async () => {
    const [copy, original] = await Promise.all([
      seed('recs', 'eval', '--movielens', join(root, 'copy'), '--json'),
      seed('recs', 'eval', '--movielens', join(root, 'ml-100k'), '--json'),
    ]);
    expect(copy.code).toBe(0);
    const rankers = (r: { stdout: string }) => (JSON.parse(r.stdout) as { rankers: unknown }).rankers;
    expect(rankers(copy)).toEqual(rankers(original));
  });

  test('the csv flavour, in households, as a table', async () => {
    const r = await seed('recs', 'eval', '--movielens', join(root, 'csv'), '--household', '4', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^120 users evaluated, 300 titles, in households of 4: [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^blend\s+0\.\d{4}\s+0\.\d{4}$/m);
    expect(r.stdout).toMatch(/^blend against \w+, user by user: \d+ hit only by the blend, \d+ only by \w+ \(McNemar exact p [01]\.\d{3}\)$/m);
  });

  test.each([
    [['bad'], /[\\/]bad[\\/]u\.data line 2: expected user<TAB>item<TAB>rating<TAB>timestamp/],
    [['half'], /has ratings\.csv but no movies\.csv/],
    [['empty'], /has neither u\.data \+ u\.item \(ml-100k\) nor ratings\.csv \+ movies\.csv/],
    [['missing'], /missing is not a folder/],
    [['ml-100k', '--household', '1'], /--household must be a whole number of at least 2, not 1/],
  ])('bad input %j exits 2 with its reason', { concurrent: true }, async ([dir, ...flags], message) => {
    const r = await seed('recs', 'eval', '--movielens', join(root, dir!), ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('the data from the history', () => {
  test('a finish counts more than a short play; a series is one title', () => {
    expect(interactionWeight({ played: true, resumeMs: 0, durationMs: 100, hidden: false })).toBe(1);
    expect(interactionWeight({ played: false, resumeMs: 5, durationMs: 100, hidden: false })).toBeCloseTo(0.13);
    expect(interactionWeight({ played: false, resumeMs: 50, durationMs: 100, hidden: true })).toBe(0.05);
  });

  test('recs.store reads watch state and terms; the rankers propose titles a similar profile watched', async () => {
    const dir = await tempDir('seed-recs-db-');
    const db = openDatabase(join(dir, 'seed.db'));
    try {
      db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'L', 'mixed', 0)`).run();
      db.prepare(`INSERT INTO series (id, library_id, group_key, title, sort_title, mpaa, added_at) VALUES (1, 1, 'show', 'Show', 'show', 'TV-PG', 0)`).run();
      const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, year, series_id, season, episode, mpaa, duration_ms, added_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 6000, 0)`);
      for (let i = 1; i <= 4; i++) item.run(i, `m${i}`, 'movie', `Movie ${i}`, `movie ${i}`, 1990 + i, null, null, null, i === 4 ? 'R' : 'PG');
      item.run(10, 's1e1', 'episode', 'Pilot', 'pilot', null, 1, 1, 1, null);
      item.run(11, 's1e2', 'episode', 'Two', 'two', null, 1, 1, 2, null);
      db.prepare(`INSERT INTO genres (id, name) VALUES (1, 'Drama')`).run();
      db.prepare(`INSERT INTO item_genres (item_id, series_id, genre_id) VALUES (1, NULL, 1), (NULL, 1, 1)`).run();
      db.prepare(`INSERT INTO people (id, name) VALUES (1, 'A Director')`).run();
      db.prepare(`INSERT INTO item_people (item_id, series_id, person_id, role, ord) VALUES (2, NULL, 1, 'director', 0)`).run();
      db.prepare(`INSERT INTO profiles (id, name, avatar, role, created_at) VALUES (2, 'Anna', 'fox', 'adult', 0)`).run();
      const watch = db.prepare(`INSERT INTO watch_state (profile_id, item_id, resume_ms, duration_ms, played, play_count, played_at, last_played_at) VALUES (?, ?, ?, 6000, ?, ?, ?, ?)`);
      // the admin watched 1, the show, then 3; Anna watched 1 and half of the pilot
      watch.run(1, 1, 0, 1, 1, 1000, 1000);
      watch.run(1, 10, 0, 1, 1, 2000, 2000);
      watch.run(1, 11, 0, 1, 1, 3000, 3000);
      watch.run(1, 3, 0, 1, 1, 4000, 4000);
      watch.run(2, 1, 0, 1, 1, 1500, 1500);
      watch.run(2, 10, 3000, 0, 0, null, 2500);
      const store = createRecsStore(db);
      const titles = store.titles();
      expect(titles.map((t) => t.key)).toEqual(['item:1', 'item:2', 'item:3', 'item:4', 'series:1']);
      expect(titles.find((t) => t.key === 'series:1')).toMatchObject({ genres: ['Drama'], certification: 'TV-PG' });
      expect(titles.find((t) => t.key === 'item:2')?.people).toEqual(['A Director']);
      const data = recsDataFromHistory(store.watches(), titles);
      expect(data.interactions.profileKeys).toEqual(['profile:1', 'profile:2']);
      const admin = historyOf(data.interactions, 0);
      expect(Array.from(admin.items, (i) => data.interactions.itemKeys[i])).toEqual(['item:1', 'series:1', 'item:3']);
      expect(admin.weight[1]).toBeCloseTo(2 / 3);
      const anna = historyOf(data.interactions, 1);
      expect(anna.weight[1]).toBeCloseTo(0.4 / 3);
      const recs = recommend(fitRecs(data), anna, { n: 2 });
      expect(data.interactions.itemKeys[recs.items[0]!]).toBe('item:3');
    } finally {
      db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
