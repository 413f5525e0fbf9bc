// The machine's addresses as Seed uses them: which ones the HTTP server is reachable on, the URLs to
// show for phones, the interfaces an admin may pick. Pure: os.networkInterfaces()' answer in.
import type { NetworkInterfaceInfo } from 'node:os';
import { isIP } from 'node:net';
import { addressKind, ipv6Groups, isHouseholdAddress, unmapped } from './address-kind.js';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface InterfaceAddress {
  interface: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  netmask: string;
}

export interface LanUrl {
  url: string;
  interface: string;
  family: 'IPv4' | 'IPv6';
  address: string;
}

/** Every non-loopback address, in the table's order (interface by interface). */
function externalAddresses(table: InterfaceTable): InterfaceAddress[] {
  return Object.entries(table).flatMap(([name, infos]) =>
    (infos ?? []).filter((info) => !info.internal).map((info) => ({ interface: name, address: info.address, family: info.family, netmask: info.netmask })),
  );
}

/** The interfaces an admin may choose, each with its addresses. */
export function interfaceChoices(table: InterfaceTable): { name: string; addresses: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const a of externalAddresses(table)) byName.set(a.interface, [...(byName.get(a.interface) ?? []), a.address]);
  return [...byName].map(([name, addresses]) => ({ name, addresses }));
}

const sameAddress = (a: string, b: string) => isIP(a) === isIP(b) && (isIP(a) === 4 ? a === b : ipv6Groups(a).join() === ipv6Groups(b).join());

/**
 * The addresses other machines reach the HTTP server on, listening on `host`: `0.0.0.0` is every
 * IPv4 address, `::` every address (Node's dual stack), a single address itself when the machine has it.
 * `interfaces` (null = all) narrows them to the ones the admin chose.
 */
export function servedAddresses(table: InterfaceTable, host: string, interfaces: readonly string[] | null): InterfaceAddress[] {
  const wanted = unmapped(host);
  return externalAddresses(table).filter((a) => {
    if (interfaces !== null && !interfaces.includes(a.interface)) return false;
    if (wanted === '0.0.0.0') return a.family === 'IPv4';
    if (wanted === '::') return true;
    return sameAddress(a.address, wanted);
  });
}

/** Why no address is served, in the admin's words; null when some are. */
export function notServedReason(table: InterfaceTable, host: string, interfaces: readonly string[] | null): string | null {
  if (servedAddresses(table, host, interfaces).length > 0) return null;
  const wanted = unmapped(host);
  if (addressKind(wanted) === 'loopback' || wanted === 'localhost') return `Seed listens on ${host} only, so other devices cannot reach it; start it with --host 0.0.0.0`;
  if (interfaces !== null && interfaces.length === 0) return 'no network interface is chosen';
  if (interfaces !== null && servedAddresses(table, host, null).length > 0) return 'none of the chosen network interfaces is connected';
  return 'this machine has no network address other devices can reach';
}

/** `<hostname>.local`, the name the A/AAAA records answer for: one DNS label of letters, digits and hyphens. */
export const mdnsHost = (hostname: string) => `${hostname.split('.')[0]!.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'seed'}.local`;

export const urlOf = (address: string, port: number) => `http://${isIP(address) === 6 ? `[${address}]` : address}:${port}`;

/**
 * One URL per served address, IPv4 first. IPv6 link-local addresses are left out: a browser cannot
 * open them without the interface's zone, which no URL bar accepts.
 */
export function lanUrls(table: InterfaceTable, host: string, port: number, interfaces: readonly string[] | null = null): LanUrl[] {
  const served = servedAddresses(table, host, interfaces).filter((a) => !(a.family === 'IPv6' && addressKind(a.address) === 'link-local'));
  return [...served.filter((a) => a.family === 'IPv4'), ...served.filter((a) => a.family === 'IPv6')].map((a) => ({
    url: urlOf(a.address, port),
    interface: a.interface,
    family: a.family,
    address: a.address,
  }));
}

const ipv4Number = (address: string) => address.split('.').reduce((n, byte) => n * 256 + Number(byte), 0);

/** Whether two IPv4 addresses share the subnet of `netmask`. */
export function inSubnet(address: string, other: string, netmask: string): boolean {
  if (isIP(address) !== 4 || isIP(other) !== 4 || isIP(netmask) !== 4) return false;
  const mask = ipv4Number(netmask);
  // >>> 0 keeps the 32-bit results unsigned
  return ((ipv4Number(address) & mask) >>> 0) === ((ipv4Number(other) & mask) >>> 0);
}

/**
 * On-link prefixes wider than this are a routing block, not one link: an interface configured with
 * one (a tunnel, a mistake) would let much of the internet in. Household links are /64 in practice.
 */
const MIN_ON_LINK_PREFIX = 48;

/**
 * Whether a global IPv6 client shares the on-link prefix (the `cidr` os.networkInterfaces() gives)
 * of one of the machine's own addresses: a phone on the home /64 using its global address. IPv4 is
 * not widened this way: households use the private ranges, and a public IPv4 subnet is often shared.
 */
export function isOnOwnIPv6Link(address: string, table: InterfaceTable): boolean {
  // an IPv4 client (::ffff:8.8.8.8, ::ffff:808:808) is not widened
  const client = unmapped(address);
  if (isIP(client) !== 6 || addressKind(client) !== 'public') return false;
  const groups = ipv6Groups(client);
  return Object.values(table).some((infos) =>
    (infos ?? []).some((own) => {
      const prefix = Number(own.cidr?.split('/')[1]);
      if (own.internal || own.family !== 'IPv6' || !Number.isInteger(prefix) || prefix < MIN_ON_LINK_PREFIX || prefix > 128) return false;
      const mine = ipv6Groups(own.address.split('%')[0]!);
      for (let bit = 0; bit < prefix; bit += 16) {
        const mask = (0xffff << (16 - Math.min(16, prefix - bit))) & 0xffff;
        if ((mine[bit / 16]! & mask) !== (groups[bit / 16]! & mask)) return false;
      }
      return true;
    }),
  );
}

/** Whether a client is in the household: its address's kind, or on the link of one of the machine's own IPv6 prefixes. */
export const isHouseholdClient = (address: string, table: () => InterfaceTable): boolean => isHouseholdAddress(address) || isOnOwnIPv6Link(address, table());
