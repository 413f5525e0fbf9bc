// Which network a client address belongs to. Pure: a string in, a kind out. The household is
// loopback, the private IPv4 ranges (RFC 1918), link-local and IPv6 unique-local addresses, in
// any of the forms a socket reports them (an IPv4 client of a dual-stack server is `::ffff:a.b.c.d`).
import { isIP } from 'node:net';

export type AddressKind = 'loopback' | 'private' | 'link-local' | 'unique-local' | 'public' | 'invalid';

const HOUSEHOLD: ReadonlySet<AddressKind> = new Set(['loopback', 'private', 'link-local', 'unique-local']);

/** Whether a client at this address is in the household: served without remote access. */
export const isHouseholdAddress = (address: string): boolean => HOUSEHOLD.has(addressKind(address));

/** The four bytes of a dotted IPv4 address (already checked by isIPv4). */
const ipv4Bytes = (address: string): number[] => address.split('.').map(Number);

function ipv4Kind([a, b]: number[]): AddressKind {
  if (a === 127) return 'loopback';
  if (a === 10) return 'private';
  if (a === 172 && b! >= 16 && b! <= 31) return 'private';
  if (a === 192 && b === 168) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (already checked by isIP), a dotted IPv4 tail included. */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const [a, b, c, d] = ipv4Bytes(tail) as [number, number, number, number];
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = rest === undefined ? [] : parse(rest);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

export function addressKind(raw: string): AddressKind {
  const address = unmapped(raw);
  const version = isIP(address);
  if (version === 4) return ipv4Kind(ipv4Bytes(address));
  if (version !== 6) return 'invalid';
  const g = ipv6Groups(address);
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique-local';
  return 'public';
}

/**
 * The address as what it is: a scope dropped (fe80::1%eth0 names its interface after the %), and an
 * IPv4 client of a dual-stack socket as IPv4 (`::ffff:10.0.0.7`, also written `::ffff:a00:7`, is
 * `10.0.0.7`); others unchanged.
 */
export function unmapped(address: string): string {
  const plain = address.split('%')[0]!;
  if (isIP(plain) !== 6) return plain;
  const g = ipv6Groups(plain);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
  return plain;
}
