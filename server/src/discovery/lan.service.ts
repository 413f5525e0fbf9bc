// Seed on the LAN: what it announces (mDNS), the answer to "who is Seed?" (UDP), the URLs for
// phones, the admin's network settings. Starts once the HTTP server listens; follows changes of
// the settings at once and of the machine's addresses at the next poll.
import type { RemoteInfo } from 'node:dgram';
import type { Logger } from '../log.js';
import { addressKind } from './address-kind.js';
import { DISCOVERY_PORT, startDiscoveryResponder, type DiscoveryAnswer, type DiscoveryResponder } from './discovery-responder.js';
import { inSubnet, isHouseholdClient, lanUrls, mdnsHost, notServedReason, servedAddresses, urlOf, type InterfaceTable, type LanUrl } from './lan-addresses.js';
import { createMdnsAnnouncer, type Announcement, type InterfaceAnnouncement } from './mdns-announcer.js';
import type { NetworkSettings, NetworkSettingsChange, NetworkSettingsService } from './network-settings.js';

const API_PATH = '/api';
/** How often the machine's addresses are looked at (a laptop moving to another Wi-Fi, a DHCP renewal). */
const INTERFACE_POLL_MS = 10_000;

export interface Listening {
  port: number;
  host: string;
}

/**
 * What to announce, or why nothing is. Pure. mDNS runs over IPv4 here (multicast-dns), so an
 * interface needs an IPv4 address to be announced on; its IPv6 addresses go in the AAAA records.
 */
export function planAnnouncement(input: {
  table: InterfaceTable;
  settings: NetworkSettings;
  listening: Listening | null;
  discovery: boolean;
  hostname: string;
  txt: Record<string, string>;
}): { announcement: Announcement; reason: null } | { announcement: null; reason: string } {
  const { table, settings, listening } = input;
  if (!input.discovery) return { announcement: null, reason: 'discovery was turned off when Seed started (--no-discovery or SEED_DISCOVERY=false)' };
  if (!settings.announce) return { announcement: null, reason: 'announcing is turned off' };
  if (!listening) return { announcement: null, reason: 'the server is not listening yet' };
  const notServed = notServedReason(table, listening.host, settings.interfaces);
  if (notServed) return { announcement: null, reason: notServed };
  const byInterface = new Map<string, InterfaceAnnouncement>();
  const served = servedAddresses(table, listening.host, settings.interfaces);
  for (const a of served) {
    const entry = byInterface.get(a.interface) ?? { name: a.interface, ipv4: '', addresses: [] };
    if (a.family === 'IPv4' && entry.ipv4 === '') entry.ipv4 = a.address;
    entry.addresses.push(a.address);
    byInterface.set(a.interface, entry);
  }
  const interfaces = [...byInterface.values()].filter((i) => i.ipv4 !== '');
  if (interfaces.length === 0) return { announcement: null, reason: 'mDNS needs an IPv4 address on a chosen interface, and none has one' };
  return { announcement: { name: settings.name, port: listening.port, host: mdnsHost(input.hostname), txt: input.txt, interfaces }, reason: null };
}

/**
 * The answer to a "who is Seed?" from `sender`, or null. Pure. Only the household is answered,
 * whatever remote access says: remote access opens the HTTP server, but a UDP answer to anyone would
 * reflect traffic at a spoofed sender and give the LAN's URL away. The URL is the address on the
 * sender's own subnet; only a question from this machine itself gets the first address otherwise.
 */
export function discoveryAnswer(input: {
  sender: string;
  table: InterfaceTable;
  listening: Listening | null;
  settings: NetworkSettings;
  serverId: string;
  version: string;
}): DiscoveryAnswer | null {
  const { sender, table, listening, settings } = input;
  if (!listening || !isHouseholdClient(sender, () => table)) return null;
  const served = servedAddresses(table, listening.host, settings.interfaces).filter((a) => a.family === 'IPv4');
  const near = served.find((a) => inSubnet(a.address, sender, a.netmask)) ?? (addressKind(sender) === 'loopback' ? served[0] : undefined);
  if (!near) return null;
  return { id: input.serverId, name: settings.name, url: urlOf(near.address, listening.port), version: input.version, api: API_PATH };
}

export interface DiscoveryStatus {
  announcing: boolean;
  /** the interfaces announced on */
  interfaces: string[];
  /** why nothing is announced; null while announcing */
  reason: string | null;
  /** the UDP port answering "who is Seed?", null while it does not */
  udpPort: number | null;
}

export type LanService = ReturnType<typeof createLanService>;

export function createLanService(deps: {
  settings: NetworkSettingsService;
  version: string;
  /** whether a device must pick a profile first (the TXT key `auth`) */
  signInNeeded: () => boolean;
  networkInterfaces: () => InterfaceTable;
  hostname: string;
  /** false (seed serve --no-discovery): nothing is announced nor answered, whatever the settings say */
  discovery: boolean;
  discoveryPort?: number;
  /** runs `tick` every `ms` until the returned stop is called */
  every?: (ms: number, tick: () => void) => () => void;
  pollMs?: number;
  log: Logger;
}) {
  const log = deps.log;
  const every = deps.every ?? ((ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  });
  const udpPort = deps.discoveryPort ?? DISCOVERY_PORT;
  const announcer = createMdnsAnnouncer({ log });
  let listening: Listening | null = null;
  let responder: Promise<DiscoveryResponder> | null = null;
  let stopPolling: (() => void) | null = null;
  let status: DiscoveryStatus = { announcing: false, interfaces: [], reason: 'the server is not listening yet', udpPort: null };
  let stopped = false;

  const txt = (): Record<string, string> => ({
    id: deps.settings.serverId(),
    name: deps.settings.get().name,
    version: deps.version,
    api: API_PATH,
    auth: String(deps.signInNeeded()),
  });

  function answerFor(sender: RemoteInfo): DiscoveryAnswer | null {
    return discoveryAnswer({ sender: sender.address, table: deps.networkInterfaces(), listening, settings: deps.settings.get(), serverId: deps.settings.serverId(), version: deps.version });
  }

  /** Brings the announcement and the UDP answer in line with the settings and the addresses now. */
  async function refresh(): Promise<void> {
    if (stopped) return;
    const settings = deps.settings.get();
    const plan = planAnnouncement({ table: deps.networkInterfaces(), settings, listening, discovery: deps.discovery, hostname: deps.hostname, txt: txt() });
    await announcer.announce(plan.announcement);
    if (stopped) return;
    const answering = deps.discovery && settings.announce && listening !== null;
    if (answering && !responder) responder = startDiscoveryResponder({ port: udpPort, answerFor, log });
    if (!answering && responder) {
      const old = responder;
      responder = null;
      await (await old).close();
    }
    // the port held, not the one asked for: a port in use leaves nothing answering
    const held = responder ? (await responder).port : null;
    if (stopped) return;
    status = {
      announcing: plan.announcement !== null,
      interfaces: plan.announcement?.interfaces.map((i) => i.name) ?? [],
      reason: plan.reason,
      udpPort: held,
    };
  }

  return {
    settings: (): NetworkSettings => deps.settings.get(),
    defaultName: () => deps.settings.defaultName(),
    serverId: () => deps.settings.serverId(),
    name: () => deps.settings.get().name,
    customName: () => deps.settings.customName(),
    remoteAccess: () => deps.settings.remoteAccess(),
    status: (): DiscoveryStatus => ({ ...status, interfaces: [...status.interfaces] }),
    interfaces: () => deps.networkInterfaces(),
    hostname: () => deps.hostname,
    /** where the HTTP server listens; null before start() */
    listening: (): Listening | null => listening,
    /** The URLs other devices open Seed at, on the chosen interfaces; none before listening. */
    lanUrls: (): LanUrl[] => (listening ? lanUrls(deps.networkInterfaces(), listening.host, listening.port, deps.settings.get().interfaces) : []),
    /** Saves a change and applies it: a new name or interface choice is announced before this resolves. */
    async update(change: NetworkSettingsChange): Promise<NetworkSettings> {
      const saved = deps.settings.update(change);
      await refresh();
      return saved;
    },
    refresh,
    /** Call once the HTTP server listens. */
    async start(at: Listening): Promise<void> {
      listening = at;
      // a failed look (an mDNS socket that would not open) is tried again at the next poll
      stopPolling = every(deps.pollMs ?? INTERFACE_POLL_MS, () => void refresh().catch((err: unknown) => log.warn({ err }, 'LAN refresh failed; trying again at the next poll')));
      await refresh();
    },
    /** Goodbye on the LAN: the mDNS records are withdrawn and the sockets closed. Safe to call twice. */
    async stop(): Promise<void> {
      stopped = true;
      stopPolling?.();
      stopPolling = null;
      const old = responder;
      responder = null;
      await Promise.all([announcer.close(), old?.then((r) => r.close())]);
    },
  };
}
