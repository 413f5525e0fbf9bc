// The experiments API over the real server (startTestServer, a clock the test moves): an admin defines
// and starts an A/B test; five profiles are bucketed, see a home screen (exposures, as the shelves log
// them), click cards (POST /api/recommend/click) and play titles (the players' session events, which
// the watch history turns into play, minutes and completion outcomes); the results are checked to the
// last digit against SciPy. Non-admins get 403, bad bodies 400 naming the field, 404 and 409 say why.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExperimentDto, ExperimentResultsDto, SessionEventDto } from '../../../../server/src/http/api-types.js';
import { createExperimentsService, type ExperimentsService } from '../../../../server/src/recommend/experiments/experiments.service.js';
import { createExperimentsStore } from '../../../../server/src/recommend/experiments/experiments.store.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
let server: TestServer;
let clock = Date.UTC(2026, 0, 10, 19, 0);
/** the service as the home screen's shelves use it, over the same database */
let shelves: ExperimentsService;
const tokens = new Map<number, string>();

async function call(method: string, path: string, opts: { as?: number; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.as !== undefined) headers.authorization = `Bearer ${tokens.get(opts.as)}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const ADMIN = 1;
const variants = [
  { key: 'control', weight: 1, config: { weights: { popularity: 0.2, itemKnn: 0.5, lastItems: 0.3 } } },
  { key: 'b', name: 'EASE', weight: 1, config: { ranker: 'ease' } },
];

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, config: { watch: false, rescanIntervalMinutes: 0 } });
  const db = server.seed.db;
  db.prepare(`INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'Films', 'movies', 0)`).run();
  const item = db.prepare(`INSERT INTO items (id, library_id, group_key, kind, title, sort_title, duration_ms, added_at) VALUES (?, 1, ?, 'movie', ?, ?, ?, 0)`);
  item.run(1, 'voyage', 'The Long Voyage', 'long voyage', 100 * MIN);
  item.run(2, 'quiet', 'A Quiet Year', 'quiet year', 90 * MIN);
  item.run(3, 'lamp', 'The Lamp', 'lamp', 45 * MIN);
  item.run(4, 'harbour', 'Harbour Lights', 'harbour lights', 120 * MIN);
  shelves = createExperimentsService({ store: createExperimentsStore(db), now: () => clock });

  // the first extra profile is made before sign-in is needed; then everyone signs in as an app
  expect((await call('POST', '/api/profiles', { body: { name: 'P2', avatar: 'fox', role: 'adult' } })).status).toBe(201);
  for (const id of [ADMIN, 2]) tokens.set(id, (await call('POST', '/api/auth/signin', { body: { profileId: id, kind: 'app' } })).body.token);
  for (const name of ['P3', 'P4', 'P5']) expect((await call('POST', '/api/profiles', { as: ADMIN, body: { name, avatar: 'owl', role: 'adult' } })).status).toBe(201);
  for (const id of [3, 4, 5]) tokens.set(id, (await call('POST', '/api/auth/signin', { body: { profileId: id, kind: 'app' } })).body.token);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

/** A player's whole viewing, as it reports it: first frame, then progress reports. */
async function watch(profileId: number, itemId: number, reports: { positionMs: number; watchedMs: number; durationMs: number }[]) {
  const { status, body } = await call('POST', '/api/sessions', { as: profileId, body: { itemId, method: 'hls', clientId: `client${profileId}`, clientName: 'Chrome on Linux' } });
  expect(status).toBe(201);
  const events: SessionEventDto[] = [{ kind: 'start', startupMs: 800 }, ...reports.map((r) => ({ kind: 'progress' as const, ...r, height: 720 }))];
  // one batch per report, as a player sends every 10 s
  for (const [i, e] of events.entries()) expect((await call('POST', `/api/sessions/${body.id}/events`, { as: profileId, body: { seq: i + 1, events: [e] } })).status).toBe(204);
}

describe('an A/B test from definition to results', () => {
  let experiment: ExperimentDto;

  test('the admin defines it as a draft, then starts it; a second one on the same surface cannot start (409)', async () => {
    const created = await call('POST', '/api/experiments', { as: ADMIN, body: { name: 'Blend vs EASE', description: 'Does EASE beat the blend on the home screen?', surface: 'home', variants } });
    expect(created.status).toBe(201);
    experiment = created.body;
    expect(experiment).toEqual({
      id: 1,
      name: 'Blend vs EASE',
      description: 'Does EASE beat the blend on the home screen?',
      surface: 'home',
      status: 'draft',
      createdAt: new Date(clock).toISOString(),
      startedAt: null,
      stoppedAt: null,
      variants: [
        { key: 'control', name: 'Control', weight: 1, share: 0.5, config: { weights: { popularity: 0.2, itemKnn: 0.5, lastItems: 0.3 } } },
        { key: 'b', name: 'EASE', weight: 1, share: 0.5, config: { ranker: 'ease' } },
      ],
    } satisfies ExperimentDto);
    expect(shelves.assign(2, 'home')).toBeNull(); // a draft assigns nobody

    clock += MIN;
    const started = await call('PATCH', '/api/experiments/1', { as: ADMIN, body: { status: 'running' } });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', startedAt: new Date(clock).toISOString() });

    const other = await call('POST', '/api/experiments', { as: ADMIN, body: { name: 'Popularity only', surface: 'home', variants: [{ key: 'control', weight: 1 }, { key: 'pop', weight: 1, config: { weights: { popularity: 1 } } }] } });
    expect(other.status).toBe(201);
    expect(await call('PATCH', `/api/experiments/${other.body.id}`, { as: ADMIN, body: { status: 'running' } })).toEqual({
      status: 409,
      body: { code: 'conflict', message: '"Blend vs EASE" (experiment 1) is already running on home; stop it first' },
    });
    expect(await call('PATCH', '/api/experiments/1', { as: ADMIN, body: { variants } })).toEqual({
      status: 409,
      body: { code: 'conflict', message: 'experiment 1 is running: its surface and variants can change only while it is a draft' },
    });
    const list = await call('GET', '/api/experiments', { as: ADMIN });
    expect(list.body.experiments.map((e: ExperimentDto) => [e.id, e.status])).toEqual([[other.body.id, 'draft'], [1, 'running']]);
    expect((await call('DELETE', `/api/experiments/${other.body.id}`, { as: ADMIN })).status).toBe(204);
    expect((await call('GET', `/api/experiments/${other.body.id}`, { as: ADMIN })).body).toEqual({ code: 'not_found', message: `experiment ${other.body.id} not found` });
  });

  test('exposures, clicks, plays, minutes and completions become exact results', async () => {
    // SHA-256 of "1:<profile>": profiles 1 and 3 get EASE, 2, 4 and 5 the control
    expect([1, 2, 3, 4, 5].map((p) => shelves.assign(p, 'home')?.variantKey)).toEqual(['b', 'control', 'b', 'control', 'control']);
    expect(shelves.assign(3, 'home')?.config).toEqual({ ranker: 'ease' });

    // each profile opens the home screen once: four titles on Top picks
    const impressions = new Map<number, number>();
    for (const p of [1, 2, 3, 4, 5]) {
      const { experimentId, variantKey } = shelves.assign(p, 'home')!;
      impressions.set(p, shelves.logExposures(p, [1, 2, 3, 4].map((itemId, position) => ({ experimentId, variantKey, itemId, shelf: 'top-picks', position }))));
    }
    clock += MIN;

    // clicks: control 2 of 12 exposures, EASE 3 of 8 (a double click counts once)
    const click = (as: number, body: object) => call('POST', '/api/recommend/click', { as, body });
    expect(await click(2, { itemId: 1, impressionId: impressions.get(2), shelf: 'top-picks', position: 0 })).toEqual({ status: 204, body: null });
    expect((await click(4, { itemId: 2 })).status).toBe(204);
    expect((await click(1, { itemId: 1, impressionId: impressions.get(1) })).status).toBe(204);
    expect((await click(1, { itemId: 3, impressionId: impressions.get(1) })).status).toBe(204);
    expect((await click(3, { itemId: 1, impressionId: impressions.get(3) })).status).toBe(204);
    expect((await click(3, { itemId: 1, impressionId: impressions.get(3) })).status).toBe(204);
    // a title not shown: nothing to count, still 204
    expect((await click(5, { itemId: 99 })).status).toBe(204);

    // plays, through the players' reports: control 20 min (profile 2), EASE 95 min to the end (1) and 10 min (3)
    await watch(2, 1, [{ positionMs: 20 * MIN, watchedMs: 20 * MIN, durationMs: 100 * MIN }]);
    await watch(1, 1, [
      { positionMs: 30 * MIN, watchedMs: 30 * MIN, durationMs: 100 * MIN },
      { positionMs: 95 * MIN, watchedMs: 95 * MIN, durationMs: 100 * MIN },
    ]);
    await watch(3, 3, [{ positionMs: 10 * MIN, watchedMs: 10 * MIN, durationMs: 45 * MIN }]);
    // a day later the screen from yesterday counts for nothing
    clock += 25 * HOUR;
    await watch(5, 2, [{ positionMs: 50 * MIN, watchedMs: 50 * MIN, durationMs: 90 * MIN }]);

    const { status, body } = await call('GET', '/api/experiments/1/results', { as: ADMIN });
    expect(status).toBe(200);
    const results = body as ExperimentResultsDto;
    expect(results.attributionWindowHours).toBe(24);
    expect(results.controlKey).toBe('control');
    const [control, ease] = results.variants;
    expect(control).toMatchObject({ key: 'control', isControl: true, profiles: 3, exposures: 12, clicks: 2, plays: 1, completions: 0, totalMinutes: 20, vsControl: null });
    expect(ease).toMatchObject({ key: 'b', name: 'EASE', isControl: false, profiles: 2, exposures: 8, clicks: 3, plays: 2, completions: 1, totalMinutes: 105 });

    // against scipy.stats (binomtest(...).proportion_ci('wilson'), t.interval, ttest_ind(equal_var=False))
    const near = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 12);
    near(control!.ctr!.value, 2 / 12);
    near(control!.ctr!.low, 0.04696514218385381);
    near(control!.ctr!.high, 0.4480308622529734);
    near(ease!.ctr!.low, 0.13684428582359737);
    near(ease!.ctr!.high, 0.6942576053973728);
    near(control!.playRate!.high, 0.35387991114111694);
    near(ease!.playRate!.low, 0.071479212752109);
    expect(control!.completionRate).toMatchObject({ value: 0, low: 0 });
    near(control!.completionRate!.high, 0.7934506856227626);
    near(ease!.completionRate!.low, 0.09453120573423074);
    near(control!.minutesPerProfile!.mean, 20 / 3);
    near(control!.minutesPerProfile!.low, -22.01768486499641);
    near(control!.minutesPerProfile!.high, 35.35101819832975);
    near(control!.minutesPerProfile!.sd, 11.547005383792515);
    near(ease!.minutesPerProfile!.mean, 52.5);
    expect(ease!.minutesPerProfile!.high).toBeCloseTo(592.5137012874245, 9);

    const vs = ease!.vsControl!;
    near(vs.ctr!.difference, 3 / 8 - 2 / 12);
    near(vs.ctr!.statistic, 1.0540925533894598);
    near(vs.ctr!.p, 0.29184054514378843);
    expect(vs.ctr!.significant).toBe(false);
    near(vs.minutes!.statistic, 1.0654034108108321);
    near(vs.minutes!.df!, 1.0494995824743554);
    near(vs.minutes!.p, 0.4731805371626772);
    expect(vs.verdicts).toEqual([
      'No significant difference in click-through yet (p = 0.29); about 63 more exposures per variant would tell whether a difference this size is real.',
      'No significant difference in minutes watched yet (p = 0.47); about 12 more profiles per variant would tell whether a difference this size is real.',
    ]);
  });

  test('stopping ends the attribution; the results stay', async () => {
    const stopped = await call('PATCH', '/api/experiments/1', { as: ADMIN, body: { status: 'stopped' } });
    expect(stopped.body).toMatchObject({ status: 'stopped', stoppedAt: new Date(clock).toISOString() });
    expect(shelves.assign(2, 'home')).toBeNull();
    expect((await call('GET', '/api/experiments/1/results', { as: ADMIN })).body.variants.map((v: { exposures: number }) => v.exposures)).toEqual([12, 8]);
  });
});

describe('who may, and bad input', () => {
  test('only an admin may see or change experiments (403); any profile may report a click', async () => {
    for (const [method, path] of [['GET', '/api/experiments'], ['POST', '/api/experiments'], ['GET', '/api/experiments/1'], ['PATCH', '/api/experiments/1'], ['DELETE', '/api/experiments/1'], ['GET', '/api/experiments/1/results']] as const) {
      const res = await call(method, path, { as: 2, body: method === 'POST' || method === 'PATCH' ? {} : undefined });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'forbidden']);
    }
    expect((await call('POST', '/api/recommend/click', { as: 2, body: { itemId: 1 } })).status).toBe(204);
    expect((await call('GET', '/api/experiments')).status).toBe(401);
  });

  test.each([
    [{}, 'name: is required'],
    [{ name: 'x', surface: 'home' }, 'variants: is required'],
    [{ name: ' ', surface: 'home', variants }, 'name: must not be empty'],
    [{ name: 'x', surface: 'home page', variants }, "surface: must be 'home': an experiment ranks the home screen's Top picks"],
    [{ name: 'x', surface: 'top-picks', variants }, "surface: must be 'home': an experiment ranks the home screen's Top picks"],
    [{ name: 'x', surface: 'home', variants: [variants[0]] }, 'variants: must have at least two variants (the first is the control)'],
    [{ name: 'x', surface: 'home', variants: [variants[0], { ...variants[1], key: 'control' }] }, 'variants.1.key: repeats "control"'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'A', weight: 1 }, variants[1]] }, 'variants.0.key: must be 1 to 32 lower-case letters, digits, - or _ (like control or b)'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1.5 }, variants[1]] }, 'variants.0.weight: must be a whole number'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 0 }, { key: 'b', weight: 0 }] }, 'variants.0.weight: gives no variant any traffic: at least one weight must be above 0'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { weights: { itemKnn: -1 } } }, variants[1]] }, 'variants.0.config.weights.itemKnn: must not be negative'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { weights: { itemKnn: 'high' } } }, variants[1]] }, 'variants.0.config.weights.itemKnn: must be a number'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { ranker: 'eas' } }, variants[1]] }, 'variants.0.config.ranker: must be one of popularity, itemKnn, lastItems, content, ease, learned'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { weights: { itemknn: 1 } } }, variants[1]] }, 'variants.0.config.weights.itemknn: must name a ranker: popularity, itemKnn, lastItems, content, ease, learned'],
    // as JSON.parse makes it: an own "__proto__" key (not silently dropped)
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { weights: JSON.parse('{"__proto__": 5, "ease": 1}') as object } }, variants[1]] }, 'variants.0.config.weights.__proto__: must name a ranker: popularity, itemKnn, lastItems, content, ease, learned'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { weights: { itemKnn: 0, ease: 0 } } }, variants[1]] }, 'variants.0.config.weights: must give at least one ranker a weight above 0'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: [1] }, variants[1]] }, 'variants.0.config: must be a JSON object, like {"weights": {"popularity": 0.1}} or {"ranker": "ease"}'],
    [{ name: 'x', surface: 'home', variants: [{ key: 'a', weight: 1, config: { note: 'x'.repeat(4100) } }, variants[1]] }, 'variants.0.config: must be at most 4096 bytes of JSON'],
  ])('POST /api/experiments %j → 400 "%s"', async (body, message) => {
    expect(await call('POST', '/api/experiments', { as: ADMIN, body })).toEqual({ status: 400, body: { code: 'bad_request', message } });
  });

  test('PATCH, GET and DELETE: 400 naming the field, 404 for an unknown experiment, 409 for a transition that is not draft → running → stopped', async () => {
    expect((await call('PATCH', '/api/experiments/1', { as: ADMIN, body: { status: 'paused' } })).body.message).toBe('status: must be draft, running or stopped');
    expect((await call('PATCH', '/api/experiments/1', { as: ADMIN, body: {} })).body.message).toBe('body: give at least one field to change');
    expect((await call('GET', '/api/experiments/abc', { as: ADMIN })).body.message).toBe('id: must be a positive whole number');
    expect(await call('GET', '/api/experiments/404/results', { as: ADMIN })).toEqual({ status: 404, body: { code: 'not_found', message: 'experiment 404 not found' } });
    expect((await call('DELETE', '/api/experiments/404', { as: ADMIN })).status).toBe(404);
    expect(await call('PATCH', '/api/experiments/1', { as: ADMIN, body: { status: 'running' } })).toEqual({
      status: 409,
      body: { code: 'conflict', message: 'experiment 1 is stopped: a stopped experiment cannot run again (create a new one)' },
    });
  });

  test.each([
    [{}, 'itemId: is required'],
    [{ itemId: 0 }, "itemId: must be a title's id: a movie's, or a series' negated"],
    [{ itemId: 1, impressionId: 'x' }, 'impressionId: must be a positive whole number'],
    [{ itemId: 1, position: -1 }, 'position: must not be negative'],
    [{ itemId: 1, shelf: '' }, 'shelf: must not be empty'],
  ])('POST /api/recommend/click %j → 400 "%s"', async (body, message) => {
    expect(await call('POST', '/api/recommend/click', { as: 2, body })).toEqual({ status: 400, body: { code: 'bad_request', message } });
  });

  test("another profile's impression is 404", async () => {
    const impression = shelves.logExposures(3, []);
    expect(await call('POST', '/api/recommend/click', { as: 2, body: { itemId: 1, impressionId: impression } })).toEqual({ status: 404, body: { code: 'not_found', message: `impression ${impression} not found` } });
  });

  test('the OpenAPI document lists every route, and the answers have every required field', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/experiments', '/api/experiments/{id}', '/api/experiments/{id}/results', '/api/recommend/click']));
    const schemas = doc.components.schemas;
    const experiment = (await call('GET', '/api/experiments/1', { as: ADMIN })).body;
    expect(Object.keys(experiment).sort()).toEqual([...schemas.Experiment.required].sort());
    expect(Object.keys(experiment.variants[0]).sort()).toEqual([...schemas.Experiment.properties.variants.items.required].sort());
    const results = (await call('GET', '/api/experiments/1/results', { as: ADMIN })).body;
    expect(Object.keys(results).sort()).toEqual([...schemas.ExperimentResults.required].sort());
    expect(Object.keys(results.variants[1]).sort()).toEqual([...schemas.ExperimentResults.properties.variants.items.required].sort());
    expect(Object.keys(results.variants[1].ctr).sort()).toEqual([...schemas.Rate.required].sort());
    expect(Object.keys(results.variants[1].vsControl.ctr).sort()).toEqual([...schemas.Comparison.required].sort());
  });
});
