import { existsSync } from 'node:fs';
import {
  justInTimePreset,
  liveArgs,
  segmentStarts,
  TranscodeFailed,
  upFrontMaster,
  upFrontPlaylist,
  type ChildControl,
  type HardwareEncoder,
  type PlannedRung,
  type RunFfmpeg,
  type X264Preset,
} from '../../../transcoder/src/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { liveFolder } from './live-folder.js';

/** What a just-in-time encode needs to know of a title: the same plan its full ladder uses. */
export interface LiveTitle {
  itemId: number;
  /** changes when the source or the plan changes: segments made for another key are thrown away */
  key: string;
  inputs: readonly string[];
  durationMs: number;
  rungs: readonly PlannedRung[];
  audio: { kbps: number } | null;
  /** N of `0:a:N`: the audio track muxed into the rungs (the source's default one) */
  audioStream?: number;
  /** the output frame rate (after the cap); 0 when unknown */
  frameRate: number;
  toneMap: boolean;
  maxFrameRate?: number;
}

interface Session {
  itemId: number;
  rung: number;
  startIndex: number;
  /** the first segment index not on disk yet, counting from startIndex */
  next: number;
  /** one past the last segment this run makes */
  end: number;
  /** the newest segment the player asked for */
  wanted: number;
  lastRequestAt: number;
  /** requests waiting for a segment of this run: it is not idle while there are any */
  waiting: number;
  paused: boolean;
  control: ChildControl | null;
  abort: AbortController;
  exited: boolean;
  error: Error | null;
  /** made by a hardware encoder: a failure is tried again at once with libx264 */
  hardware: boolean;
  done: Promise<void>;
}

export interface LiveOptions {
  /** pause a run when it is this far ahead of the player (DESIGN: throttle), resume at half */
  aheadSegments: number;
  /** stop a run nobody asked anything of for this long */
  idleMs: number;
  /** a request waits at most this long for its segment */
  waitMs: number;
  /** how often runs are looked at */
  tickMs: number;
}

const DEFAULTS: LiveOptions = { aheadSegments: 15, idleMs: 30_000, waitMs: 30_000, tickMs: 200 };
const POLL_MS = 25;
const STALE = 'stopped: nobody is watching';

export type LiveService = ReturnType<typeof createLiveService>;

/**
 * Just-in-time playback: a title, rung or position not encoded yet still plays. Playlists are
 * written up front from the forced keyframe boundaries; a missing segment starts an ffmpeg run at
 * that segment (one run per title and rung), a seek far ahead restarts it there, a run far ahead of
 * the player is paused (SIGSTOP) and one nobody watches is stopped. Segments stay on disk under
 * `transcodes/.live/<item>/<rung>/` for the next time, until the full ladder is published.
 */
export function createLiveService(deps: {
  liveDir: string;
  runFfmpeg: RunFfmpeg;
  segmentSeconds: number;
  preset: () => X264Preset;
  /** the hardware encoder the settings enable and a test encode found working; null: libx264 */
  videoEncoder?: () => Promise<HardwareEncoder | null>;
  log: Logger;
  now: () => number;
  options?: Partial<LiveOptions>;
}) {
  const opts = { ...DEFAULTS, ...deps.options };
  const sessions = new Map<string, Session>();
  const checkedKeys = new Map<number, string>();
  const starts = new Map<string, number[]>();
  const sessionKey = (itemId: number, rung: number) => `${itemId}/${rung}`;
  const folder = liveFolder(deps.liveDir);
  let ticker: NodeJS.Timeout | null = null;
  /** a hardware encode failed once: just in time uses libx264 from then on (it cannot wait for a second try) */
  let hardwareFailed = false;
  const encoder = async (): Promise<HardwareEncoder | null> => (hardwareFailed ? null : ((await deps.videoEncoder?.()) ?? null));

  const startsOf = (title: LiveTitle): number[] => {
    const cached = starts.get(title.key);
    if (cached) return cached;
    const made = segmentStarts(title.durationMs, deps.segmentSeconds, title.frameRate);
    starts.set(title.key, made);
    return made;
  };

  /** Segments made for another version of the title (or another plan) are removed first. */
  const prepare = async (title: LiveTitle): Promise<void> => {
    if (checkedKeys.get(title.itemId) === title.key) return;
    if (await folder.isStale(title.itemId, title.key)) {
      await stopItem(title.itemId);
      await folder.reset(title.itemId, title.key);
    }
    checkedKeys.set(title.itemId, title.key);
  };

  /** The argv of a run of `rungs` from segment `startIndex`, up to `endSeconds` (null: the end). */
  const argsFor = async (title: LiveTitle, run: { rungs: readonly number[]; startIndex: number; endSeconds: number | null; videoEncoder: HardwareEncoder | null; headStart?: boolean }) => {
    const source = await folder.input(title.itemId, title.inputs);
    const startSeconds = startsOf(title)[run.startIndex]!;
    return liveArgs({
      input: source.path,
      concat: source.concat,
      startIndex: run.startIndex,
      startSeconds,
      ...(run.endSeconds !== null ? { durationSeconds: run.endSeconds - startSeconds } : {}),
      segmentSeconds: deps.segmentSeconds,
      frameRate: title.frameRate,
      rungs: run.rungs.map((r) => ({ rung: title.rungs[r]!, dir: folder.rungDir(title.itemId, r) })),
      audio: title.audio,
      audioStream: title.audioStream,
      toneMap: title.toneMap,
      maxFrameRate: title.maxFrameRate,
      // a player waits for a just-in-time run; a head start (a job, with progress) is made at the configured preset
      preset: run.headStart ? deps.preset() : justInTimePreset(deps.preset()),
      videoEncoder: run.videoEncoder,
      progress: run.headStart,
    });
  };

  const stopSession = async (s: Session, reason: string) => {
    sessions.delete(sessionKey(s.itemId, s.rung));
    if (!s.exited) s.abort.abort(new Error(reason));
    await s.done;
  };

  const stopItem = async (itemId: number) => {
    await Promise.all([...sessions.values()].filter((s) => s.itemId === itemId).map((s) => stopSession(s, 'superseded')));
  };

  /** The first segment after `from` already on disk (a run stops there), or the title's end. */
  const firstMadeAfter = (itemId: number, rung: number, from: number, count: number): number => {
    for (let i = from + 1; i < count; i++) if (folder.has(itemId, rung, i)) return i;
    return count;
  };

  const startSession = async (title: LiveTitle, rung: number, index: number): Promise<Session> => {
    const all = startsOf(title);
    const end = firstMadeAfter(title.itemId, rung, index, all.length);
    await folder.readyRung(title.itemId, rung);
    const videoEncoder = await encoder();
    const args = await argsFor(title, { rungs: [rung], startIndex: index, endSeconds: end < all.length ? all[end]! : null, videoEncoder });
    const abort = new AbortController();
    const session: Session = {
      itemId: title.itemId,
      rung,
      startIndex: index,
      next: index,
      end,
      wanted: index,
      lastRequestAt: deps.now(),
      waiting: 0,
      paused: false,
      control: null,
      abort,
      exited: false,
      error: null,
      hardware: videoEncoder !== null,
      done: Promise.resolve(),
    };
    deps.log.info({ itemId: title.itemId, rung: title.rungs[rung]!.name, fromSegment: index, toSegment: end }, 'just-in-time encode started');
    session.done = deps
      .runFfmpeg(args, { signal: abort.signal, onSpawn: (c) => (session.control = c) })
      .then(
        () => undefined,
        (err: unknown) => {
          if (abort.signal.aborted) return;
          session.error = err instanceof Error ? err : new Error(String(err));
          if (videoEncoder && err instanceof TranscodeFailed) {
            hardwareFailed = true;
            deps.log.warn({ encoder: videoEncoder, err: session.error.message }, 'hardware encoder failed just in time; libx264 from now on');
          }
          deps.log.warn({ itemId: title.itemId, rung, err: session.error.message }, 'just-in-time encode failed');
        },
      )
      .finally(() => {
        session.exited = true;
        advance(session);
      });
    sessions.set(sessionKey(title.itemId, rung), session);
    ensureTicker();
    return session;
  };

  const advance = (s: Session) => {
    while (s.next < s.end && folder.has(s.itemId, s.rung, s.next)) s.next++;
  };

  /** Throttle, idle stop, and the end of finished runs; runs only while there are sessions. */
  const tick = () => {
    const now = deps.now();
    for (const s of sessions.values()) {
      advance(s);
      if (s.exited) {
        if (now - s.lastRequestAt > opts.idleMs) sessions.delete(sessionKey(s.itemId, s.rung));
        continue;
      }
      // another rung of the same title is being watched now: the player switched away from this one
      const switchedAway = [...sessions.values()].some((o) => o !== s && o.itemId === s.itemId && o.lastRequestAt > s.lastRequestAt) && now - s.lastRequestAt > deps.segmentSeconds * 2000;
      if (s.waiting === 0 && (now - s.lastRequestAt > opts.idleMs || switchedAway)) {
        deps.log.info({ itemId: s.itemId, rung: s.rung, madeUpTo: s.next }, 'just-in-time encode stopped: nobody is watching it');
        void stopSession(s, STALE);
        continue;
      }
      const ahead = s.next - s.wanted;
      if (!s.paused && ahead > opts.aheadSegments) {
        s.control?.pause();
        s.paused = true;
      } else if (s.paused && ahead <= opts.aheadSegments / 2) {
        s.control?.resume();
        s.paused = false;
      }
    }
    if (sessions.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };

  const ensureTicker = () => {
    ticker ??= setInterval(tick, opts.tickMs);
    ticker.unref();
  };

  const waitFor = async (s: Session, path: string, index: number, signal?: AbortSignal): Promise<void> => {
    const deadline = deps.now() + opts.waitMs;
    for (;;) {
      if (existsSync(path)) return;
      if (signal?.aborted) throw new AppError(503, 'aborted', 'the request was abandoned');
      if (s.error) throw new AppError(500, 'transcode_failed', `just-in-time transcoding failed: ${s.error.message}`);
      if (s.exited) {
        if (existsSync(path)) return;
        // a run that ended (finished, or stopped for another) without this segment
        if (sessions.get(sessionKey(s.itemId, s.rung)) === s) sessions.delete(sessionKey(s.itemId, s.rung));
        throw new AppError(404, 'not_found', `segment ${index} not found`);
      }
      if (deps.now() > deadline) throw new AppError(503, 'busy', `segment ${index} is still being made; try again`);
      if (s.paused) {
        s.control?.resume();
        s.paused = false;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  return {
    /** The master playlist of the planned ladder, at nominal rates. */
    master: (title: LiveTitle): string => upFrontMaster(title.rungs, { audioKbps: title.audio?.kbps ?? null, frameRate: title.frameRate }),
    /** A rung's media playlist, every segment listed before it exists. */
    mediaPlaylist: (title: LiveTitle): string => upFrontPlaylist(startsOf(title), title.durationMs),
    segmentCount: (title: LiveTitle): number => startsOf(title).length,

    /**
     * The path of segment `index` of rung `rung`, made now when it is not on disk. Waits for the
     * run that is about to make it; starts (or restarts) a run at it otherwise.
     */
    async segment(title: LiveTitle, rung: number, index: number, signal?: AbortSignal): Promise<string> {
      const count = startsOf(title).length;
      if (rung < 0 || rung >= title.rungs.length || index < 0 || index >= count) throw new AppError(404, 'not_found', 'stream file not found');
      await prepare(title);
      const path = folder.segment(title.itemId, rung, index);
      let s = sessions.get(sessionKey(title.itemId, rung));
      if (s) {
        s.lastRequestAt = deps.now();
        if (index >= s.startIndex) s.wanted = index;
      }
      if (existsSync(path)) return path;
      if (s) advance(s);
      // the running encode reaches it soon: within two segments of where it is
      const reachable = s && !s.exited && !s.error && index >= s.next && index < s.end && index - s.next <= 2;
      if (!reachable || !s) {
        if (s) await stopSession(s, 'restarted at a seek');
        s = await startSession(title, rung, index);
      }
      const wait = async (run: Session) => {
        run.waiting++;
        try {
          await waitFor(run, path, index, signal);
        } finally {
          run.waiting--;
          run.lastRequestAt = deps.now();
        }
      };
      try {
        await wait(s);
      } catch (err) {
        if (!(s.hardware && s.error)) throw err;
        // the hardware encoder failed: this request is answered by libx264 (hardwareFailed is set)
        await wait(await startSession(title, rung, index));
      }
      return path;
    },

    /**
     * A head start: the first segments of some rungs made ahead of time (a job), so playback
     * starts from disk. Rungs already being made just in time are left to their run.
     */
    async headStart(title: LiveTitle, rungs: readonly number[], seconds: number, ctx: { signal: AbortSignal; onProgress?: (f: number) => void; niceness?: number }): Promise<'done' | 'skipped'> {
      await prepare(title);
      const all = startsOf(title);
      const count = Math.min(all.length, Math.max(1, Math.ceil(seconds / deps.segmentSeconds)));
      const todo = rungs.filter((r) => !sessions.has(sessionKey(title.itemId, r)) && !folder.has(title.itemId, r, count - 1));
      if (todo.length === 0) return 'skipped';
      for (const r of todo) await folder.readyRung(title.itemId, r);
      const durationSeconds = count < all.length ? all[count]! : title.durationMs / 1000;
      await deps.runFfmpeg(
        await argsFor(title, { rungs: todo, startIndex: 0, endSeconds: count < all.length ? all[count]! : null, videoEncoder: await encoder(), headStart: true }),
        {
          signal: ctx.signal,
          niceness: ctx.niceness,
          onStdoutLine: (line) => {
            const m = /^out_time_us=(\d+)/.exec(line);
            if (m && ctx.onProgress) ctx.onProgress(Math.min(1, Number(m[1]) / 1e6 / durationSeconds));
          },
        },
      );
      return 'done';
    },

    /** The full ladder is published: runs stop and what they made is removed. */
    async discard(itemId: number): Promise<void> {
      await stopItem(itemId);
      checkedKeys.delete(itemId);
      await folder.remove(itemId);
    },

    /** Running encodes, for the admin and for tests. */
    sessions: () =>
      [...sessions.values()].map((s) => ({ itemId: s.itemId, rung: s.rung, startIndex: s.startIndex, next: s.next, end: s.end, wanted: s.wanted, paused: s.paused, running: !s.exited })),

    async stop(): Promise<void> {
      if (ticker) clearInterval(ticker);
      ticker = null;
      await Promise.all([...sessions.values()].map((s) => stopSession(s, 'server shutting down')));
    },
  };
}
