import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { makeSubtitleRenditions, SUBTITLE_FILE, type RunFfmpeg, type WebvttSubtitle } from '../../../transcoder/src/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { liveFolder } from './live-folder.js';
import type { LiveTitle } from './live.types.js';

/** a subtitle that could not be made is not tried again for this long (a share that hiccuped is tried later) */
const FAILURE_MEMORY_MS = 10 * 60_000;

type Made = { path: string } | { failed: string };

/** The title's index-th subtitle; a 404 when it has no such one. */
export function subtitleAt(title: LiveTitle, index: number): WebvttSubtitle {
  const subtitle = title.subtitles?.[index];
  if (!subtitle) throw new AppError(404, 'not_found', 'stream file not found');
  return subtitle;
}

/**
 * The subtitles of titles played before their ladder is made (and of files played as they are):
 * WebVTT made once and kept in the title's live folder until its source changes. The embedded
 * tracks are read out of the source together, in one pass over the file; one title's work runs one
 * task at a time; `stop(itemId)` kills it (the folder is about to go), `close()` all of it.
 */
export function createLiveSubtitles(deps: {
  folder: ReturnType<typeof liveFolder>;
  runFfmpeg: RunFfmpeg;
  log: Logger;
  now: () => number;
  /** readies the title's folder for its plan (emptied when it held another); takes the title's lock */
  prepare: (title: LiveTitle) => Promise<void>;
}) {
  const failures = new Map<string, { reason: string; at: number }>();
  /** per title: what aborts its ffmpeg, the queue its tasks run in (one at a time), and the ffmpeg phase running now */
  const work = new Map<number, { abort: AbortController; queue: Promise<unknown>; running: Promise<unknown> | null }>();
  let closed = false;

  /** what a made file was made of: the plan, the track, and a sidecar's size and time */
  const keyOf = async (title: LiveTitle, subtitle: WebvttSubtitle): Promise<string> => {
    const sidecar = subtitle.source.kind === 'sidecar' ? await stat(subtitle.source.path).then((st) => [st.size, st.mtimeMs], () => null) : null;
    return JSON.stringify([title.key, subtitle.source, sidecar]);
  };
  const failureOf = (key: string): string | null => {
    const failure = failures.get(key);
    if (failure && deps.now() - failure.at > FAILURE_MEMORY_MS) failures.delete(key);
    return failures.get(key)?.reason ?? null;
  };
  const workOf = (itemId: number) => {
    let w = work.get(itemId);
    if (!w) work.set(itemId, (w = { abort: new AbortController(), queue: Promise.resolve(), running: null }));
    return w;
  };
  const stopped = () => new AppError(503, 'busy', 'the server is stopping');

  /** Makes those of `indexes` not made yet; answers each one's file or why it cannot be made. */
  const make = (title: LiveTitle, indexes: readonly number[], niceness?: number): Promise<Map<number, Made>> => {
    const w = workOf(title.itemId);
    const task = w.queue.then(async () => {
      if (closed) throw stopped();
      await deps.prepare(title);
      if (closed) throw stopped();
      const results = new Map<number, Made>();
      const todo: { index: number; key: string; dir: string; subtitle: WebvttSubtitle }[] = [];
      for (const index of indexes) {
        const subtitle = subtitleAt(title, index);
        const key = await keyOf(title, subtitle);
        const failed = failureOf(key);
        const dir = deps.folder.subtitleDir(title.itemId, index);
        if (failed !== null) results.set(index, { failed });
        else if ((await readFile(join(dir, 'made.key'), 'utf8').catch(() => null)) === key && existsSync(join(dir, SUBTITLE_FILE))) results.set(index, { path: join(dir, SUBTITLE_FILE) });
        else todo.push({ index, key, dir, subtitle });
      }
      if (todo.length === 0) return results;
      const source = await deps.folder.input(title.itemId, title.inputs);
      const { signal } = w.abort;
      const making = makeSubtitleRenditions(todo, { input: source.path, concat: source.concat, durationMs: title.durationMs }, {
        runFfmpeg: (args, o) => deps.runFfmpeg(args, { ...o, niceness }),
        signal,
      });
      w.running = making;
      const reasons = await making
        .catch((err: unknown) => {
          throw signal.aborted ? new AppError(503, 'busy', 'the title changed while its subtitles were made; try again') : err;
        })
        .finally(() => (w.running = null));
      for (const [k, item] of todo.entries()) {
        const reason = reasons[k] ?? null;
        if (reason === null) {
          await writeFile(join(item.dir, 'made.key'), item.key);
          results.set(item.index, { path: join(item.dir, SUBTITLE_FILE) });
          continue;
        }
        // ffmpeg names the file by its path: a player is told its name only
        const paths = [source.path, ...(item.subtitle.source.kind === 'sidecar' ? [item.subtitle.source.path] : [])];
        const shown = paths.reduce((text, p) => text.split(p).join(basename(p)), reason);
        failures.set(item.key, { reason: shown, at: deps.now() });
        deps.log.warn({ itemId: title.itemId, subtitle: item.subtitle.name, reason }, 'subtitle left out of just-in-time playback');
        results.set(item.index, { failed: shown });
      }
      return results;
    });
    w.queue = task.catch(() => undefined);
    return task;
  };

  return {
    /** The title's subtitles a master may list: those not known to fail. */
    async listed(title: LiveTitle): Promise<number[]> {
      const out: number[] = [];
      for (const [i, s] of (title.subtitles ?? []).entries()) if (failureOf(await keyOf(title, s)) === null) out.push(i);
      return out;
    },
    /** Makes every subtitle of the title in the background, behind playback (niceness), so one a player turns on is there. */
    warm(title: LiveTitle, niceness: number): void {
      const all = (title.subtitles ?? []).map((_, i) => i);
      if (closed || all.length === 0) return;
      make(title, all, niceness).catch((err: unknown) => {
        if (!(err instanceof AppError && err.status === 503)) deps.log.warn({ itemId: title.itemId, err: err instanceof Error ? err.message : String(err) }, 'subtitles not made ahead');
      });
    },
    /** The path of a subtitle's WebVTT file, made now when it is not made yet; 422 with the reason when it cannot be. */
    async file(title: LiveTitle, index: number): Promise<string> {
      if (closed) throw new AppError(503, 'busy', 'the server is stopping');
      const subtitle = subtitleAt(title, index);
      const made = (await make(title, [index])).get(index)!;
      if ('failed' in made) throw new AppError(422, 'subtitle_failed', `subtitle ${subtitle.name} could not be read: ${made.failed}`);
      return made.path;
    },
    /**
     * The title's folder is about to be emptied or removed: the subtitles being made are killed and
     * waited for (not cached as failures); tasks waiting their turn go on afterwards, in the new folder.
     * Never waits for the title's lock (the caller may hold it), nor for a task waiting for it.
     */
    async stop(itemId: number): Promise<void> {
      const w = work.get(itemId);
      if (!w?.running) return;
      const { abort, running } = w;
      w.abort = new AbortController();
      abort.abort(new Error('the title changed'));
      await running.catch(() => undefined);
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...work.keys()].map((itemId) => this.stop(itemId)));
    },
  };
}
