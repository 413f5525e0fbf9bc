import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Generated once per run, git-ignored. */
export const cacheDir = join(repoRoot, 'test', '.cache');
export const clipsDir = join(cacheDir, 'clips');
export const artifactsDir = join(repoRoot, 'test', '.artifacts');

declare module 'vitest' {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

/** The web UI built by this run's global setup (a folder per run, so parallel runs never clash). */
export const rendererDir = (): string => inject('rendererDir');
