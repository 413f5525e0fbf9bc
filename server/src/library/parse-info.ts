import { sep } from 'node:path';
import { parseLine } from './parse-command.js';
import { parsePath } from './parse-path.js';
import type { Library } from './library.types.js';

/** How a file's name is read in its library: the object `seed parse` prints for it. */
export function parseInfoOf(path: string, library: Library): Record<string, string | number | boolean | null> {
  const root = library.folders.find((f) => path.startsWith(f.path + sep))?.path;
  return JSON.parse(parseLine(parsePath(path, { kind: library.kind, root }))) as Record<string, string | number | boolean | null>;
}
