import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const SAMPLE_BYTES = 64 * 1024;

/**
 * A cheap content fingerprint: the size plus the first and last 64 KiB. Finds a file moved across
 * file systems (where the inode changes) without reading gigabytes.
 */
export async function partialHash(path: string, sizeBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha1').update(String(sizeBytes));
    const head = Buffer.alloc(Math.min(SAMPLE_BYTES, sizeBytes));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (sizeBytes > SAMPLE_BYTES) {
      const tail = Buffer.alloc(Math.min(SAMPLE_BYTES, sizeBytes - SAMPLE_BYTES));
      await handle.read(tail, 0, tail.length, sizeBytes - tail.length);
      hash.update(tail);
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
