import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { createSeed } from '../../server/src/main.js';
import type { Config } from '../../server/src/config/config.js';
import { clips, demoLibrary } from './clips.js';
import { tempDir, testConfig } from './server.js';

export type Seed = ReturnType<typeof createSeed>;

/** A real Seed (SQLite file, ffprobe, ffmpeg) without HTTP, on a temporary data folder. */
export async function seedWithLibrary(opts: { files?: Record<string, keyof typeof clips>; demo?: boolean; config?: Partial<Config>; stabilityMs?: number } = {}) {
  const dataDir = await tempDir();
  const libraryDir = await tempDir('seed-lib-');
  if (opts.demo !== false) await cp(demoLibrary, libraryDir, { recursive: true });
  for (const [path, clip] of Object.entries(opts.files ?? {})) await place(libraryDir, path, clip);
  const seed = createSeed(testConfig(dataDir, { watch: false, rescanIntervalMinutes: 0, ...opts.config }), pino({ level: 'silent' }), { stabilityMs: opts.stabilityMs ?? 0 });
  seed.runner.stop(); // no transcodes unless a test starts them
  return {
    seed,
    dataDir,
    libraryDir,
    async close() {
      await seed.shutdown();
      await rm(dataDir, { recursive: true, force: true });
      await rm(libraryDir, { recursive: true, force: true });
    },
  };
}

/** Copies a generated clip to a path inside the library. */
export async function place(libraryDir: string, path: string, clip: keyof typeof clips): Promise<string> {
  const target = join(libraryDir, path);
  await mkdir(dirname(target), { recursive: true });
  await cp(clips[clip], target);
  return target;
}

/**
 * A private copy of the demo library with its old timestamps, as a real library has (the scanner
 * holds back files changed in the last 2 s).
 */
export async function copyOfDemoLibrary(prefix = 'seed-lib-'): Promise<string> {
  const dir = await tempDir(prefix);
  await cp(demoLibrary, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}
