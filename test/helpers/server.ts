import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type Config } from '../../server/src/config/config.js';
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
