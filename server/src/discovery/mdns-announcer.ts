// mDNS/DNS-SD announcement over bonjour-service: `_seed._tcp` for Seed's own apps and `_http._tcp`
// for generic browsers, on each chosen interface. A new announcement (name, TXT, addresses,
// interfaces) says goodbye for the old one first; close() says goodbye and closes the sockets.
import Bonjour from 'bonjour-service';
import type { Logger } from '../log.js';

const SERVICE_TYPES = ['seed', 'http'] as const;

export interface InterfaceAnnouncement {
  name: string;
  /** the interface's IPv4 address: the mDNS socket joins the group and sends there */
  ipv4: string;
  /** every address of the interface (v4 and v6) that the A and AAAA records give */
  addresses: string[];
}

export interface Announcement {
  /** the DNS-SD instance name ("den Seed") */
  name: string;
  port: number;
  /** the SRV target, `<hostname>.local` */
  host: string;
  txt: Record<string, string>;
  interfaces: InterfaceAnnouncement[];
}

interface DnsRecord {
  name: string;
  type: string;
  ttl?: number;
  data: unknown;
}
type DnsPacket = { answers?: DnsRecord[]; additionals?: DnsRecord[] } & Record<string, unknown>;

/** The multicast-dns socket under a Bonjour instance (bonjour-service keeps it in `server.mdns`). */
interface MdnsSocket {
  respond(packet: DnsPacket | DnsRecord[], ...rest: unknown[]): void;
  on(event: 'error' | 'warning', listener: (err: Error) => void): void;
}
const mdnsOf = (bonjour: Bonjour) => (bonjour as unknown as { server: { mdns: MdnsSocket } }).server.mdns;

const isAddressRecord = (r: DnsRecord, host: string) => (r.type === 'A' || r.type === 'AAAA') && r.name.toLowerCase() === host.toLowerCase();

/**
 * bonjour-service answers with the addresses of every interface of the machine; an interface's
 * socket must give only its own (a phone on the Wi-Fi cannot reach the VPN's address). Each
 * section's A/AAAA records for our host are replaced by this interface's, with their TTL (0 in a goodbye).
 */
export function ownAddressRecords(packet: DnsPacket | DnsRecord[], host: string, addresses: readonly string[]): DnsPacket {
  const res: DnsPacket = Array.isArray(packet) ? { answers: packet } : { ...packet };
  for (const section of ['answers', 'additionals'] as const) {
    const records = res[section];
    if (!records) continue;
    const kept = records.filter((r) => !isAddressRecord(r, host));
    for (const type of ['A', 'AAAA'] as const) {
      const removed = records.find((r) => r.type === type && isAddressRecord(r, host));
      if (!removed) continue;
      for (const address of addresses) if (address.includes(':') === (type === 'AAAA')) kept.push({ name: removed.name, type, ttl: removed.ttl, data: address });
    }
    res[section] = kept;
  }
  return res;
}

/** Waits for a callback-style close, but never longer than `ms`: a stuck socket must not stop the shutdown. */
const settle = (run: (done: () => void) => void, ms = 1000) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    run(() => {
      clearTimeout(timer);
      resolve();
    });
  });

export type MdnsAnnouncer = ReturnType<typeof createMdnsAnnouncer>;

export function createMdnsAnnouncer(deps: { log: Logger }) {
  const log = deps.log;
  let running: { key: string; instances: Bonjour[] } | null = null;
  // announcements are applied one after another: a goodbye finishes before the next hello
  let queue: Promise<void> = Promise.resolve();

  function startOn(announcement: Announcement, iface: InterfaceAnnouncement): Bonjour {
    // bind to the wildcard: a socket bound to a unicast address receives no multicast on Linux
    const opts = { interface: iface.ipv4, bind: '0.0.0.0' };
    const bonjour = new Bonjour(opts as object, (err: Error) => log.warn({ err, interface: iface.name }, 'mDNS answer failed'));
    const mdns = mdnsOf(bonjour);
    mdns.on('error', (err) => log.warn({ err, interface: iface.name }, 'mDNS socket failed; not announced there'));
    mdns.on('warning', (err) => log.debug({ err, interface: iface.name }, 'mDNS warning'));
    const respond = mdns.respond.bind(mdns);
    mdns.respond = (packet, ...rest) => {
      const own = ownAddressRecords(packet, announcement.host, iface.addresses);
      if ((own.answers ?? []).length > 0) return respond(own, ...rest);
      // nothing of ours to say on this interface (an address query for another interface's family)
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (done) process.nextTick(done);
    };
    for (const type of SERVICE_TYPES) {
      // no probing: each interface's socket would hear the others' and take them for a name conflict
      bonjour.publish({ name: announcement.name, type, port: announcement.port, host: announcement.host, txt: announcement.txt, probe: false });
    }
    return bonjour;
  }

  async function stopAll(): Promise<void> {
    const old = running;
    running = null;
    if (!old) return;
    await Promise.all(
      old.instances.map(async (bonjour) => {
        await settle((done) => bonjour.unpublishAll(done)); // goodbye: every record again with TTL 0
        await settle((done) => bonjour.destroy(done));
      }),
    );
    log.info('mDNS announcement withdrawn');
  }

  async function apply(announcement: Announcement | null): Promise<void> {
    const key = JSON.stringify(announcement);
    if (running?.key === key) return;
    await stopAll();
    if (announcement === null || announcement.interfaces.length === 0) return;
    running = { key, instances: announcement.interfaces.map((iface) => startOn(announcement, iface)) };
    log.info({ name: announcement.name, port: announcement.port, interfaces: announcement.interfaces.map((i) => i.name), txt: announcement.txt }, 'announced on the LAN (mDNS)');
  }

  // a failure is logged where it happens and the queue goes on: the next announcement may work
  const run = (task: () => Promise<void>): Promise<void> => (queue = queue.then(task).catch((err: unknown) => log.warn({ err }, 'mDNS announcement failed')));

  return {
    /** Announces this (null: nothing); the same announcement again changes nothing. */
    announce: (announcement: Announcement | null): Promise<void> => run(() => apply(announcement)),
    close: (): Promise<void> => run(stopAll),
  };
}
