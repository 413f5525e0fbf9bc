import { realpath } from 'node:fs/promises';
import { relative, isAbsolute, sep } from 'node:path';
import type { Response } from 'express';
import { notFound } from '../errors.js';

/** True when child is root itself or lies below it (after both were resolved to real paths). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Serves a file only when its real path lies under one of the allowed roots (library folders or
 * the data folder), else 404: a crafted `..` or a symlink out of the roots reveals nothing.
 */
export async function sendContainedFile(
  res: Response,
  path: string,
  roots: readonly string[],
  opts: { contentType?: string; maxAgeSeconds?: number; what: string },
): Promise<void> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw notFound(opts.what);
  }
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => null)));
  if (!realRoots.some((root) => root !== null && isInside(root, real))) throw notFound(opts.what);
  if (opts.contentType) res.type(opts.contentType);
  await new Promise<void>((resolve, reject) => {
    // 1 MiB reads (fs streams read 64 KiB by default): a fraction of the trips through the thread pool for a film or a segment
    const options = { maxAge: (opts.maxAgeSeconds ?? 0) * 1000, dotfiles: 'allow' as const, acceptRanges: true, highWaterMark: 1 << 20 };
    res.sendFile(real, options, (err) => {
      if (!err) return resolve();
      const status = (err as { status?: number }).status;
      if (status === 404) reject(notFound(opts.what));
      else if (res.headersSent) resolve(); // the client went away mid-file: nothing to answer
      else reject(err);
    });
  });
}
