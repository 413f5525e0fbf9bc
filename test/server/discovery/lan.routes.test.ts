// The network settings and LAN URLs over HTTP on the real server (announcing is off in tests:
// testConfig sets discovery false, so nothing here sends multicast).
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NetworkSettingsDto, ServerLanDto, ServerInfoDto } from '../../../server/src/http/api-types.js';
import { describeNeeding } from '../../helpers/needs.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const call = async (server: TestServer, method: string, path: string, opts: { body?: unknown; cookie?: string } = {}) => {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers['cookie'] = opts.cookie;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.startsWith('application/json') ? await res.json() : await res.text(), headers: res.headers };
};

describe('network settings on a server listening on loopback', () => {
  let server: TestServer;
  let doc: { components: { schemas: Record<string, { required: string[] }> }; paths: Record<string, unknown> };
  beforeAll(async () => {
    server = await startTestServer();
    doc = (await call(server, 'GET', '/api/openapi.json')).body;
  }, 60_000);
  afterAll(() => server?.close());

  test('GET /api/settings/network: the defaults, the documented fields, and nothing announced in tests', async () => {
    const res = await call(server, 'GET', '/api/settings/network');
    expect(res.status).toBe(200);
    const settings = res.body as NetworkSettingsDto;
    expect(Object.keys(settings).sort()).toEqual([...doc.components.schemas['NetworkSettings']!.required].sort());
    expect(settings).toMatchObject({ announce: true, interfaces: null, remoteAccess: false, name: settings.defaultName });
    expect(settings.defaultName).toMatch(/ Seed$/);
    expect(settings.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(settings.discovery).toEqual({ announcing: false, interfaces: [], reason: 'discovery was turned off when Seed started (--no-discovery or SEED_DISCOVERY=false)', udpPort: null });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/settings/network', '/api/server/lan', '/api/server/lan/qr']));
  });

  test('PUT saves, the server is renamed everywhere, and a null name brings the default back', async () => {
    const before = (await call(server, 'GET', '/api/settings/network')).body as NetworkSettingsDto;
    const res = await call(server, 'PUT', '/api/settings/network', { body: { name: 'Den', remoteAccess: true, interfaces: ['eth9'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Den', remoteAccess: true, interfaces: ['eth9'], announce: true, id: before.id });
    expect(((await call(server, 'GET', '/api/server')).body as ServerInfoDto).name).toBe('Den');
    expect(((await call(server, 'GET', '/api/server/lan')).body as ServerLanDto).name).toBe('Den');
    const back = (await call(server, 'PUT', '/api/settings/network', { body: { name: null, remoteAccess: false, interfaces: null } })).body as NetworkSettingsDto;
    expect(back).toMatchObject({ name: before.defaultName, remoteAccess: false, interfaces: null });
  });

  test.each([
    [{}, 'body: give at least one of name, announce, interfaces, remoteAccess'],
    [{ name: '' }, 'name: must not be empty'],
    [{ name: 'x'.repeat(70) }, 'name: must be at most 63 bytes'],
    [{ name: 'Den\\' }, 'name: must not contain a backslash (\\)'],
    [{ announce: 'no' }, 'announce: must be true or false'],
    [{ remoteAccess: null }, 'remoteAccess: must be true or false'],
    [{ interfaces: [1] }, 'interfaces.0: must be an interface name'],
    [{ interfaces: ['eth0', 'eth0'] }, 'interfaces: names an interface twice'],
    [{ colour: 'red' }, 'body: Unrecognized key: "colour"'],
  ])('PUT /api/settings/network %j is a 400 naming the field', async (body, message) => {
    const res = await call(server, 'PUT', '/api/settings/network', { body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'bad_request', message });
  });

  test('GET /api/server/lan on loopback: no URL, and why', async () => {
    const res = await call(server, 'GET', '/api/server/lan');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([...doc.components.schemas['ServerLan']!.required].sort());
    expect(res.body).toMatchObject({ urls: [], reason: 'Seed listens on 127.0.0.1 only, so other devices cannot reach it; start it with --host 0.0.0.0' });
  });

  test('DNS rebinding: a request naming another site in its Host header is refused, whatever it asks', async () => {
    // fetch() will not send a Host of its own choosing; a rebound browser does
    const raw = (method: string, path: string, host: string, body?: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const url = new URL(server.url);
        const req = request({ host: url.hostname, port: url.port, method, path, headers: { host, 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const port = new URL(server.url).port;
    const refused = await raw('PUT', '/api/settings/network', `rebind.attacker.example:${port}`, JSON.stringify({ remoteAccess: true }));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'host_not_allowed', message: expect.stringMatching(/^Seed answers only by its address or by its name on the LAN \(.+\.local\), not as rebind\.attacker\.example:\d+\./) });
    expect((await raw('GET', '/api/settings/network', `127.0.0.1:${port}`)).body).toMatchObject({ remoteAccess: false });
    expect((await raw('GET', '/api/health', `localhost:${port}`)).status).toBe(200);
  });

  test('the QR code route draws only the server\'s own URLs', async () => {
    expect((await call(server, 'GET', '/api/server/lan/qr')).body).toEqual({ code: 'bad_request', message: 'url: is required' });
    const other = await call(server, 'GET', `/api/server/lan/qr?url=${encodeURIComponent('http://example.com/')}`);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ code: 'not_found', message: 'LAN URL http://example.com/ not found' });
  });

  test('settings are for the admin; the LAN URLs for every profile', async () => {
    // the first admin acts while nobody needs to sign in: it signs this client in, then adds a kid
    const admin = await fetch(`${server.url}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profileId: 1 }) });
    const adminCookie = admin.headers.get('set-cookie')!.split(';')[0]!;
    const kid = await call(server, 'POST', '/api/profiles', { cookie: adminCookie, body: { name: 'Mia', role: 'kid' } });
    expect(kid.status).toBe(201);
    const signedIn = await fetch(`${server.url}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profileId: kid.body.id }) });
    const kidCookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await call(server, 'GET', '/api/settings/network', { cookie: kidCookie })).status).toBe(403);
    expect((await call(server, 'PUT', '/api/settings/network', { cookie: kidCookie, body: { remoteAccess: true } })).status).toBe(403);
    expect((await call(server, 'GET', '/api/server/lan', { cookie: kidCookie })).status).toBe(200);
    expect((await call(server, 'GET', '/api/server/lan')).status).toBe(401);
    expect((await call(server, 'GET', '/api/settings/network', { cookie: adminCookie })).body.remoteAccess).toBe(false);
  });
});

// every IPv4 address of this machine but loopback: what a server on 0.0.0.0 is reached on
const ipv4 = Object.entries(networkInterfaces()).flatMap(([name, infos]) => (infos ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => ({ name, address: i.address })));

describeNeeding('LAN address', ipv4.length === 0 ? 'this machine has no IPv4 address but loopback' : null, 'the LAN URLs of a server listening on every interface', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { host: '0.0.0.0' } });
  }, 60_000);
  afterAll(() => server?.close());

  test('one URL per IPv4 address of the machine, each with a QR code; narrowed to the chosen interfaces', async () => {
    const port = Number(new URL(server.url).port);
    const lan = (await call(server, 'GET', '/api/server/lan')).body as ServerLanDto;
    expect(lan.reason).toBeNull();
    expect(lan.urls).toEqual(
      ipv4.map((a) => ({ url: `http://${a.address}:${port}`, interface: a.name, family: 'IPv4', qrUrl: `/api/server/lan/qr?url=${encodeURIComponent(`http://${a.address}:${port}`)}` })),
    );
    const qr = await call(server, 'GET', lan.urls[0]!.qrUrl);
    expect(qr.status).toBe(200);
    expect(qr.type).toBe('image/svg+xml; charset=utf-8');
    expect(qr.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);

    await call(server, 'PUT', '/api/settings/network', { body: { interfaces: [ipv4[0]!.name] } });
    expect(((await call(server, 'GET', '/api/server/lan')).body as ServerLanDto).urls.map((u) => u.interface)).toEqual(ipv4.filter((a) => a.name === ipv4[0]!.name).map((a) => a.name));
    await call(server, 'PUT', '/api/settings/network', { body: { interfaces: ['not-here0'] } });
    expect((await call(server, 'GET', '/api/server/lan')).body).toMatchObject({ urls: [], reason: 'none of the chosen network interfaces is connected' });
  });
});
