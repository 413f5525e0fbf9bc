// Discovery for apps that cannot do mDNS (the idea behind Jellyfin's UDP port 7359): a datagram
// "who is Seed?" broadcast to UDP port 8420 is answered, to its sender, with one JSON object
// {id, name, url, version, api}.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from '../log.js';

/** UDP; the same number as the default HTTP port, which is TCP. Documented in the README. */
export const DISCOVERY_PORT = 8420;
const DISCOVERY_QUESTION = 'who is Seed?';

export interface DiscoveryAnswer {
  id: string;
  name: string;
  /** the server's URL on the asker's network */
  url: string;
  version: string;
  /** the API's path on that URL */
  api: string;
}

/** Whether a datagram asks for Seed: the question, in any case, with surrounding whitespace or a NUL ignored. */
export const isDiscoveryQuestion = (message: Buffer): boolean =>
  message.length <= 64 && message.toString('utf8').replace(/\0+$/, '').trim().toLowerCase() === DISCOVERY_QUESTION.toLowerCase();

/** `port`: the port it answers on; null when it could not be had (in use), and nothing answers. */
export type DiscoveryResponder = { port: number | null; close(): Promise<void> };

/** dgram's Socket.send, which throws at once (not through `done`) for a bad port or a closed socket. */
export type SendDatagram = (text: string, port: number, address: string, done: (err: Error | null) => void) => void;

/**
 * The socket's 'message' handler. It must never throw: an exception there is uncaught and stops the
 * whole server, and any host on the LAN can send a datagram with source port 0 (which send() refuses).
 */
export function discoveryListener(deps: { answerFor: (sender: RemoteInfo) => DiscoveryAnswer | null; send: SendDatagram; log: Logger }): (message: Buffer, sender: RemoteInfo) => void {
  const log = deps.log;
  return (message, sender) => {
    if (!isDiscoveryQuestion(message)) return;
    // port 0 cannot be answered: a forged or broken datagram
    if (sender.port === 0) return log.debug({ from: sender.address }, 'discovery question from port 0 not answered');
    try {
      const answer = deps.answerFor(sender);
      if (!answer) return log.debug({ from: sender.address }, 'discovery question not answered');
      deps.send(JSON.stringify(answer), sender.port, sender.address, (err) => {
        if (err) log.warn({ err, to: sender.address }, 'discovery answer not sent');
      });
    } catch (err) {
      // the socket closed meanwhile, an address or port send() refuses, the interfaces unreadable
      log.warn({ err, to: sender.address, port: sender.port }, 'discovery answer not sent');
    }
  };
}

/**
 * Listens on `port` (every IPv4 address, so broadcasts arrive). `answerFor` decides per sender: null
 * leaves it unanswered (outside the household, not on a chosen interface). Resolves once listening;
 * a port in use is a warning, not a failed start: discovery is a convenience.
 */
export function startDiscoveryResponder(deps: { port: number; answerFor: (sender: RemoteInfo) => DiscoveryAnswer | null; log: Logger; /** tests: one address instead of every one */ address?: string }): Promise<DiscoveryResponder> {
  const log = deps.log;
  // reuseAddr: a second Seed on the same machine answers the broadcasts too
  const socket: Socket = createSocket({ type: 'udp4', reuseAddr: true });
  const responder: DiscoveryResponder = {
    port: deps.port,
    close: () =>
      new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve(); // already closed
        }
      }),
  };
  socket.on('message', discoveryListener({ answerFor: deps.answerFor, log, send: (text, port, address, done) => socket.send(text, port, address, done) }));
  return new Promise((resolve) => {
    socket.once('error', (err) => {
      log.warn({ err, port: deps.port }, 'UDP discovery port unavailable; apps can still find Seed over mDNS');
      socket.close();
      resolve({ port: null, close: async () => {} });
    });
    socket.bind(deps.port, deps.address, () => {
      socket.removeAllListeners('error');
      socket.on('error', (err) => log.warn({ err }, 'UDP discovery socket error'));
      log.info({ port: deps.port }, 'answering UDP discovery');
      resolve(responder);
    });
  });
}
