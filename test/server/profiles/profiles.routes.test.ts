// Profiles and sign-in over HTTP on a real Seed: the picker, signing a browser (cookie) and an app
// (bearer) in, PINs with back-off, API keys, admin routes refused to other profiles, and a kid's
// ceiling holding in lists, details, series and playback, even for a typed URL.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProfileDto, ProfilePickerDto, TitleListDto } from '../../../server/src/http/api-types.js';
import { createSeedApp } from '../../../server/src/main.js';
import { seedWithLibrary } from '../../helpers/library.js';
import { rendererDir } from '../../helpers/paths.js';

let env: Awaited<ReturnType<typeof seedWithLibrary>>;
let app: ReturnType<typeof createSeedApp>;
const ids = { pg: 0, r: 0, unrated: 0, series: 0, episode: 0 };

beforeAll(async () => {
  env = await seedWithLibrary();
  const library = await env.seed.libraries.add({ paths: [env.libraryDir], scanNow: false });
  await env.seed.libraries.scan(library.id);
  const movies = env.seed.catalog.listMovies();
  expect(movies.length).toBeGreaterThanOrEqual(1);
  const series = env.seed.catalog.listSeries()[0]!;
  ids.series = series.id;
  ids.episode = env.seed.catalog.episodesOf(series.id)[0]!.id;
  // ratings as NFO files give them: one movie PG, the series TV-MA (its episodes have none of their own)
  ids.pg = movies[0]!.id;
  env.seed.db.prepare(`UPDATE items SET mpaa = 'PG' WHERE id = ?`).run(ids.pg);
  env.seed.db.prepare(`UPDATE series SET mpaa = 'TV-MA' WHERE id = ?`).run(series.id);
  env.seed.db.prepare(`INSERT INTO items (library_id, group_key, kind, title, sort_title, mpaa, added_at) VALUES (?, 'late-night', 'movie', 'Late Night', 'late night', 'R', 0)`).run(library.id);
  ids.r = Number((env.seed.db.prepare(`SELECT id FROM items WHERE title = 'Late Night'`).get() as { id: number }).id);
  app = createSeedApp(env.seed, { name: 'Test Seed', webRoot: rendererDir(), log: pino({ level: 'silent' }) });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

const picker = async () => (await request(app).get('/api/auth/profiles').expect(200)).body as ProfilePickerDto;
const cookieOf = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('seed_session='))?.split(';')[0];

describe('a new household', () => {
  test('one admin profile without a PIN: no sign-in needed, every request acts for it', async () => {
    expect(await picker()).toEqual({ signInNeeded: false, profiles: [{ id: 1, name: 'Admin', avatar: 'sprout', role: 'admin', hasPin: false }] });
    const me = (await request(app).get('/api/auth/me').expect(200)).body;
    expect(me).toMatchObject({ profile: { id: 1, role: 'admin' }, signInNeeded: false, device: null });
    await request(app).get('/api/jobs').expect(200);
    // a browser whose device was signed out, while nobody needs to sign in: it plays as the only profile
    expect((await request(app).get('/api/auth/me').set('Cookie', 'seed_session=seeds_forgotten').expect(200)).body.profile.id).toBe(1);
    expect((await request(app).get('/api/jobs').set('Authorization', 'Bearer seeds_forgotten').expect(401)).body.code).toBe('signed_out');
  });
});

describe('the API document', () => {
  test('lists the sign-in, profile, device and key routes; a profile answer has every documented field', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/profiles', '/api/auth/signin', '/api/auth/signout', '/api/auth/me', '/api/profiles', '/api/profiles/{id}', '/api/profiles/{id}/pin', '/api/devices', '/api/devices/{id}', '/api/keys', '/api/keys/{id}']));
    const me = (await request(app).get('/api/auth/me').expect(200)).body;
    expect(Object.keys(me.profile).sort()).toEqual([...doc.components.schemas.Profile.required].sort());
  });
});

describe('profiles, sign-in and roles', () => {
  let kid: ProfileDto;
  let adult: ProfileDto;
  let adminCookie = '';

  test('the admin adds an adult and a kid with a PIN; from then on sign-in is needed', async () => {
    adult = (await request(app).post('/api/profiles').send({ name: 'Sam', avatar: 'fox', role: 'adult', audioLanguage: 'FR' }).expect(201)).body;
    expect(adult).toMatchObject({ name: 'Sam', role: 'adult', audioLanguage: 'fr', movieCeiling: null, hasPin: false, libraryIds: null });
    // before the second profile exists nobody signs in; the admin signs this client in now
    adminCookie = cookieOf(await request(app).post('/api/auth/signin').send({ profileId: 1 }).expect(201))!;
    expect(adminCookie).toMatch(/^seed_session=seeds_/);
    kid = (await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: 'Mia', avatar: 'owl', role: 'kid', movieCeiling: 'PG', tvCeiling: 'TV-Y7', pin: '1234' }).expect(201)).body;
    expect(kid).toMatchObject({ role: 'kid', movieCeiling: 'PG', tvCeiling: 'TV-Y7', allowUnrated: false, hasPin: true });
    expect((await picker()).signInNeeded).toBe(true);
    expect((await request(app).get('/api/titles').expect(401)).body).toEqual({ code: 'sign_in_required', message: "choose who's watching first (POST /api/auth/signin)" });
    await request(app).get('/api/titles').set('Cookie', adminCookie).expect(200);
  });

  test('names are unique; bad fields are 400 naming them; the last admin stays an admin', async () => {
    expect((await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: 'sam' }).expect(409)).body.message).toBe('a profile named Sam already exists');
    expect((await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: 'X', role: 'boss' }).expect(400)).body.message).toBe('role: must be admin, adult or kid');
    expect((await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: 'X', pin: '12a4' }).expect(400)).body.message).toBe('pin: must be 4 digits');
    expect((await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: '' }).expect(400)).body.message).toBe('name: must not be empty');
    expect((await request(app).patch('/api/profiles/1').set('Cookie', adminCookie).send({ role: 'adult' }).expect(409)).body.message).toMatch(/needs an admin/);
    expect((await request(app).delete('/api/profiles/1').set('Cookie', adminCookie).expect(409)).body.message).toMatch(/needs an admin/);
    await request(app).patch('/api/profiles/999').set('Cookie', adminCookie).send({ name: 'Y' }).expect(404);
  });

  test('a wrong PIN is 401; after three in a row the profile waits, with Retry-After; the right one signs in', async () => {
    expect((await request(app).post('/api/auth/signin').send({ profileId: kid.id }).expect(401)).body.code).toBe('pin_required');
    for (let i = 0; i < 3; i++) expect((await request(app).post('/api/auth/signin').send({ profileId: kid.id, pin: '0000' }).expect(401)).body).toEqual({ code: 'pin_wrong', message: 'wrong PIN' });
    const locked = await request(app).post('/api/auth/signin').send({ profileId: kid.id, pin: '1234' }).expect(429);
    expect(locked.body).toMatchObject({ code: 'pin_locked', retryAfterSeconds: expect.any(Number) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // the admin takes the PIN off and on again, which also clears the wrong tries
    await request(app).put(`/api/profiles/${kid.id}/pin`).set('Cookie', adminCookie).send({ pin: '4321' }).expect(200);
    await request(app).post('/api/auth/signin').send({ profileId: kid.id, pin: '4321', kind: 'app', deviceName: 'Kitchen TV' }).expect(201);
  });

  test("a kid sees and plays only what its ceiling allows, in lists and by typed URLs; admin routes are 403", async () => {
    const signedIn = (await request(app).post('/api/auth/signin').send({ profileId: kid.id, pin: '4321', kind: 'app', deviceName: 'Tablet' }).expect(201)).body;
    expect(signedIn).toMatchObject({ profile: { id: kid.id }, device: { deviceName: 'Tablet', kind: 'app' }, token: expect.stringMatching(/^seeds_/) });
    const bearer = { Authorization: `Bearer ${signedIn.token}` };
    const titles = ((await request(app).get('/api/titles').set(bearer).expect(200)).body as TitleListDto).titles;
    expect(titles.map((t) => t.id)).toContain(ids.pg);
    expect(titles.map((t) => t.id)).not.toContain(ids.r);
    expect(titles.some((t) => t.type === 'series')).toBe(false); // TV-MA
    const items = (await request(app).get('/api/items').set(bearer).expect(200)).body.items as { id: number }[];
    expect(items.map((i) => i.id)).not.toContain(ids.episode);
    await request(app).get(`/api/items/${ids.pg}`).set(bearer).expect(200);
    for (const path of [`/api/items/${ids.r}`, `/api/items/${ids.episode}`, `/api/series/${ids.series}`, `/api/items/${ids.r}/playback`, `/api/items/${ids.episode}/playback`, `/api/items/${ids.r}/artwork/poster`]) {
      expect((await request(app).get(path).set(bearer).expect(404)).body.code, path).toBe('not_found');
    }
    for (const [method, path] of [['get', '/api/jobs'], ['get', '/api/profiles'], ['post', '/api/jobs/pause'], ['get', '/api/sessions'], ['get', '/api/devices'], ['get', '/api/settings/transcoding'], ['post', '/api/libraries']] as const) {
      expect((await request(app)[method](path).set(bearer).expect(403)).body, path).toEqual({ code: 'forbidden', message: 'only an admin can do this; Mia is a kid profile' });
    }
    expect((await request(app).get('/metrics').set(bearer).expect(403)).body.code).toBe('forbidden');
    // the admin still sees everything
    expect(((await request(app).get('/api/titles').set('Cookie', adminCookie).expect(200)).body as TitleListDto).titles.map((t) => t.id)).toContain(ids.r);
  });

  test('an admin route stays an admin route in any case, with a trailing slash or an id written otherwise', async () => {
    const { token } = (await request(app).post('/api/auth/signin').send({ profileId: kid.id, pin: '4321', kind: 'app' }).expect(201)).body;
    const bearer = { Authorization: `Bearer ${token}` };
    for (const [method, path, body] of [
      ['patch', `/api/Profiles/${kid.id}`, { role: 'admin' }],
      ['post', '/api/KEYS', { profileId: 1, name: 'x' }],
      ['get', '/api/PROFILES'],
      ['get', '/api/jobs/'],
      ['get', '/api/Settings/transcoding'],
      ['get', '/api/sessions/'],
      ['get', '/api/sessions/%31'],
      ['get', '/api/sessions/1.0'],
      ['patch', '/api/libraries/%31', { name: 'Mine' }],
      ['post', '/api/libraries/1/scan/'],
      ['get', '/api/storage/'],
    ] as const) {
      const res = await request(app)[method](path).set(bearer).send(body ?? {});
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await request(app).get('/METRICS')).status).toBe(401);
    expect((await request(app).get('/metrics/').set(bearer)).status).toBe(403);
    // a malformed cookie is no cookie, not a 500
    expect((await request(app).get('/api/titles').set('Cookie', 'seed_session=%E0%A4%A')).status).toBe(401);
  });

  test('PIN guesses sent at once meet the back-off too', async () => {
    const target = (await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: 'Guarded', role: 'adult', pin: '7777' }).expect(201)).body;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => request(app).post('/api/auth/signin').send({ profileId: target.id, pin: String(1000 + i) })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
    await request(app).delete(`/api/profiles/${target.id}`).set('Cookie', adminCookie).expect(204);
  });

  test("a kid cannot start a session of a title above its ceiling, nor write into another profile's session", async () => {
    const { token } = (await request(app).post('/api/auth/signin').send({ profileId: kid.id, pin: '4321', kind: 'app' }).expect(201)).body;
    const kidAuth = { Authorization: `Bearer ${token}` };
    const session = { method: 'hls', clientId: 'kid-tablet', clientName: 'Chrome on Android' };
    expect((await request(app).post('/api/sessions').set(kidAuth).send({ ...session, itemId: ids.r }).expect(404)).body.code).toBe('not_found');
    await request(app).post('/api/sessions').set(kidAuth).send({ ...session, itemId: ids.pg }).expect(201);
    const admins = (await request(app).post('/api/sessions').set('Cookie', adminCookie).send({ ...session, clientId: 'admin-tv', itemId: ids.r }).expect(201)).body;
    await request(app).post(`/api/sessions/${admins.id}/events`).set(kidAuth).send({ events: [{ kind: 'start', startupMs: 100 }] }).expect(404);
    await request(app).post(`/api/sessions/${admins.id}/events`).set('Cookie', adminCookie).send({ seq: 9_007_199_254_740_000, events: [{ kind: 'start', startupMs: 100 }] }).expect(400);
    await request(app).post(`/api/sessions/${admins.id}/events`).set('Cookie', adminCookie).send({ seq: 1, events: [{ kind: 'start', startupMs: 100 }] }).expect(204);
  });

  test("an extra has its film's rating: a kid shown unrated titles still does not get the trailer of an R film", async () => {
    env.seed.db.prepare(`INSERT INTO items (library_id, group_key, kind, title, sort_title, parent_item_id, extra_type, added_at) VALUES (1, 'late-night-trailer', 'extra', 'Late Night (trailer)', 'late night trailer', ?, 'trailer', 0)`).run(ids.r);
    const trailer = (env.seed.db.prepare(`SELECT id FROM items WHERE title = 'Late Night (trailer)'`).get() as { id: number }).id;
    const open = (await request(app).post('/api/profiles').set('Cookie', adminCookie).send({ name: 'Theo', role: 'kid', movieCeiling: 'PG', tvCeiling: 'TV-PG', allowUnrated: true }).expect(201)).body;
    const { token } = (await request(app).post('/api/auth/signin').send({ profileId: open.id, kind: 'app' }).expect(201)).body;
    const bearer = { Authorization: `Bearer ${token}` };
    await request(app).get(`/api/items/${trailer}`).set(bearer).expect(404);
    await request(app).get(`/api/items/${trailer}/playback`).set(bearer).expect(404);
    await request(app).get(`/api/items/${trailer}`).set('Cookie', adminCookie).expect(200);
    await request(app).delete(`/api/profiles/${open.id}`).set('Cookie', adminCookie).expect(204);
  });

  test('the admin lists devices and revokes one: its next request is 401; a removed profile signs its devices out', async () => {
    const signedIn = (await request(app).post('/api/auth/signin').send({ profileId: adult.id, kind: 'app', deviceName: 'Phone' }).expect(201)).body;
    const bearer = { Authorization: `Bearer ${signedIn.token}` };
    await request(app).get('/api/titles').set(bearer).expect(200);
    const devices = (await request(app).get('/api/devices').set('Cookie', adminCookie).expect(200)).body.devices as { id: number; deviceName: string; profileId: number }[];
    expect(devices.map((d) => d.deviceName)).toEqual(expect.arrayContaining(['Phone', 'Tablet', 'Kitchen TV']));
    const phone = devices.find((d) => d.deviceName === 'Phone')!;
    await request(app).delete(`/api/devices/${phone.id}`).set('Cookie', adminCookie).expect(204);
    expect((await request(app).get('/api/titles').set(bearer).expect(401)).body.code).toBe('signed_out');
    await request(app).delete(`/api/devices/${phone.id}`).set('Cookie', adminCookie).expect(404);

    const again = (await request(app).post('/api/auth/signin').send({ profileId: adult.id, kind: 'app' }).expect(201)).body;
    await request(app).delete(`/api/profiles/${adult.id}`).set('Cookie', adminCookie).expect(204);
    expect((await request(app).get('/api/titles').set({ Authorization: `Bearer ${again.token}` }).expect(401)).body.code).toBe('signed_out');
  });

  test('API keys: made by the admin for a profile, shown once, listed by prefix, revoked', async () => {
    const created = (await request(app).post('/api/keys').set('Cookie', adminCookie).send({ profileId: 1, name: 'Home Assistant' }).expect(201)).body;
    expect(created).toMatchObject({ name: 'Home Assistant', profileId: 1, key: expect.stringMatching(/^seedk_[A-Za-z0-9_-]{43}$/), prefix: created.key.slice(0, 12) });
    const bearer = { Authorization: `Bearer ${created.key}` };
    await request(app).get('/api/jobs').set(bearer).expect(200);
    await request(app).get('/metrics').set(bearer).expect(200);
    const keys = (await request(app).get('/api/keys').set(bearer).expect(200)).body.keys;
    expect(keys).toEqual([expect.objectContaining({ id: created.id, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(keys)).not.toContain(created.key);
    await request(app).delete(`/api/keys/${created.id}`).set('Cookie', adminCookie).expect(204);
    expect((await request(app).get('/api/jobs').set(bearer).expect(401)).body.code).toBe('key_invalid');
    expect((await request(app).post('/api/keys').set('Cookie', adminCookie).send({ profileId: 1 }).expect(400)).body.message).toBe('name: is required');
  });

  test('signing out forgets the device; streams stay reachable by their token alone; bad sign-ins are 4xx', async () => {
    const res = await request(app).post('/api/auth/signin').send({ profileId: 1 }).expect(201);
    const cookie = cookieOf(res)!;
    await request(app).post('/api/auth/signout').set('Cookie', cookie).expect(204);
    expect((await request(app).get('/api/titles').set('Cookie', cookie).expect(401)).body.code).toBe('signed_out');
    expect((await request(app).post('/api/auth/signin').send({}).expect(400)).body.message).toBe('profileId: is required');
    expect((await request(app).post('/api/auth/signin').send({ profileId: 999 }).expect(404)).body.message).toBe('profile 999 not found');
    expect((await request(app).post('/api/auth/signin').send({ profileId: 1, kind: 'tv' }).expect(400)).body.message).toBe('kind: must be browser or app');
    const playback = (await request(app).get(`/api/items/${ids.pg}/playback`).set('Cookie', adminCookie).expect(200)).body;
    expect(playback.url).toMatch(/token=/);
    await request(app).head(playback.url).expect(200); // a <video src> or a TV's player sends no cookie
  });
});
