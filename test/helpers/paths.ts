import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Generated once per run, git-ignored. */
export const cacheDir = join(repoRoot, 'test', '.cache');
export const clipsDir = join(cacheDir, 'clips');
export const rendererDir = join(cacheDir, 'renderer');
export const artifactsDir = join(repoRoot, 'test', '.artifacts');
