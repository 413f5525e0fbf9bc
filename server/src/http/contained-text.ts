import { readFile, realpath } from 'node:fs/promises';
import { notFound } from '../errors.js';
import { isInside } from './send-file.js';

/**
 * A small text file (a playlist) read only when its real path lies under one of the roots, else
 * 404 — the same rule as sendContainedFile, for a file that is rewritten before it is sent.
 */
export async function readContainedText(path: string, roots: readonly string[], what: string): Promise<string> {
  const real = await realpath(path).catch(() => null);
  if (real === null) throw notFound(what);
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => null)));
  if (!realRoots.some((root) => root !== null && isInside(root, real))) throw notFound(what);
  return readFile(real, 'utf8').catch(() => {
    throw notFound(what);
  });
}
