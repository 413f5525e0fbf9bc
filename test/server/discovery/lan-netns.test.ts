// Seed on a LAN of its own: `seed serve` runs in one network namespace, a household device in a
// second one joined by a veth pair. The device finds Seed over mDNS with python3-zeroconf (not Seed's
// code), asks "who is Seed?" by UDP broadcast, and reaches it over HTTP from a private address and
// from a public one. Multicast and broadcast stay inside the two namespaces.
import { type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { NetworkSettingsDto } from '../../../server/src/http/api-types.js';
import { DISCOVERY_PORT } from '../../../server/src/discovery/discovery-responder.js';
import { CLIENT_ADDRESS, createNetnsPair, describeNetns, jsonLines, LAN_CLIENT, PYTHON, SERVER_ADDRESS, type NetnsPair } from '../../helpers/netns.js';
import { repoRoot } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/server.js';

const SEED = '_seed._tcp.local.';
const HTTP = '_http._tcp.local.';
// TEST-NET-3 (RFC 5737): a public address that routes nowhere outside these namespaces
const OUTSIDE_SERVER = '203.0.113.1';
const OUTSIDE_CLIENT = '203.0.113.2';

interface ServiceInfo {
  name: string;
  port: number;
  server: string;
  addresses: string[];
  properties: Record<string, string | null>;
}
interface BrowseEvent {
  event: 'ready' | 'Added' | 'Updated' | 'Removed';
  type?: string;
  name?: string;
  info?: ServiceInfo | null;
}
interface HttpAnswer {
  status: number;
  type: string | null;
  body: string;
}

describeNetns('Seed on the LAN (two network namespaces)', () => {
  let net: NetnsPair | undefined;
  let seed: ChildProcess | undefined;
  let browser: ChildProcess | undefined;
  let events: ReturnType<typeof jsonLines>;
  let dataDir = '';
  let port = 0;

  const http = async (method: string, path: string, opts: { from?: string; to?: string; body?: unknown } = {}): Promise<HttpAnswer> =>
    (await net!.device('http', method, `http://${opts.to ?? SERVER_ADDRESS}:${port}${path}`, opts.from ?? CLIENT_ADDRESS, ...(opts.body === undefined ? [] : [JSON.stringify(opts.body)]))) as HttpAnswer;
  const putNetwork = async (body: unknown): Promise<NetworkSettingsDto> => {
    const res = await http('PUT', '/api/settings/network', { body });
    expect(res.status, res.body).toBe(200);
    return JSON.parse(res.body) as NetworkSettingsDto;
  };
  const ask = (address: string, text = 'who is Seed?') => net!.device('ask', address, String(DISCOVERY_PORT), text) as Promise<{ from: string; answer: Record<string, string> } | null>;

  beforeAll(async () => {
    net = await createNetnsPair();
    dataDir = await tempDir('seed-lan-');
    // the real entry point, from source: nothing of the server is stubbed
    seed = net.spawn(net.server, [process.execPath, '--import', 'tsx', join(repoRoot, 'server/src/cli.ts'), 'serve', '--data', dataDir, '--port', '0', '--host', '0.0.0.0', '--log-level', 'info']);
    let output = '';
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`seed serve did not start: ${output}`)), 40_000);
      seed!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Seed is running at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      seed!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      seed!.once('exit', (code) => reject(new Error(`seed serve exited (${code}): ${output}`)));
    });
    browser = net.spawn(net.client, [PYTHON, LAN_CLIENT, 'browse', SEED, HTTP]);
    events = jsonLines(browser);
    await events.waitFor<BrowseEvent>('the browser to start', (e) => e.event === 'ready');
  }, 60_000);

  afterAll(async () => {
    browser?.stdin?.end();
    browser?.kill();
    if (seed && seed.exitCode === null) seed.kill('SIGKILL');
    await net?.remove();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('found over mDNS as _seed._tcp and _http._tcp, with the TXT keys id, name, version, api and auth', async () => {
    const settings = JSON.parse((await http('GET', '/api/settings/network')).body) as NetworkSettingsDto;
    expect(settings.discovery).toEqual({ announcing: true, interfaces: ['seed0'], reason: null, udpPort: DISCOVERY_PORT });
    for (const type of [SEED, HTTP]) {
      const found = await events.waitFor<BrowseEvent>(`${type} to be found`, (e) => e.event === 'Added' && e.type === type);
      expect(found.name).toBe(`${settings.name}.${type}`);
      expect(found.info).toMatchObject({ port, addresses: [SERVER_ADDRESS] });
      expect(found.info!.server).toMatch(/\.local\.$/);
      expect(found.info!.properties).toEqual({ id: settings.id, name: settings.name, version: expect.stringMatching(/^\d+\.\d+\.\d+/), api: '/api', auth: 'false' });
    }
    expect(settings.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('a UDP broadcast "who is Seed?" is answered with the id, name and the URL on the asker\'s network', async () => {
    const settings = JSON.parse((await http('GET', '/api/settings/network')).body) as NetworkSettingsDto;
    const reply = await ask('10.77.0.255');
    expect(reply).toEqual({ from: SERVER_ADDRESS, answer: { id: settings.id, name: settings.name, url: `http://${SERVER_ADDRESS}:${port}`, version: expect.any(String), api: '/api' } });
    // another question is not answered
    expect(await ask('10.77.0.255', 'who is Jellyfin?')).toBeNull();
  });

  test('a client outside the private ranges gets 403 until remote access is turned on', async () => {
    await net!.exec(net!.server, ['ip', 'addr', 'add', `${OUTSIDE_SERVER}/24`, 'dev', 'seed0']);
    await net!.exec(net!.client, ['ip', 'addr', 'add', `${OUTSIDE_CLIENT}/24`, 'dev', 'peer0']);
    const api = await http('GET', '/api/health', { from: OUTSIDE_CLIENT, to: OUTSIDE_SERVER });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toEqual({
      code: 'remote_access_off',
      message: `Seed serves this household's network only, and ${OUTSIDE_CLIENT} is outside it. An admin can turn on remote access in Settings → Network.`,
    });
    const page = await http('GET', '/', { from: OUTSIDE_CLIENT, to: OUTSIDE_SERVER });
    expect(page.status).toBe(403);
    expect(page.type).toMatch(/^text\/plain/);
    // nor is a "who is Seed?" from there answered
    expect(await ask(OUTSIDE_SERVER)).toBeNull();
    // the same server from the private side
    expect((await http('GET', '/api/health', { to: OUTSIDE_SERVER })).status).toBe(200);

    expect((await putNetwork({ remoteAccess: true })).remoteAccess).toBe(true);
    expect((await http('GET', '/api/health', { from: OUTSIDE_CLIENT, to: OUTSIDE_SERVER })).status).toBe(200);
    await putNetwork({ remoteAccess: false });
    expect((await http('GET', '/api/health', { from: OUTSIDE_CLIENT, to: OUTSIDE_SERVER })).status).toBe(403);
  });

  test('a new address of the machine is announced at the next look at the interfaces', async () => {
    const settings = JSON.parse((await http('GET', '/api/settings/network')).body) as NetworkSettingsDto;
    await net!.exec(net!.server, ['ip', 'addr', 'add', '10.77.1.1/24', 'dev', 'seed0']);
    // the interfaces are looked at every 10 s; a resolve with an empty cache asks Seed afresh
    const deadline = Date.now() + 25_000;
    let info: ServiceInfo | null = null;
    while (Date.now() < deadline) {
      info = (await net!.device('resolve', SEED, `${settings.name}.${SEED}`)) as ServiceInfo | null;
      if (info?.addresses.includes('10.77.1.1')) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(info?.addresses.sort()).toEqual([SERVER_ADDRESS, '10.77.1.1', OUTSIDE_SERVER].sort());
  }, 40_000);

  test('a new name is announced at once (a goodbye for the old); switched off, Seed is neither announced nor answers', async () => {
    const before = JSON.parse((await http('GET', '/api/settings/network')).body) as NetworkSettingsDto;
    const from = events.lines.length;
    await putNetwork({ name: 'Living room' });
    await events.waitFor<BrowseEvent>('the old name to go', (e) => e.event === 'Removed' && e.name === `${before.name}.${SEED}`, { from });
    const renamed = await events.waitFor<BrowseEvent>('the new name', (e) => e.event === 'Added' && e.name === `Living room.${SEED}`, { from });
    expect(renamed.info?.properties['name']).toBe('Living room');

    const off = events.lines.length;
    const saved = await putNetwork({ announce: false });
    expect(saved.discovery).toEqual({ announcing: false, interfaces: [], reason: 'announcing is turned off', udpPort: null });
    await events.waitFor<BrowseEvent>('the goodbye', (e) => e.event === 'Removed' && e.name === `Living room.${HTTP}`, { from: off });
    expect(await ask('10.77.0.255')).toBeNull();

    // on again, on the one interface chosen
    const on = events.lines.length;
    expect((await putNetwork({ announce: true, interfaces: ['seed0'] })).discovery.interfaces).toEqual(['seed0']);
    await events.waitFor<BrowseEvent>('the announcement again', (e) => e.event === 'Added' && e.name === `Living room.${SEED}`, { from: on });
    expect((await ask('10.77.0.255'))?.answer['name']).toBe('Living room');
    // an interface that is not there: nothing to announce on
    const gone = events.lines.length;
    expect((await putNetwork({ interfaces: ['wlan9'] })).discovery).toMatchObject({ announcing: false, reason: 'none of the chosen network interfaces is connected' });
    await events.waitFor<BrowseEvent>('the goodbye', (e) => e.event === 'Removed' && e.name === `Living room.${SEED}`, { from: gone });
    const back = events.lines.length;
    await putNetwork({ interfaces: null });
    for (const type of [SEED, HTTP]) await events.waitFor<BrowseEvent>(`${type} again`, (e) => e.event === 'Added' && e.name === `Living room.${type}`, { from: back });
  }, 60_000);

  test('stopping the server says goodbye: the device forgets it at once, not when the records expire', async () => {
    const from = events.lines.length;
    const exited = new Promise<number | null>((resolve) => seed!.once('exit', resolve));
    seed!.kill('SIGTERM');
    expect(await exited).toBe(0);
    // the records live 120 s and more: only a goodbye removes them this soon
    for (const type of [SEED, HTTP]) await events.waitFor<BrowseEvent>(`${type} to go`, (e) => e.event === 'Removed' && e.type === type, { from, timeoutMs: 5000 });
  });
});
