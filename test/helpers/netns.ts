// Two network namespaces joined by a veth pair, for the LAN tests: Seed runs in one, a household
// device (python3-zeroconf, Debian's, independent of Seed's mDNS code) in the other. Both ends of the
// pair are made inside the namespaces, so multicast and broadcast never reach the machine's network.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeNeeding } from './needs.js';

const run = promisify(execFile);
export const PYTHON = '/usr/bin/python3';
export const LAN_CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'lan-client.py');

/** Why the namespace tests cannot run here, or null when they can. */
export function netnsMissing(): string | null {
  if (process.getuid?.() !== 0) return 'not root (ip netns needs CAP_SYS_ADMIN)';
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return '`ip netns` is unavailable (apt-get install iproute2)';
  if (spawnSync(PYTHON, ['-c', 'import zeroconf']).status !== 0) return `${PYTHON} has no zeroconf module (apt-get install python3-zeroconf)`;
  return null;
}

/** `describe` for suites that need namespaces: skipped loudly without them, a failure on CI (`CI=true`). */
export const describeNetns = (name: string, body: () => void): void => describeNeeding('LAN', netnsMissing(), name, body);

export interface NetnsPair {
  /** Seed's side: `seed0`, 10.77.0.1/24 */
  server: string;
  /** the household device: `peer0`, 10.77.0.2/24 */
  client: string;
  /** runs a command in a namespace to its end; its stdout */
  exec(ns: string, argv: string[]): Promise<string>;
  /** starts a long-running command in a namespace */
  spawn(ns: string, argv: string[]): ChildProcess;
  /** one JSON answer of lan-client.py run in the client namespace */
  device(...args: string[]): Promise<unknown>;
  remove(): Promise<void>;
}

export const SERVER_ADDRESS = '10.77.0.1';
export const CLIENT_ADDRESS = '10.77.0.2';

export async function createNetnsPair(): Promise<NetnsPair> {
  const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const server = `seedtest-a-${id}`;
  const client = `seedtest-b-${id}`;
  const ip = (...args: string[]) => run('ip', args);
  const exec = async (ns: string, argv: string[]) => (await run('ip', ['netns', 'exec', ns, ...argv], { maxBuffer: 8 << 20 })).stdout;
  const pair: NetnsPair = {
    server,
    client,
    exec,
    spawn: (ns, argv) => spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] }),
    device: async (...args) => JSON.parse(await exec(client, [PYTHON, LAN_CLIENT, ...args])),
    async remove() {
      // deleting a namespace deletes its end of the pair, and with it the other end
      for (const ns of [server, client]) await ip('netns', 'delete', ns).catch(() => undefined);
    },
  };
  try {
    await ip('netns', 'add', server);
    await ip('netns', 'add', client);
    // the pair is made inside the server's namespace with its peer straight in the client's: never on the host
    await ip('-n', server, 'link', 'add', 'seed0', 'type', 'veth', 'peer', 'name', 'peer0', 'netns', client);
    for (const [ns, dev, address] of [[server, 'seed0', `${SERVER_ADDRESS}/24`], [client, 'peer0', `${CLIENT_ADDRESS}/24`]] as const) {
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'multicast', 'on');
      await ip('-n', ns, 'addr', 'add', address, 'dev', dev);
      await ip('-n', ns, 'link', 'set', dev, 'multicast', 'on', 'up');
    }
    return pair;
  } catch (err) {
    await pair.remove();
    throw err;
  }
}

/** The JSON lines a process prints, collected as they come, with a way to wait for one. */
export function jsonLines(child: ChildProcess) {
  const lines: unknown[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      return; // not ours: a log line
    }
    for (const wake of waiters) wake();
  });
  return {
    lines,
    /** The first line (from `from` on) matching, or a failure naming `what` after `timeoutMs`. */
    waitFor<T>(what: string, match: (line: T) => boolean, opts: { from?: number; timeoutMs?: number } = {}): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.slice(opts.from ?? 0).find((l) => match(l as T));
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found as T);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; seen: ${JSON.stringify(lines.slice(opts.from ?? 0))}`));
        }, opts.timeoutMs ?? 15_000);
        if (!check()) waiters.add(check);
      });
    },
  };
}
