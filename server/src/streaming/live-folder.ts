import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { concatList, segmentFile, subtitleDir } from '../../../transcoder/src/index.js';
import { isAudioTrack, type Track } from './live.types.js';

/**
 * Where just-in-time and head-start segments live: `<liveDir>/<item>/<rung>/seg-NNNNN.ts` (an
 * alternative audio track's in `a1/`, …, subtitles in `s0/`, …), with the plan they were made for in
 * `<item>/plan.key` (another source or plan: the folder starts over).
 */
export function liveFolder(liveDir: string) {
  const titleDir = (itemId: number) => join(liveDir, String(itemId));
  // a video rung's folder is its number, an alternative audio track's a1, a2, … (as in the whole ladder)
  const rungDir = (itemId: number, rung: Track) => join(titleDir(itemId), isAudioTrack(rung) ? `a${-rung}` : String(rung));
  const segment = (itemId: number, rung: Track, index: number) => join(rungDir(itemId, rung), segmentFile(index));
  return {
    titleDir,
    rungDir,
    segment,
    subtitleDir: (itemId: number, index: number) => join(titleDir(itemId), subtitleDir(index)),
    has: (itemId: number, rung: Track, index: number): boolean => existsSync(segment(itemId, rung, index)),
    /** True when the folder holds segments of another plan (or none yet): the caller stops its runs, then `reset`s. */
    async isStale(itemId: number, key: string): Promise<boolean> {
      return (await readFile(join(titleDir(itemId), 'plan.key'), 'utf8').catch(() => null)) !== key;
    },
    async reset(itemId: number, key: string): Promise<void> {
      await rm(titleDir(itemId), { recursive: true, force: true });
      await mkdir(titleDir(itemId), { recursive: true });
      await writeFile(join(titleDir(itemId), 'plan.key'), key);
    },
    /** A rung's folder, made if missing, without the `.tmp` a run killed mid-segment leaves. */
    async readyRung(itemId: number, rung: Track): Promise<string> {
      const dir = rungDir(itemId, rung);
      await mkdir(dir, { recursive: true });
      for (const f of await readdir(dir)) if (f.endsWith('.tmp')) await rm(join(dir, f), { force: true });
      return dir;
    },
    /** ffmpeg's input: the file, or a concat list of a multi-part title's files. */
    async input(itemId: number, inputs: readonly string[]): Promise<{ path: string; concat: boolean }> {
      if (inputs.length === 1) return { path: inputs[0]!, concat: false };
      const list = join(titleDir(itemId), 'parts.txt');
      const text = concatList(inputs);
      // written whole (aside, then renamed) and only when it changes: another run may be reading it
      if ((await readFile(list, 'utf8').catch(() => null)) !== text) {
        await mkdir(titleDir(itemId), { recursive: true });
        const aside = `${list}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        await writeFile(aside, text);
        await rename(aside, list);
      }
      return { path: list, concat: true };
    },
    remove: (itemId: number) => rm(titleDir(itemId), { recursive: true, force: true }),
  };
}
