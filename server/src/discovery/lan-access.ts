// Only the household gets in: clients outside loopback, the private ranges and the machine's own
// IPv6 links are answered 403, unless the admin turned on remote access. Mounted first, before the
// API and the web UI.
import type { RequestHandler, Response } from 'express';
import { isIP } from 'node:net';
import { hostname as osHostname, networkInterfaces as osNetworkInterfaces } from 'node:os';
import { isHouseholdClient, mdnsHost, type InterfaceTable } from './lan-addresses.js';

const REMOTE_ACCESS_OFF = 'remote_access_off';
const HOST_NOT_ALLOWED = 'host_not_allowed';

const outsideMessage = (address: string | undefined) =>
  `Seed serves this household's network only, and ${address ?? 'this connection'} is outside it. ` +
  'An admin can turn on remote access in Settings → Network.';

const otherHostMessage = (host: string, machine: string) =>
  `Seed answers only by its address or by its name on the LAN (${mdnsHost(machine)}), not as ${host.slice(0, 100)}. ` +
  'To reach it by another name (a reverse proxy, a domain), an admin can turn on remote access in Settings → Network.';

/**
 * The domains home routers give their LAN's machines (`den.lan`, `den.fritz.box`, `den.home.arpa`):
 * none can be registered on the internet, so no other site's name ends in one.
 */
const LAN_DOMAINS = ['local', 'lan', 'home', 'home.arpa', 'internal', 'localdomain', 'intranet', 'private', 'fritz.box'];

/**
 * Whether a Host header names this server the way the household reaches it: an IP address (v4, or
 * v6 in brackets), localhost, or the machine's own names (`den`, `den.local`, the mDNS `den.local`,
 * and the name the router's DNS gives it, `den.lan`, `den.fritz.box`…).
 * Any other name is a site whose DNS was pointed at Seed's address (DNS rebinding) to make the
 * household's own browsers send it requests. No Host (HTTP/1.0) comes from no browser, so it passes.
 */
export function isLanHost(host: string | undefined, machine: string): boolean {
  if (host === undefined) return true;
  const bracketed = /^\[([^\]]+)\](?::\d*)?$/.exec(host);
  if (bracketed) return isIP(bracketed[1]!) === 6;
  const named = /^([^:[\]]+)(?::\d*)?$/.exec(host);
  if (!named) return false;
  const name = named[1]!.toLowerCase().replace(/\.$/, '');
  if (isIP(name) === 4) return true;
  const own = machine.toLowerCase();
  if (name === 'localhost' || name === own || name === mdnsHost(machine).toLowerCase()) return true;
  const short = own.split('.')[0]!;
  return [own, short].some((base) => LAN_DOMAINS.some((domain) => name === `${base}.${domain}`));
}

function refuse(res: Response, path: string, code: string, message: string): void {
  res.status(403).set('Cache-Control', 'no-store');
  // the API answers JSON as everywhere else; a browser opening a page gets the sentence itself
  if (/^\/api(\/|$)/i.test(path)) res.json({ code, message });
  else res.type('text/plain').send(message);
}

/**
 * The socket's own address decides, never X-Forwarded-For (any client can send that). Behind a
 * reverse proxy on the same machine every request comes from loopback: the proxy must guard itself.
 * `hostname` and `networkInterfaces` default to the machine's (tests give their own); the LAN
 * service has both, so `lanOnly(lan)` works too.
 */
export function lanOnly(opts: { remoteAccess: () => boolean; hostname?: () => string; interfaces?: () => InterfaceTable }): RequestHandler {
  const machine = opts.hostname ?? osHostname;
  const interfaces = opts.interfaces ?? osNetworkInterfaces;
  return (req, res, next) => {
    // with remote access on, the admin chose to serve anyone by any name (a domain, a proxy), so
    // neither the address nor the Host header is checked
    if (opts.remoteAccess()) return next();
    const address = req.socket.remoteAddress;
    if (address === undefined || !isHouseholdClient(address, interfaces)) return refuse(res, req.path, REMOTE_ACCESS_OFF, outsideMessage(address));
    const host = req.headers.host;
    if (!isLanHost(host, machine())) return refuse(res, req.path, HOST_NOT_ALLOWED, otherHostMessage(host!, machine()));
    next();
  };
}
