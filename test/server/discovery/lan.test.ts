// The LAN's pure parts: which addresses are the household's, which the server is reached on, what is
// announced where; the access check; the network settings kept in SQLite.
import { createSocket, type RemoteInfo } from 'node:dgram';
import type { NetworkInterfaceInfo } from 'node:os';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import pino from 'pino';
import { describe, expect, test, vi } from 'vitest';
import { openDatabase } from '../../../server/src/db/open.js';
import { databasesClosedAfterEach } from '../../helpers/db.js';
import { addressKind, isHouseholdAddress, unmapped } from '../../../server/src/discovery/address-kind.js';
import { discoveryListener, isDiscoveryQuestion, startDiscoveryResponder, type DiscoveryAnswer } from '../../../server/src/discovery/discovery-responder.js';
import { isLanHost, lanOnly } from '../../../server/src/discovery/lan-access.js';
import { inSubnet, interfaceChoices, isOnOwnIPv6Link, lanUrls, mdnsHost, notServedReason, servedAddresses, type InterfaceTable } from '../../../server/src/discovery/lan-addresses.js';
import { createLanService, discoveryAnswer, planAnnouncement } from '../../../server/src/discovery/lan.service.js';
import { ownAddressRecords } from '../../../server/src/discovery/mdns-announcer.js';
import { createNetworkSettings, defaultServerName, type NetworkSettings } from '../../../server/src/discovery/network-settings.js';
import { createSettingsStore } from '../../../server/src/settings/settings.store.js';

const silent = pino({ level: 'silent' });

describe('addressKind', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['172.15.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['192.168.1.20', 'private'],
    ['192.169.0.1', 'public'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::fc:ff:fe00:1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'public'],
    ['fd00::2', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['FDAB:CDEF::1', 'unique-local'],
    ['fe00::1', 'public'],
    ['8.8.8.8', 'public'],
    ['100.64.0.1', 'public'], // carrier-grade NAT is not the household
    ['203.0.113.7', 'public'],
    ['2001:db8::1', 'public'],
    ['::', 'public'],
    ['0.0.0.0', 'public'],
    // IPv4 clients of a dual-stack socket
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::FFFF:192.168.0.9', 'private'],
    ['::ffff:172.20.0.1', 'private'],
    ['::ffff:169.254.1.1', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::ffff:a00:1', 'private'], // ::ffff:10.0.0.1 in hex
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:808:808', 'public'],
    ['0:0:0:0:0:ffff:c0a8:101', 'private'], // 192.168.1.1
    ['not an address', 'invalid'],
    ['', 'invalid'],
    ['10.0.0.256', 'invalid'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  test('the household is loopback, private, link-local and unique-local', () => {
    expect(['127.0.0.1', '10.0.0.1', '169.254.0.1', 'fd00::1', 'fe80::1', '::ffff:192.168.0.2'].every(isHouseholdAddress)).toBe(true);
    expect(['8.8.8.8', '2001:db8::1', '::ffff:1.1.1.1', 'junk'].some(isHouseholdAddress)).toBe(false);
  });

  test('unmapped drops the IPv4-mapped prefix only', () => {
    expect(unmapped('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(unmapped('10.0.0.7')).toBe('10.0.0.7');
    expect(unmapped('fd00::1')).toBe('fd00::1');
    // also the hex form of a mapped address, and a scope dropped
    expect(unmapped('::ffff:a00:7')).toBe('10.0.0.7');
    expect(unmapped('fe80::1%eth0')).toBe('fe80::1');
  });
});

describe('lanOnly', () => {
  /** The middleware's answer to a request from `address` for `path`: 'next', or the status, type and body. */
  function call(address: string | undefined, path: string, remoteAccess = false, host: string | undefined = '192.168.1.10:8420', table: InterfaceTable = {}) {
    const sent: { status?: number; type?: string; body?: unknown; next?: boolean; headers: Record<string, string> } = { headers: {} };
    const res = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      set(name: string, value: string) {
        sent.headers[name] = value;
        return this;
      },
      type(type: string) {
        sent.type = type;
        return this;
      },
      json(body: unknown) {
        sent.type = 'json';
        sent.body = body;
        return this;
      },
      send(body: unknown) {
        sent.body = body;
        return this;
      },
    };
    lanOnly({ remoteAccess: () => remoteAccess, hostname: () => 'den', interfaces: () => table })(
      { socket: { remoteAddress: address }, path, headers: host === undefined ? {} : { host } } as unknown as Request,
      res as unknown as Response,
      () => (sent.next = true),
    );
    return sent;
  }

  test.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '192.168.1.4', '::ffff:10.0.0.3', 'fd12::5', 'fe80::1%2'])('%s is served', (address) => {
    expect(call(address, '/api/health').next).toBe(true);
  });

  test('a public address gets 403: JSON on the API, a sentence elsewhere', () => {
    const message = "Seed serves this household's network only, and 8.8.4.4 is outside it. An admin can turn on remote access in Settings → Network.";
    expect(call('8.8.4.4', '/api/health')).toEqual({ status: 403, type: 'json', body: { code: 'remote_access_off', message }, headers: { 'Cache-Control': 'no-store' } });
    expect(call('::ffff:8.8.4.4', '/')).toMatchObject({ status: 403, type: 'text/plain', body: message.replace('8.8.4.4', '::ffff:8.8.4.4') });
    expect(call('2001:db8::7', '/assets/app.js').status).toBe(403);
    // a socket already gone has no address: not served
    expect(call(undefined, '/api/health').status).toBe(403);
  });

  test('with remote access on, everyone is served, by any name', () => {
    expect(call('8.8.4.4', '/api/health', true).next).toBe(true);
    expect(call('8.8.4.4', '/api/health', true, 'seed.example.org').next).toBe(true);
  });

  test('DNS rebinding: a household browser sent to Seed under another site\'s name gets 403', () => {
    const message =
      'Seed answers only by its address or by its name on the LAN (den.local), not as rebind.attacker.example:8420. ' +
      'To reach it by another name (a reverse proxy, a domain), an admin can turn on remote access in Settings → Network.';
    expect(call('192.168.1.4', '/api/settings/network', false, 'rebind.attacker.example:8420')).toEqual({
      status: 403,
      type: 'json',
      body: { code: 'host_not_allowed', message },
      headers: { 'Cache-Control': 'no-store' },
    });
    // from this very machine too: a page open in a browser here may be rebound to 127.0.0.1
    expect(call('127.0.0.1', '/', false, 'rebind.attacker.example:8420')).toMatchObject({ status: 403, type: 'text/plain', body: message });
  });

  test.each([
    ['192.168.1.10:8420', true],
    ['192.168.1.10', true],
    ['[fd00::10]:8420', true],
    ['[::1]', true],
    ['localhost:8420', true],
    ['LOCALHOST', true],
    ['den:8420', true],
    ['den.local:8420', true],
    ['Den.Local.', true],
    ['den.lan', true], // the router's DNS names
    ['den.fritz.box:8420', true],
    ['den.home.arpa', true],
    ['den.lan.attacker.example', false],
    ['other.lan', false],
    [undefined, true], // HTTP/1.0: no browser
    ['den.local.attacker.example', false],
    ['attacker.example', false],
    ['192.168.1.10.attacker.example', false],
    ['localhost.attacker.example', false],
    ['[not-an-address]:80', false],
    ['fd00::10', false], // IPv6 without brackets is no Host
    ['', false],
  ])('Host %j is one of this server\'s: %s', (host, allowed) => {
    expect(isLanHost(host, 'den')).toBe(allowed);
  });

  test("the machine's full name and its mDNS name are both accepted", () => {
    expect(isLanHost('den.example.org', 'den.example.org')).toBe(true);
    expect(isLanHost('den.example.org.local:80', 'den.example.org')).toBe(true);
    expect(isLanHost('den.local', 'den.example.org')).toBe(true);
    expect(isLanHost('My-PC.local', 'My_PC')).toBe(true);
    expect(isLanHost('my_pc.local', 'My_PC')).toBe(true);
  });

  test('a global IPv6 client on the /64 of one of the machine\'s own addresses is served; another /64 is not', () => {
    const table: InterfaceTable = { eth0: [iface('2001:db8:1:2::10', 'ffff:ffff:ffff:ffff::', { cidr: '2001:db8:1:2::10/64' })] };
    expect(call('2001:db8:1:2::77', '/api/health', false, '[2001:db8:1:2::10]:8420', table).next).toBe(true);
    expect(call('2001:db8:1:3::77', '/api/health', false, '[2001:db8:1:2::10]:8420', table).status).toBe(403);
  });
});

describe('isOnOwnIPv6Link', () => {
  const table: InterfaceTable = {
    lo: [iface('::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', { internal: true, cidr: '::1/128' })],
    eth0: [iface('192.168.1.10', '255.255.255.0', { cidr: '192.168.1.10/24' }), iface('2001:db8:1:2::10', 'ffff:ffff:ffff:ffff::', { cidr: '2001:db8:1:2::10/64' })],
    wg0: [iface('2001:db8:ff00::1', 'ffff:ffff:ff00::', { cidr: '2001:db8:ff00::1/40' })],
    tun0: [iface('2001:db8:aa:bb:cc::1', 'ffff:ffff:ffff:ffff:ffff:fff0::', { cidr: '2001:db8:aa:bb:cc::1/76' })],
  };
  test.each([
    ['2001:db8:1:2::77', true],
    ['2001:DB8:1:2:aaaa:bbbb:cccc:dddd', true],
    ['2001:db8:1:3::77', false],
    ['2001:db8:ff00::2', false], // a /40 is no single link
    ['2001:db8:aa:bb:c5::9', true], // /76: the first 12 bits of the fifth group
    ['2001:db8:aa:bb:d0::9', false],
    ['8.8.8.8', false],
    ['::ffff:8.8.8.8', false],
    ['fd00::1', false], // already the household by its kind
    ['junk', false],
  ])('%s: %s', (address, expected) => {
    expect(isOnOwnIPv6Link(address, table)).toBe(expected);
  });
});

const iface = (address: string, netmask: string, extra: Partial<NetworkInterfaceInfo> = {}): NetworkInterfaceInfo =>
  ({ address, netmask, family: address.includes(':') ? 'IPv6' : 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: null, ...(address.includes(':') ? { scopeid: 0 } : {}), ...extra }) as NetworkInterfaceInfo;

const TABLE: InterfaceTable = {
  lo: [iface('127.0.0.1', '255.0.0.0', { internal: true }), iface('::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', { internal: true })],
  eth0: [iface('192.168.1.10', '255.255.255.0'), iface('fd00::10', 'ffff:ffff:ffff:ffff::'), iface('fe80::10', 'ffff:ffff:ffff:ffff::')],
  wg0: [iface('10.8.0.1', '255.255.255.0')],
  v6only: [iface('fd99::1', 'ffff:ffff:ffff:ffff::')],
};

describe('the addresses Seed is reached on', () => {
  test('listening on 0.0.0.0: every IPv4 address; on ::, every address; on one address, that one', () => {
    expect(servedAddresses(TABLE, '0.0.0.0', null).map((a) => a.address)).toEqual(['192.168.1.10', '10.8.0.1']);
    expect(servedAddresses(TABLE, '::', null).map((a) => a.address)).toEqual(['192.168.1.10', 'fd00::10', 'fe80::10', '10.8.0.1', 'fd99::1']);
    expect(servedAddresses(TABLE, '192.168.1.10', null).map((a) => a.interface)).toEqual(['eth0']);
    expect(servedAddresses(TABLE, 'fd00:0:0:0::10', null).map((a) => a.address)).toEqual(['fd00::10']);
    expect(servedAddresses(TABLE, '127.0.0.1', null)).toEqual([]);
    expect(servedAddresses(TABLE, '0.0.0.0', ['eth0']).map((a) => a.address)).toEqual(['192.168.1.10']);
  });

  test('one URL per address, IPv4 first, IPv6 in brackets, no link-local IPv6', () => {
    expect(lanUrls(TABLE, '::', 8420).map((u) => u.url)).toEqual(['http://192.168.1.10:8420', 'http://10.8.0.1:8420', 'http://[fd00::10]:8420', 'http://[fd99::1]:8420']);
    expect(lanUrls(TABLE, '0.0.0.0', 9000, ['wg0'])).toEqual([{ url: 'http://10.8.0.1:9000', interface: 'wg0', family: 'IPv4', address: '10.8.0.1' }]);
  });

  test('why nothing is served, in words', () => {
    expect(notServedReason(TABLE, '0.0.0.0', null)).toBeNull();
    expect(notServedReason(TABLE, '127.0.0.1', null)).toBe('Seed listens on 127.0.0.1 only, so other devices cannot reach it; start it with --host 0.0.0.0');
    expect(notServedReason(TABLE, '0.0.0.0', ['wlan0'])).toBe('none of the chosen network interfaces is connected');
    expect(notServedReason(TABLE, '0.0.0.0', [])).toBe('no network interface is chosen');
    expect(notServedReason({ lo: TABLE['lo'] }, '0.0.0.0', null)).toBe('this machine has no network address other devices can reach');
  });

  test('the interfaces to choose from leave loopback out', () => {
    expect(interfaceChoices(TABLE)).toEqual([
      { name: 'eth0', addresses: ['192.168.1.10', 'fd00::10', 'fe80::10'] },
      { name: 'wg0', addresses: ['10.8.0.1'] },
      { name: 'v6only', addresses: ['fd99::1'] },
    ]);
  });

  test('inSubnet', () => {
    expect(inSubnet('192.168.1.10', '192.168.1.200', '255.255.255.0')).toBe(true);
    expect(inSubnet('192.168.1.10', '192.168.2.1', '255.255.255.0')).toBe(false);
    expect(inSubnet('10.8.0.1', '10.200.0.1', '255.0.0.0')).toBe(true);
    expect(inSubnet('200.1.1.1', '200.1.1.6', '255.255.255.248')).toBe(true);
    expect(inSubnet('200.1.1.1', '200.1.1.9', '255.255.255.248')).toBe(false);
    expect(inSubnet('fd00::1', 'fd00::2', 'ffff::')).toBe(false);
  });
});

describe('planAnnouncement', () => {
  const settings: NetworkSettings = { name: 'Den Seed', announce: true, interfaces: null, remoteAccess: false };
  const txt = { id: 'x', name: 'Den Seed', version: '1.0.0', api: '/api', auth: 'false' };
  const plan = (over: Partial<Parameters<typeof planAnnouncement>[0]> = {}) =>
    planAnnouncement({ table: TABLE, settings, listening: { port: 8420, host: '::' }, discovery: true, hostname: 'den.example.org', txt, ...over });

  test('one mDNS socket per interface with an IPv4 address, each giving its own addresses', () => {
    expect(plan()).toEqual({
      reason: null,
      announcement: {
        name: 'Den Seed',
        port: 8420,
        host: 'den.local',
        txt,
        interfaces: [
          { name: 'eth0', ipv4: '192.168.1.10', addresses: ['192.168.1.10', 'fd00::10', 'fe80::10'] },
          { name: 'wg0', ipv4: '10.8.0.1', addresses: ['10.8.0.1'] },
        ],
      },
    });
    expect(plan({ listening: { port: 8420, host: '0.0.0.0' }, settings: { ...settings, interfaces: ['eth0'] } }).announcement?.interfaces).toEqual([{ name: 'eth0', ipv4: '192.168.1.10', addresses: ['192.168.1.10'] }]);
  });

  test.each([
    [{ discovery: false }, 'discovery was turned off when Seed started (--no-discovery or SEED_DISCOVERY=false)'],
    [{ settings: { ...settings, announce: false } }, 'announcing is turned off'],
    [{ listening: null }, 'the server is not listening yet'],
    [{ listening: { port: 1, host: '127.0.0.1' } }, 'Seed listens on 127.0.0.1 only, so other devices cannot reach it; start it with --host 0.0.0.0'],
    [{ settings: { ...settings, interfaces: ['v6only'] } }, 'mDNS needs an IPv4 address on a chosen interface, and none has one'],
  ])('nothing announced: %j', (over, reason) => {
    expect(plan(over)).toEqual({ announcement: null, reason });
  });

  test('the mDNS host name is one DNS label', () => {
    expect(mdnsHost('den')).toBe('den.local');
    expect(mdnsHost('den.example.org')).toBe('den.local');
    expect(mdnsHost('My_PC')).toBe('My-PC.local');
    expect(mdnsHost('___')).toBe('seed.local');
  });
});

describe('ownAddressRecords', () => {
  const host = 'den.local';
  const records = [
    { name: '_seed._tcp.local', type: 'PTR', ttl: 28800, data: 'Den._seed._tcp.local' },
    { name: 'Den._seed._tcp.local', type: 'SRV', ttl: 120, data: { port: 8420, target: host } },
    { name: host, type: 'A', ttl: 120, data: '192.168.1.10' },
    { name: host, type: 'A', ttl: 120, data: '10.8.0.1' },
    { name: host, type: 'AAAA', ttl: 120, data: 'fd00::10' },
  ];

  test("an interface's socket gives only its own addresses, with the records' TTL", () => {
    expect(ownAddressRecords(records, host, ['10.8.0.1'])).toEqual({ answers: [records[0], records[1], { name: host, type: 'A', ttl: 120, data: '10.8.0.1' }] });
    expect(ownAddressRecords({ answers: [records[0]!], additionals: records.slice(1) }, host, ['192.168.1.10', 'fd00::10']).additionals).toEqual([
      records[1],
      { name: host, type: 'A', ttl: 120, data: '192.168.1.10' },
      { name: host, type: 'AAAA', ttl: 120, data: 'fd00::10' },
    ]);
    // a goodbye keeps its TTL of 0
    const goodbye = records.map((r) => ({ ...r, ttl: 0 }));
    expect(ownAddressRecords(goodbye, host, ['10.8.0.1']).answers!.at(-1)).toEqual({ name: host, type: 'A', ttl: 0, data: '10.8.0.1' });
  });

  test("another host's records are left alone", () => {
    const other = [{ name: 'printer.local', type: 'A', ttl: 120, data: '192.168.1.50' }];
    expect(ownAddressRecords(other, host, ['10.8.0.1'])).toEqual({ answers: other });
  });
});

test.each([
  ['who is Seed?', true],
  ['WHO IS SEED?', true],
  ['  who is Seed?\n', true],
  ['who is Seed?\0', true],
  ['who is Jellyfin?', false],
  ['who is Seed', false],
  ['', false],
])('isDiscoveryQuestion(%j) is %s', (text, expected) => {
  expect(isDiscoveryQuestion(Buffer.from(text))).toBe(expected);
});

/** A logger whose lines the test reads. */
function capturingLog() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(JSON.parse(chunk.toString())), done()) }));
  return { log, lines };
}

describe('the UDP discovery listener', () => {
  const answer: DiscoveryAnswer = { id: 'x', name: 'Den Seed', url: 'http://192.168.1.10:8420', version: '1.0.0', api: '/api' };
  const sender = (port: number): RemoteInfo => ({ address: '192.168.1.20', family: 'IPv4', port, size: 12 });
  const question = Buffer.from('who is Seed?');

  test('a question from port 0 is not answered, and nothing throws (dgram would throw ERR_SOCKET_BAD_PORT)', async () => {
    // a real socket: its send() throws at once for port 0, inside the 'message' handler, which would stop the server
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const send = vi.fn((text: string, port: number, address: string, done: (err: Error | null) => void) => socket.send(text, port, address, done));
    const { log, lines } = capturingLog();
    try {
      expect(() => discoveryListener({ answerFor: () => answer, send, log })(question, sender(0))).not.toThrow();
      expect(send).not.toHaveBeenCalled();
      expect(lines.at(-1)?.msg).toBe('discovery question from port 0 not answered');
    } finally {
      socket.close();
    }
  });

  test('a send that throws (the socket closed meanwhile) is a warning, not a crash', () => {
    const socket = createSocket('udp4');
    socket.close();
    const { log, lines } = capturingLog();
    const listener = discoveryListener({ answerFor: () => answer, send: (text, port, address, done) => socket.send(text, port, address, done), log });
    expect(() => listener(question, sender(5353))).not.toThrow();
    expect(lines.at(-1)).toMatchObject({ level: 40, msg: 'discovery answer not sent', err: { message: expect.stringMatching(/not running/i) } });
  });

  test('a question is answered to its sender; anything else is not', () => {
    const sent: [string, number, string][] = [];
    const listener = discoveryListener({ answerFor: () => answer, send: (text, port, address) => void sent.push([text, port, address]), log: silent });
    listener(Buffer.from('who is Jellyfin?'), sender(40000));
    listener(question, sender(40000));
    expect(sent).toEqual([[JSON.stringify(answer), 40000, '192.168.1.20']]);
  });
});

describe('discoveryAnswer', () => {
  const settings: NetworkSettings = { name: 'Den Seed', announce: true, interfaces: null, remoteAccess: false };
  const answer = (sender: string, over: Partial<NetworkSettings> = {}) =>
    discoveryAnswer({ sender, table: TABLE, listening: { port: 8420, host: '0.0.0.0' }, settings: { ...settings, ...over }, serverId: 'x', version: '1.0.0' })?.url ?? null;

  test('the URL on the asker\'s own subnet', () => {
    expect(answer('192.168.1.20')).toBe('http://192.168.1.10:8420');
    expect(answer('10.8.0.7')).toBe('http://10.8.0.1:8420');
  });

  test('never outside the household, remote access or not: the answer would reflect traffic and give the LAN URL away', () => {
    expect(answer('203.0.113.9')).toBeNull();
    expect(answer('203.0.113.9', { remoteAccess: true })).toBeNull();
  });

  test('a household sender on no subnet of Seed\'s gets no URL to guess at; only this machine gets the first address', () => {
    expect(answer('172.16.5.5')).toBeNull();
    expect(answer('127.0.0.1')).toBe('http://192.168.1.10:8420');
    expect(answer('127.0.0.1', { interfaces: ['wg0'] })).toBe('http://10.8.0.1:8420');
  });
});

test('a failed refresh at a poll is a warning, not an unhandled rejection', async () => {
  const db = openDatabase(':memory:');
  const { log, lines } = capturingLog();
  let tick = () => {};
  let broken = false;
  const lan = createLanService({
    settings: createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent }),
    version: '1.0.0',
    signInNeeded: () => false,
    networkInterfaces: () => {
      if (broken) throw new Error('getifaddrs failed');
      return TABLE;
    },
    hostname: 'den',
    discovery: false,
    every: (_ms, run) => {
      tick = run;
      return () => {};
    },
    log,
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await lan.start({ port: 8420, host: '0.0.0.0' });
    broken = true;
    tick();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    expect(lines.find((l) => l.level === 40)).toMatchObject({ msg: 'LAN refresh failed; trying again at the next poll', err: { message: 'getifaddrs failed' } });
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await lan.stop();
    db.close();
  }
});

describe('the network settings', () => {
  const open = databasesClosedAfterEach();

  test('defaults: named after the machine, announced on every interface, the household only', () => {
    const settings = createNetworkSettings(createSettingsStore(open()), { hostname: 'den.example.org', log: silent });
    expect(settings.get()).toEqual({ name: 'den Seed', announce: true, interfaces: null, remoteAccess: false });
    expect(defaultServerName('')).toBe('Home Seed');
  });

  test('the server id is made once and kept', () => {
    const db = open();
    const ids = ['6f1c2b1e-0b7a-4a57-9b1e-2f7f5c1d9a01', '00000000-0000-4000-8000-000000000000'];
    const first = createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent, randomId: () => ids.shift()! });
    const again = createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent, randomId: () => ids.shift()! });
    expect(first.serverId()).toBe('6f1c2b1e-0b7a-4a57-9b1e-2f7f5c1d9a01');
    expect(again.serverId()).toBe('6f1c2b1e-0b7a-4a57-9b1e-2f7f5c1d9a01');
    // one edited into something else is replaced
    db.prepare(`UPDATE settings SET value = 'mine' WHERE key = 'server.id'`).run();
    expect(createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent, randomId: () => ids.shift()! }).serverId()).toBe('00000000-0000-4000-8000-000000000000');
  });

  test('an update is kept across reopening; a null name is the default again', () => {
    const db = open();
    const settings = createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent });
    settings.update({ name: '  Living room ', interfaces: ['eth0'], remoteAccess: true });
    settings.update({ announce: false });
    expect(createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent }).get()).toEqual({ name: 'Living room', announce: false, interfaces: ['eth0'], remoteAccess: true });
    expect(settings.remoteAccess()).toBe(true);
    expect(settings.customName()).toBe('Living room');
    expect(settings.update({ name: null, interfaces: null }).name).toBe('den Seed');
    expect(settings.customName()).toBeNull();
  });

  test.each([
    [{}, 'settings: give at least one of name, announce, interfaces, remoteAccess'],
    [{ name: '' }, 'name: must not be empty'],
    [{ name: '   ' }, 'name: must not be empty'],
    [{ name: 'x'.repeat(64) }, 'name: must be at most 63 bytes'],
    [{ name: 'é'.repeat(32) }, 'name: must be at most 63 bytes'],
    [{ name: 'a\nb' }, 'name: must not contain control characters'],
    [{ name: 'Den\\' }, 'name: must not contain a backslash (\\)'],
    [{ name: 7 }, 'name: must be a string, or null for the default'],
    [{ announce: 'yes' }, 'announce: must be true or false'],
    [{ remoteAccess: 1 }, 'remoteAccess: must be true or false'],
    [{ interfaces: 'eth0' }, 'interfaces: must be a list of interface names, or null for all'],
    [{ interfaces: ['eth0', 'eth0'] }, 'interfaces: names an interface twice'],
    [{ interfaces: [''] }, 'interfaces.0: must not be empty'],
    [{ port: 1 }, 'settings: Unrecognized key: "port"'],
  ])('%j is refused: %s', (change, message) => {
    const settings = createNetworkSettings(createSettingsStore(open()), { hostname: 'den', log: silent });
    expect(() => settings.update(change as never)).toThrow(message);
    expect(settings.get().name).toBe('den Seed');
  });

  test('a stored value that does not read falls back to its default', () => {
    const db = open();
    createSettingsStore(db).setMany([
      ['network.announce', '"maybe"'],
      ['network.interfaces', '{'],
      ['network.remoteAccess', 'true'],
    ]);
    expect(createNetworkSettings(createSettingsStore(db), { hostname: 'den', log: silent }).get()).toEqual({ name: 'den Seed', announce: true, interfaces: null, remoteAccess: true });
  });
});

describe('the UDP responder', () => {
  test('says which port it holds: none when the port is taken (the settings page then shows no UDP answer)', async () => {
    // loopback only: nothing is sent, and nothing leaves the machine
    const blocker = createSocket('udp4');
    await new Promise<void>((resolve) => blocker.bind(0, '127.0.0.1', resolve));
    const taken = blocker.address().port;
    try {
      const refused = await startDiscoveryResponder({ port: taken, address: '127.0.0.1', answerFor: () => null, log: silent });
      expect(refused.port).toBeNull();
      await refused.close();
    } finally {
      blocker.close();
    }
    const free = await startDiscoveryResponder({ port: taken, address: '127.0.0.1', answerFor: () => null, log: silent });
    expect(free.port).toBe(taken);
    await free.close();
  });
});
