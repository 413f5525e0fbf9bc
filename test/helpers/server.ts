import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { resolveConfig, type Config } from '../../server/src/config/config.js';
import type { LibraryDto, TitleListDto } from '../../server/src/http/api-types.js';
import { createLogger } from '../../server/src/log.js';
import { startSeed, type RunningSeed } from '../../server/src/main.js';
import { rendererDir } from './paths.js';

export interface TestServer {
  url: string;
  dataDir: string;
  seed: RunningSeed;
  close(): Promise<void>;
}

export async function tempDir(prefix = 'seed-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Config for tests: loopback, a free port, no announcements, quiet logs in the data folder. */
export function testConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return { ...resolveConfig(dataDir, { file: {}, env: {}, flags: { port: 0, host: '127.0.0.1', discovery: false, logLevel: 'warn' } }), ...overrides };
}

/** The real server, started in this process on a free loopback port with a temporary data folder. */
export async function startTestServer(opts: { libraries?: string[]; config?: Partial<Config>; now?: () => number } = {}): Promise<TestServer> {
  const dataDir = await tempDir();
  const config = testConfig(dataDir, { libraries: opts.libraries ?? [], ...opts.config });
  const log = createLogger({ level: config.logLevel, dataDir, console: false });
  const seed = await startSeed(config, log, { webRoot: rendererDir(), ...(opts.now ? { now: opts.now } : {}) });
  return {
    url: seed.url,
    dataDir,
    seed,
    async close() {
      await seed.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until check returns a value (not undefined/false), or fails after timeoutMs. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A request to the test server with no cookie (a household device): a JSON content type, and the status checked when `expect` is given. */
export async function call(server: TestServer, path: string, init: RequestInit & { expect?: number } = {}): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  if (init.expect !== undefined) expect(res.status, path).toBe(init.expect);
  return res;
}

/** Adds a library of these folders through the API and waits until its scan is over with `count` titles listed. */
export async function addScannedLibrary(server: TestServer, paths: string[], count: number): Promise<{ library: LibraryDto; titles: TitleListDto['titles'] }> {
  const library = (await (await call(server, '/api/libraries', { method: 'POST', body: JSON.stringify({ paths }), expect: 201 })).json()) as LibraryDto;
  const titles = await waitFor(async () => {
    const [{ libraries }, { titles }] = (await Promise.all([(await call(server, '/api/libraries')).json(), (await call(server, '/api/titles')).json()])) as [{ libraries: LibraryDto[] }, TitleListDto];
    return titles.length === count && libraries.every((l) => !l.scanning && l.lastScanAt !== null) && titles;
  }, 'the scan of the library');
  return { library, titles };
}
