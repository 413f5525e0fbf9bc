// Segments sent from memory. A segment never changes in place (the whole ladder and just in time
// make the same frames at the same times), players ask for the same ones again (a second screen,
// a seek back, the rung switched back), and reading a file through Node's thread pool in small
// chunks cost four times the CPU per byte of sending it from memory (bench/playback/load.ts). An
// entry is used only while the file has the size and time it was read with.
import { readFile, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';

export interface CachedSegment {
  body: Buffer;
  mtimeMs: number;
  /** as `send` makes it, so a player's If-None-Match matches whichever path served it */
  etag: string;
}

/** 5 % of the machine's memory, at most 256 MiB: a 1 GiB NAS keeps some 50 MiB of segments. */
export const defaultSegmentCacheBytes = (memoryBytes = totalmem()): number => Math.min(256 * 1024 * 1024, Math.floor(memoryBytes * 0.05));

export type SegmentCache = ReturnType<typeof createSegmentCache>;

export function createSegmentCache(opts: { maxBytes: number }) {
  // oldest first: a Map keeps insertion order, and a hit is moved to the end
  const entries = new Map<string, CachedSegment>();
  let bytes = 0;
  const drop = (path: string) => {
    const entry = entries.get(path);
    if (!entry) return;
    bytes -= entry.body.length;
    entries.delete(path);
  };
  return {
    /** The segment at this (real) path, from memory when its file is unchanged; throws ENOENT like readFile. */
    async read(path: string): Promise<CachedSegment> {
      const info = await stat(path);
      const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const kept = entries.get(path);
      if (kept && kept.etag === etag) {
        entries.delete(path);
        entries.set(path, kept);
        return kept;
      }
      drop(path);
      const body = await readFile(path);
      const segment = { body, mtimeMs: info.mtimeMs, etag };
      // one segment may not take more than an eighth of the room
      if (body.length > opts.maxBytes / 8) return segment;
      // another request may have read it meanwhile: counted once
      drop(path);
      entries.set(path, segment);
      bytes += body.length;
      for (const oldest of entries.keys()) {
        if (bytes <= opts.maxBytes) break;
        drop(oldest);
      }
      return segment;
    },
    /** Forgets every segment under a folder (a title's ladder removed or replaced). */
    forgetUnder(dir: string): void {
      for (const path of [...entries.keys()]) if (path.startsWith(dir.endsWith('/') ? dir : `${dir}/`)) drop(path);
    },
    size: (): { entries: number; bytes: number } => ({ entries: entries.size, bytes }),
  };
}
