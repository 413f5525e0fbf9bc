// TV pairing on a real Seed: a TV asks for a code (no sign-in), polls it with its secret pairId, an
// admin approves it for a profile (a kid with a PIN: no PIN needed) or refuses it; the TV collects a
// device session (a browser as its cookie, an app as a token), again at each poll until the code
// expires. Codes expire after 10 minutes on the server's injected clock; a session approved but
// never collected is signed out then.
// A second profile makes sign-in needed, so the admin and adult sign in as a real household would.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { PairCodeDto, ProfileDto } from '../../../server/src/http/api-types.js';
import { openDatabase } from '../../../server/src/db/open.js';
import { CODES_PER_ADDRESS, createPairingService, isPairCode, MAX_OPEN_CODES, normaliseCode, PAIR_ALPHABET, PAIR_CODE_TTL_MS, RATE_WINDOW_MS, rateKey } from '../../../server/src/profiles/pairing.js';
import { createProfilesService } from '../../../server/src/profiles/profiles.service.js';
import { createProfilesStore } from '../../../server/src/profiles/profiles.store.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** The server's clock: real time plus whatever the test moved it on. */
const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs, advance: (ms: number) => void (clock.offsetMs += ms) };

describe('codes', () => {
  test('6 characters from an alphabet without look-alikes; typing is forgiving about case, spaces and dashes', () => {
    expect(PAIR_ALPHABET).not.toMatch(/[01ILOU]/);
    expect(normaliseCode(' ab3-k7q ')).toBe('AB3K7Q');
    expect(isPairCode('AB3K7Q')).toBe(true);
    for (const bad of ['AB3K7', 'AB3K7QQ', 'AB3K7O', 'AB1K7Q', 'ab3k7q']) expect(isPairCode(bad), bad).toBe(false);
  });

  const tv = (address: string | null) => ({ kind: 'browser' as const, deviceName: 'TV', agent: 'Chrome on a TV', address });

  test('10 codes per address per 10 minutes', () => {
    const db = openDatabase(':memory:');
    let now = 1_000_000;
    const pairing = createPairingService({ profiles: createProfilesService({ store: createProfilesStore(db), now: () => now }), now: () => now });
    for (let i = 0; i < CODES_PER_ADDRESS; i++) pairing.create(tv('10.2.0.1'));
    expect(() => pairing.create(tv('10.2.0.1'))).toThrow(expect.objectContaining({ status: 429, code: 'pair_rate_limited' }));
    // the same address as a dual-stack socket writes it
    expect(() => pairing.create(tv('::ffff:10.2.0.1'))).toThrow(expect.objectContaining({ code: 'pair_rate_limited' }));
    pairing.create(tv('10.2.0.2'));
    now += RATE_WINDOW_MS;
    pairing.create(tv('10.2.0.1'));
    db.close();
  });

  test('an IPv6 device counts by its /64: new addresses in it do not buy more codes', () => {
    const db = openDatabase(':memory:');
    const pairing = createPairingService({ profiles: createProfilesService({ store: createProfilesStore(db), now: () => 1 }), now: () => 1 });
    for (let i = 0; i < CODES_PER_ADDRESS; i++) pairing.create(tv(`2001:db8:1:2::${i + 1}`));
    expect(() => pairing.create(tv('2001:db8:1:2:aaaa:bbbb:cccc:dddd'))).toThrow(expect.objectContaining({ status: 429, code: 'pair_rate_limited' }));
    pairing.create(tv('2001:db8:1:3::1'));
    db.close();
  });

  test.each([
    ['10.0.0.7', '10.0.0.7'],
    ['::ffff:10.0.0.7', '10.0.0.7'],
    ['::ffff:a00:7', '10.0.0.7'],
    ['2001:db8:1:2::7', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [null, 'unknown'],
  ])('rateKey(%j) is %s', (address, key) => {
    expect(rateKey(address)).toBe(key);
  });

  test(`full (${MAX_OPEN_CODES} codes), the oldest code not approved makes room: many addresses cannot lock the household out`, () => {
    const db = openDatabase(':memory:');
    let now = 1_000_000;
    const pairing = createPairingService({ profiles: createProfilesService({ store: createProfilesStore(db), now: () => now }), now: () => now });
    const codes = Array.from({ length: MAX_OPEN_CODES }, (_, i) => pairing.create(tv(`10.${i >> 8}.${i & 0xff}.1`)));
    // the oldest is approved: its TV is about to collect it, so it stays
    pairing.approve(codes[0]!.code, 1);
    now += 1000;
    const latest = pairing.create(tv('192.168.1.20'));
    expect(pairing.openCount()).toBe(MAX_OPEN_CODES);
    expect(isPairCode(latest.code)).toBe(true);
    expect(() => pairing.collect(codes[1]!.code, codes[1]!.pairId)).toThrow(expect.objectContaining({ status: 404, code: 'pair_code_unknown' }));
    expect(pairing.collect(codes[0]!.code, codes[0]!.pairId).status).toBe('approved');
    expect(pairing.collect(codes[2]!.code, codes[2]!.pairId).status).toBe('waiting');
    expect(pairing.collect(latest.code, latest.pairId).status).toBe('waiting');
    db.close();
  });
});

describe('pairing over HTTP', () => {
  let server: TestServer;
  let adminCookie = '';
  let adultCookie = '';
  let mia: ProfileDto;

  const call = (path: string, init: { method?: string; body?: unknown; cookie?: string; bearer?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const json = async (res: Response, status: number) => {
    const body = res.status === 204 ? null : await res.json();
    expect(res.status, JSON.stringify(body)).toBe(status);
    return body;
  };
  const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('seed_session='))?.split(';')[0];
  const newCode = async (body: unknown = {}): Promise<PairCodeDto> => json(await call('/api/pair', { method: 'POST', body }), 201);
  const poll = (code: string, pairId: string) => call(`/api/pair/${code}?pairId=${encodeURIComponent(pairId)}`);

  beforeAll(async () => {
    server = await startTestServer({ now: clock.now });
    // one admin: nobody signs in yet; the admin signs in, then adds an adult and a kid with a PIN
    adminCookie = sessionCookie(await call('/api/auth/signin', { method: 'POST', body: { profileId: 1 } }))!;
    const adult = (await json(await call('/api/profiles', { method: 'POST', cookie: adminCookie, body: { name: 'Sam', role: 'adult' } }), 201)) as ProfileDto;
    mia = (await json(await call('/api/profiles', { method: 'POST', cookie: adminCookie, body: { name: 'Mia', role: 'kid', pin: '1234' } }), 201)) as ProfileDto;
    adultCookie = sessionCookie(await call('/api/auth/signin', { method: 'POST', body: { profileId: adult.id } }))!;
    expect(adultCookie).toMatch(/^seed_session=seeds_/);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });
  // a new rate window for each test (every request here comes from 127.0.0.1); older codes expire
  beforeEach(() => clock.advance(RATE_WINDOW_MS));

  test('a browser TV: a code without sign-in; waiting; approved by the admin for a kid (no PIN); collected once as a cookie', async () => {
    const { code, pairId, expiresAt } = await newCode();
    expect(isPairCode(code)).toBe(true);
    expect(pairId.length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(expiresAt) - clock.now()).toBeGreaterThan(PAIR_CODE_TTL_MS - 5_000);
    expect(await json(await poll(code, pairId), 200)).toEqual({ status: 'waiting', expiresAt });

    const approved = await json(await call(`/api/pair/${code.toLowerCase()}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: mia.id } }), 200);
    expect(approved).toMatchObject({ profile: { id: mia.id, name: 'Mia' }, device: { profileId: mia.id, kind: 'browser', deviceName: 'Browser', address: expect.any(String) } });
    // approved once only
    expect(await json(await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: 1 } }), 409)).toEqual({ code: 'conflict', message: `pairing code ${code} was already approved` });

    const collected = await poll(code, pairId);
    const cookie = sessionCookie(collected);
    const body = await json(collected, 200);
    expect(body).toMatchObject({ status: 'approved', profile: { id: mia.id }, device: { id: approved.device.id } });
    expect(body.token).toBeUndefined();
    expect(cookie).toMatch(/^seed_session=seeds_/);
    expect(collected.headers.getSetCookie()[0]).toMatch(/HttpOnly/i);
    expect((await json(await call('/api/auth/me', { cookie }), 200)).profile.id).toBe(mia.id);
  });

  test('an answer lost on the way: the TV polls again and gets the same session; a HEAD collects nothing', async () => {
    const { code, pairId } = await newCode();
    const approved = await json(await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: mia.id } }), 200);
    const head = await call(`/api/pair/${code}?pairId=${encodeURIComponent(pairId)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(sessionCookie(head)).toBeUndefined();
    expect((await call(`/api/pair/${code}?pairId=wrong`, { method: 'HEAD' })).status).toBe(404);
    const first = await poll(code, pairId);
    expect(await json(first, 200)).toMatchObject({ status: 'approved', device: { id: approved.device.id } });
    const again = await poll(code, pairId);
    expect(await json(again, 200)).toMatchObject({ status: 'approved', device: { id: approved.device.id } });
    expect(sessionCookie(again)).toBe(sessionCookie(first));
    // collected: the session outlives the code
    clock.advance(PAIR_CODE_TTL_MS + 1000);
    expect((await json(await poll(code, pairId), 404)).code).toBe('pair_code_unknown');
    expect((await json(await call('/api/auth/me', { cookie: sessionCookie(first) }), 200)).profile.id).toBe(mia.id);
  });

  test('approved and only HEAD-polled: the session nobody holds is signed out when the code expires', async () => {
    const { code, pairId } = await newCode();
    const { device } = await json(await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: mia.id } }), 200);
    expect((await call(`/api/pair/${code}?pairId=${encodeURIComponent(pairId)}`, { method: 'HEAD' })).status).toBe(200);
    clock.advance(PAIR_CODE_TTL_MS + 1000);
    await json(await poll(code, pairId), 404);
    expect(((await json(await call('/api/devices', { cookie: adminCookie }), 200)).devices as { id: number }[]).map((d) => d.id)).not.toContain(device.id);
  });

  test('an app: the token in the answer, no cookie; the device name it gave', async () => {
    const { code, pairId } = await newCode({ kind: 'app', deviceName: 'Living room TV' });
    await json(await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: 1 } }), 200);
    const res = await poll(code, pairId);
    expect(sessionCookie(res)).toBeUndefined();
    const body = await json(res, 200);
    expect(body).toMatchObject({ status: 'approved', device: { kind: 'app', deviceName: 'Living room TV' }, token: expect.stringMatching(/^seeds_/) });
    expect((await json(await call('/api/auth/me', { bearer: body.token }), 200)).profile.id).toBe(1);
  });

  test('only the screen that asked can collect: a wrong pairId is the same 404 as an unknown code, a missing one 400', async () => {
    const { code, pairId } = await newCode();
    // nothing tells a guesser that this code is open
    expect(await json(await poll(code, 'someone-elses-guess'), 404)).toEqual({ code: 'pair_code_unknown', message: `pairing code ${code} is not known or has expired: show a new code on the TV` });
    expect(await json(await poll('ZZZZZZ', 'someone-elses-guess'), 404)).toEqual({ code: 'pair_code_unknown', message: 'pairing code ZZZZZZ is not known or has expired: show a new code on the TV' });
    expect(await json(await call(`/api/pair/${code}`), 400)).toEqual({ code: 'bad_request', message: 'pairId: is required (the pairId answered with the code)' });
    await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: 1 } });
    // the approved session still waits for the right screen
    await json(await poll(code, `${pairId}x`), 404);
    expect((await json(await poll(code, pairId), 200)).status).toBe('approved');
  });

  test('approving and refusing is for admins: 401 without sign-in, 403 for an adult', async () => {
    const { code, pairId } = await newCode();
    expect((await json(await call(`/api/pair/${code}/approve`, { method: 'POST', body: { profileId: 1 } }), 401)).code).toBe('sign_in_required');
    expect(await json(await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adultCookie, body: { profileId: 1 } }), 403)).toEqual({ code: 'forbidden', message: 'only an admin can do this; Sam is an adult profile' });
    expect((await json(await call(`/api/pair/${code}`, { method: 'DELETE', cookie: adultCookie }), 403)).code).toBe('forbidden');
    expect((await json(await call(`/api/pair/${code}`, { method: 'DELETE' }), 401)).code).toBe('sign_in_required');
    expect((await json(await call(`/api/pair/${code}/device`, { cookie: adultCookie }), 403)).code).toBe('forbidden');
    expect((await json(await call(`/api/pair/${code}/device`), 401)).code).toBe('sign_in_required');
    // nothing happened to it
    expect((await json(await poll(code, pairId), 200)).status).toBe('waiting');
  });

  test('a refused code: the TV hears so once; refusing an approved one is 409', async () => {
    const { code, pairId } = await newCode();
    await json(await call(`/api/pair/${code}`, { method: 'DELETE', cookie: adminCookie }), 204);
    expect(await json(await poll(code, pairId), 200)).toEqual({ status: 'refused' });
    await json(await poll(code, pairId), 404);

    const other = await newCode();
    await json(await call(`/api/pair/${other.code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: 1 } }), 200);
    expect((await json(await call(`/api/pair/${other.code}`, { method: 'DELETE', cookie: adminCookie }), 409)).message).toMatch(/already approved/);
  });

  test('bad input: 400 naming the field; an unknown code or profile 404', async () => {
    const { code } = await newCode();
    const approve = (body: unknown, at = code) => call(`/api/pair/${at}/approve`, { method: 'POST', cookie: adminCookie, body });
    expect((await json(await approve({}), 400)).message).toBe('profileId: is required');
    expect((await json(await approve({ profileId: 'x' }), 400)).message).toBe('profileId: must be a profile id');
    expect((await json(await approve({ profileId: 1, pin: '1234' }), 400)).message).toMatch(/^body: /);
    expect(await json(await approve({ profileId: 999 }), 404)).toEqual({ code: 'not_found', message: 'profile 999 not found' });
    expect((await json(await approve({ profileId: 1 }, 'ABC'), 400)).message).toBe('code: must be 6 letters and digits (no 0, 1, I, L, O or U)');
    expect((await json(await approve({ profileId: 1 }, 'ZZZZZZ'), 404)).code).toBe('pair_code_unknown');
    expect((await json(await call('/api/pair', { method: 'POST', body: { kind: 'tv' } }), 400)).message).toBe('kind: must be browser or app');
    expect((await json(await call('/api/pair', { method: 'POST', body: { deviceName: '' } }), 400)).message).toBe('deviceName: must not be empty');
    expect((await json(await call('/api/pair/ZZZZZZ/device', { cookie: adminCookie }), 404)).code).toBe('pair_code_unknown');
    expect((await json(await call('/api/pair/ABC/device', { cookie: adminCookie }), 400)).message).toBe('code: must be 6 letters and digits (no 0, 1, I, L, O or U)');
  });

  test('POST /api/pair takes JSON only: a page on another site cannot spend codes without a CORS preflight', async () => {
    const unsupported = { code: 'unsupported_media_type', message: 'body: send JSON (Content-Type: application/json), {} at least' };
    const post = (headers: Record<string, string>, body?: string) => fetch(`${server.url}/api/pair`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
    // what a cross-site <form> or a no-cors fetch can send
    expect(await json(await post({ 'content-type': 'text/plain' }, '{}'), 415)).toEqual(unsupported);
    expect(await json(await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'kind=app'), 415)).toEqual(unsupported);
    expect(await json(await post({}), 415)).toEqual(unsupported);
    await json(await post({ 'content-type': 'application/json' }, '{}'), 201);
  });

  test('the admin sees who asked before approving: its kind, name, user agent, address and age', async () => {
    const res = await fetch(`${server.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/85.0 Safari/537.36' },
      body: '{}',
    });
    const { code } = (await json(res, 201)) as PairCodeDto;
    clock.advance(125_000);
    expect(await json(await call(`/api/pair/${code}/device`, { cookie: adminCookie }), 200)).toEqual({
      kind: 'browser',
      deviceName: 'Chrome on a TV',
      agent: 'Chrome on a TV',
      address: '127.0.0.1',
      askedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ageSeconds: 125,
    });
    const app = await newCode({ kind: 'app', deviceName: 'Living room TV' });
    expect(await json(await call(`/api/pair/${app.code}/device`, { cookie: adminCookie }), 200)).toMatchObject({ kind: 'app', deviceName: 'Living room TV', agent: 'Browser', ageSeconds: 0 });
  });

  test('a code expires after 10 minutes on the server clock; one approved but never collected signs its device out', async () => {
    const { code, pairId } = await newCode();
    const approvedLate = await newCode();
    const { device } = await json(await call(`/api/pair/${approvedLate.code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: mia.id } }), 200);
    const devices = async () => ((await json(await call('/api/devices', { cookie: adminCookie }), 200)).devices as { id: number }[]).map((d) => d.id);
    expect(await devices()).toContain(device.id);

    clock.advance(PAIR_CODE_TTL_MS - 2_000);
    expect((await json(await poll(code, pairId), 200)).status).toBe('waiting');
    clock.advance(3_000);
    expect((await json(await poll(code, pairId), 404)).code).toBe('pair_code_unknown');
    expect((await json(await call(`/api/pair/${code}/approve`, { method: 'POST', cookie: adminCookie, body: { profileId: 1 } }), 404)).code).toBe('pair_code_unknown');
    await json(await poll(approvedLate.code, approvedLate.pairId), 404);
    expect(await devices()).not.toContain(device.id);
  });

  test('ten codes per address per 10 minutes; then 429 with Retry-After', async () => {
    for (let i = 0; i < CODES_PER_ADDRESS; i++) await newCode();
    const res = await call('/api/pair', { method: 'POST', body: {} });
    const body = await json(res, 429);
    expect(body).toMatchObject({ code: 'pair_rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(500);
    clock.advance(RATE_WINDOW_MS);
    await newCode();
  });

  test('the API document lists the pairing routes', async () => {
    const doc = await json(await call('/api/openapi.json'), 200);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/pair', '/api/pair/{code}', '/api/pair/{code}/approve', '/api/pair/{code}/device']));
    expect(doc.paths['/api/pair/{code}/approve'].post.requestBody.content['application/json'].schema.required).toEqual(['profileId']);
  });
});
