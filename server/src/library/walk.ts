import { opendir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp4', '.m4v', '.mkv', '.mov', '.avi', '.wmv', '.webm', '.ts', '.m2ts', '.mts', '.mpg', '.mpeg', '.flv', '.ogv', '.3gp',
]);

export interface FoundFile {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export const isVideoFile = (path: string) => VIDEO_EXTENSIONS.has(extname(path).toLowerCase());

/**
 * Every video file below root, depth first. Hidden entries are skipped; an unreadable folder is
 * reported through onError and skipped, never fatal.
 */
export async function* walkVideos(root: string, onError: (path: string, err: Error) => void): AsyncGenerator<FoundFile> {
  let dir;
  try {
    dir = await opendir(root);
  } catch (err) {
    onError(root, err as Error);
    return;
  }
  for await (const entry of dir) {
    if (entry.name.startsWith('.')) continue;
    const path = join(root, entry.name);
    if (entry.isDirectory()) {
      yield* walkVideos(path, onError);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isVideoFile(path)) {
      try {
        const info = await stat(path);
        if (info.isFile()) yield { path, sizeBytes: info.size, mtimeMs: Math.floor(info.mtimeMs) };
      } catch (err) {
        onError(path, err as Error);
      }
    }
  }
}
