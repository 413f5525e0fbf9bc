import { existsSync } from 'node:fs';
import {
  audioDir,
  audioSegmentStarts,
  justInTimePreset,
  liveArgs,
  liveAudioArgs,
  SUBTITLE_FILE,
  subtitleDir,
  subtitlePlaylist,
  progressLines,
  segmentStarts,
  TranscodeFailed,
  upFrontMaster,
  upFrontPlaylist,
  type HardwareEncoder,
  type MasterRenditions,
  type RunFfmpeg,
  type X264Preset,
} from '../../../transcoder/src/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { liveFolder } from './live-folder.js';
import { createLiveSubtitles, subtitleAt } from './live-subtitles.js';
import { isAudioTrack, LIVE_DEFAULTS, RUNS_PER_RUNG, type LiveOptions, type LiveTitle, type Run, type Track } from './live.types.js';

export type { LiveOptions, LiveTitle } from './live.types.js';
export { audioTrack } from './live.types.js';

const POLL_MS = 25;
/** A request waits for a run whose next segment is at most this many before it; further ahead, a run starts at it. */
const NEAR_SEGMENTS = 2;
const STALE = 'stopped: nobody is watching';
/** subtitles are read out of the source in the background, behind playback (as background encodes are) */
const SUBTITLE_NICENESS = 10;

export type LiveService = ReturnType<typeof createLiveService>;

/**
 * Just-in-time playback: a title, rung or position not encoded yet still plays. Playlists are
 * written up front from the forced keyframe boundaries; a missing segment starts an ffmpeg run at
 * that segment unless a run reaches it soon (a seek far ahead starts one there), a run far ahead of
 * its player is paused (SIGSTOP) and one nobody watches is stopped. Segments stay on disk under
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
  const opts = { ...LIVE_DEFAULTS, ...deps.options };
  const runs = new Set<Run>();
  const checkedKeys = new Map<number, string>();
  const starts = new Map<string, number[]>();
  const folder = liveFolder(deps.liveDir);
  const runsOf = (itemId: number, rung: Track) => [...runs].filter((r) => r.itemId === itemId && r.rung === rung);
  let ticker: NodeJS.Timeout | null = null;
  let closed = false;
  /** a hardware encode failed once: just in time uses libx264 from then on (it cannot wait for a second try) */
  let hardwareFailed = false;
  const encoder = async (): Promise<HardwareEncoder | null> => (hardwareFailed ? null : ((await deps.videoEncoder?.()) ?? null));

  // One decision at a time per key: two requests never both start a run for the same rung, and a
  // title's folder is never reset while another request looks at it.
  const locks = new Map<string, Promise<unknown>>();
  const exclusive = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const result = (locks.get(key) ?? Promise.resolve()).then(task, task);
    const settled = result.catch(() => undefined);
    locks.set(key, settled);
    void settled.then(() => locks.get(key) === settled && locks.delete(key));
    return result;
  };

  /** When a track's segments start: a rung's on the forced keyframes, an audio track's on the plain multiples. */
  const startsOf = (title: LiveTitle, track: Track = 0): number[] => {
    const key = `${isAudioTrack(track) ? 'audio' : 'video'} ${title.key}`;
    const cached = starts.get(key);
    if (cached) return cached;
    const made = isAudioTrack(track) ? audioSegmentStarts(title.durationMs, deps.segmentSeconds) : segmentStarts(title.durationMs, deps.segmentSeconds, title.frameRate);
    starts.set(key, made);
    return made;
  };
  /** The source's track (`0:a:N`) behind an alternative audio track, or null when the title has no such track. */
  const alternativeOf = (title: LiveTitle, track: Track): number | null => {
    if (!isAudioTrack(track) || title.audio === null) return null;
    return title.audioTracks?.alternatives[-track - 1]?.sourceIndex ?? null;
  };
  /** A rung the plan has, or an alternative audio track the title has. */
  const knownTrack = (title: LiveTitle, track: Track): boolean => (isAudioTrack(track) ? alternativeOf(title, track) !== null : track < title.rungs.length);

  const stopRun = async (r: Run, reason: string) => {
    runs.delete(r);
    if (!r.exited) r.abort.abort(new Error(reason));
    await r.done;
  };
  const stopItem = (itemId: number) => Promise.all([...[...runs].filter((r) => r.itemId === itemId).map((r) => stopRun(r, 'superseded')), subtitles.stop(itemId)]);

  /** Segments made for another version of the title (or another plan) are removed first. */
  const prepare = (title: LiveTitle): Promise<void> =>
    exclusive(`item ${title.itemId}`, async () => {
      if (checkedKeys.get(title.itemId) === title.key) return;
      if (await folder.isStale(title.itemId, title.key)) {
        await stopItem(title.itemId);
        await folder.reset(title.itemId, title.key);
      }
      checkedKeys.set(title.itemId, title.key);
    });

  /** The argv of a run of `rungs` from segment `startIndex`, up to `endSeconds` (null: the end). */
  const argsFor = async (title: LiveTitle, run: { rungs: readonly Track[]; startIndex: number; endSeconds: number | null; videoEncoder: HardwareEncoder | null; headStart?: boolean }) => {
    const source = await folder.input(title.itemId, title.inputs);
    const audioStream = alternativeOf(title, run.rungs[0]!);
    if (audioStream !== null) {
      return liveAudioArgs({
        input: source.path,
        concat: source.concat,
        startIndex: run.startIndex,
        startSeconds: startsOf(title, run.rungs[0])[run.startIndex]!,
        segmentSeconds: deps.segmentSeconds,
        audioStream,
        kbps: title.audio!.kbps,
        durationMs: title.durationMs,
        dir: folder.rungDir(title.itemId, run.rungs[0]!),
      });
    }
    return liveArgs({
      input: source.path,
      concat: source.concat,
      startIndex: run.startIndex,
      startSeconds: startsOf(title)[run.startIndex]!,
      ...(run.endSeconds !== null ? { endSeconds: run.endSeconds } : {}),
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
      lowLatency: !run.headStart,
    });
  };

  /** The first segment after `from` already on disk (a run stops there), or the title's end. */
  const firstMadeAfter = (itemId: number, rung: Track, from: number, count: number): number => {
    for (let i = from + 1; i < count; i++) if (folder.has(itemId, rung, i)) return i;
    return count;
  };

  const newRun = (itemId: number, rung: Track, startIndex: number, end: number, abort: AbortController, hardware: boolean, headStart: boolean): Run => ({
    itemId, rung, startIndex, next: startIndex, end, wanted: startIndex, startedAt: deps.now(), lastRequestAt: deps.now(), waiting: 0,
    paused: false, control: null, abort, exited: false, error: null, hardware, headStart, done: Promise.resolve(),
  });

  /** Starts ffmpeg for `group` (the runs of one process) and follows it to its end. */
  const launch = (group: Run[], args: string[], extra: { niceness?: number; onStdoutLine?: (line: string) => void; signal?: AbortSignal } = {}) => {
    const abort = group[0]!.abort;
    const unlink = extra.signal ? (() => {
      const forward = () => abort.abort(extra.signal!.reason);
      extra.signal!.addEventListener('abort', forward, { once: true });
      return () => extra.signal!.removeEventListener('abort', forward);
    })() : () => undefined;
    const done = deps
      .runFfmpeg(args, { signal: abort.signal, niceness: extra.niceness, onStdoutLine: extra.onStdoutLine, onSpawn: (c) => group.forEach((r) => (r.control = c)) })
      .then(
        () => undefined,
        (err: unknown) => {
          if (abort.signal.aborted) return;
          const error = err instanceof Error ? err : new Error(String(err));
          for (const r of group) r.error = error;
          if (group[0]!.hardware && err instanceof TranscodeFailed) {
            hardwareFailed = true;
            deps.log.warn({ err: error.message }, 'hardware encoder failed just in time; libx264 from now on');
          }
          deps.log.warn({ itemId: group[0]!.itemId, rungs: group.map((r) => r.rung), err: error.message }, 'just-in-time encode failed');
        },
      )
      .finally(() => {
        unlink();
        for (const r of group) {
          r.exited = true;
          advance(r);
        }
      });
    for (const r of group) {
      r.done = done;
      runs.add(r);
    }
    ensureTicker();
    return done;
  };

  /** Called under the rung's lock. */
  const startRun = async (title: LiveTitle, rung: Track, index: number): Promise<Run> => {
    const all = startsOf(title, rung);
    // an audio run goes on to the end: it is cheap, and it cuts by time, not where another run began
    const end = isAudioTrack(rung) ? all.length : firstMadeAfter(title.itemId, rung, index, all.length);
    // an audio track has one run at a time: its runs go to the end, so two could write the same segment
    // at once; starting one anew costs little (AAC encodes far faster than real time)
    if (isAudioTrack(rung)) for (const r of runsOf(title.itemId, rung).filter((x) => !x.exited)) await stopRun(r, 'another position of this audio track');
    const alive = runsOf(title.itemId, rung).filter((r) => !r.exited);
    // a run killed mid-segment leaves its .tmp; only removed while nothing writes there
    if (alive.length === 0) await folder.readyRung(title.itemId, rung);
    const ours = alive.filter((r) => !r.headStart).sort((x, y) => x.lastRequestAt - y.lastRequestAt);
    if (ours.length >= RUNS_PER_RUNG) await stopRun(ours[0]!, 'a third position asked of this rung');
    const videoEncoder = isAudioTrack(rung) ? null : await encoder();
    const args = await argsFor(title, { rungs: [rung], startIndex: index, endSeconds: end < all.length ? all[end]! : null, videoEncoder });
    const run = newRun(title.itemId, rung, index, end, new AbortController(), videoEncoder !== null, false);
    const track = isAudioTrack(rung) ? audioDir(-rung) : title.rungs[rung]!.name;
    deps.log.info({ itemId: title.itemId, rung: track, fromSegment: index, toSegment: end }, 'just-in-time encode started');
    void launch([run], args);
    return run;
  };

  const advance = (r: Run) => {
    while (r.next < r.end && folder.has(r.itemId, r.rung, r.next)) r.next++;
  };

  /** Throttle, idle stop, and the end of finished runs; runs only while there are runs. */
  const tick = () => {
    const now = deps.now();
    for (const r of runs) {
      advance(r);
      if (r.exited) {
        if (now - r.lastRequestAt > opts.idleMs || r.headStart) runs.delete(r);
        continue;
      }
      if (r.headStart) continue;
      // the player switched to another rung of this title: a run started there after its last request here
      // (an audio track's run is no sign of a switch away from a rung, nor the other way round)
      const switchedAway =
        [...runs].some((o) => o.itemId === r.itemId && o.rung !== r.rung && isAudioTrack(o.rung) === isAudioTrack(r.rung) && !o.headStart && o.startedAt > r.lastRequestAt) &&
        now - r.lastRequestAt > deps.segmentSeconds * 2000;
      if (r.waiting === 0 && (now - r.lastRequestAt > opts.idleMs || switchedAway)) {
        deps.log.info({ itemId: r.itemId, rung: r.rung, madeUpTo: r.next }, 'just-in-time encode stopped: nobody is watching it');
        void stopRun(r, STALE);
        continue;
      }
      const ahead = r.next - r.wanted;
      // a run started since this one was last asked (a seek) gets the CPU until its first segment is made
      const yieldTo = r.waiting === 0 && [...runs].some((o) => o !== r && o.itemId === r.itemId && o.rung === r.rung && !o.headStart && !o.exited && o.startedAt >= r.lastRequestAt && o.next === o.startIndex);
      if (!r.paused && (ahead > opts.aheadSegments || yieldTo)) {
        r.control?.pause();
        r.paused = true;
      } else if (r.paused && ahead <= opts.aheadSegments / 2 && !yieldTo) {
        r.control?.resume();
        r.paused = false;
      }
    }
    if (runs.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };

  const ensureTicker = () => {
    ticker ??= setInterval(tick, opts.tickMs);
    ticker.unref();
  };

  /** 'made', or 'gone' when the run ended or was stopped without making it; throws on failure or time-out. */
  const waitFor = async (r: Run, path: string, index: number, signal?: AbortSignal): Promise<'made' | 'gone'> => {
    const deadline = deps.now() + opts.waitMs;
    r.waiting++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      r.waiting--;
    };
    // an abandoned request (the player seeked away) stops holding its run at once: a run a seek
    // starts now must not wait a tick to get the CPU from it
    const abandoned = () => {
      release();
      tick();
    };
    signal?.addEventListener('abort', abandoned, { once: true });
    try {
      for (;;) {
        if (existsSync(path)) return 'made';
        if (signal?.aborted) throw new AppError(503, 'aborted', 'the request was abandoned');
        if (r.error) {
          if (r.hardware) return 'gone'; // asked again: libx264 now
          throw new AppError(500, 'transcode_failed', `just-in-time transcoding failed: ${r.error.message}`);
        }
        if (r.exited || !runs.has(r)) return existsSync(path) ? 'made' : 'gone';
        if (deps.now() > deadline) throw new AppError(503, 'busy', `segment ${index} is still being made; try again`);
        if (r.paused) {
          r.control?.resume();
          r.paused = false;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      signal?.removeEventListener('abort', abandoned);
      release();
      // an abandoned request is no sign that anyone still wants this run
      if (!signal?.aborted) r.lastRequestAt = deps.now();
    }
  };

  const subtitles = createLiveSubtitles({ folder, runFfmpeg: deps.runFfmpeg, log: deps.log, now: deps.now, prepare: (title) => prepare(title) });

  return {
    /**
     * The master playlist of the planned ladder, at nominal rates, with the audio and subtitle groups
     * the whole ladder will have (a subtitle that could not be made left out). Its subtitles start being
     * made in the background, so one a player turns on (or a profile's language picks) is there.
     */
    async master(title: LiveTitle): Promise<string> {
      const main = title.audioTracks?.main;
      const audio = title.audio && main
        ? [{ name: main.name, language: main.language, uri: null }, ...title.audioTracks!.alternatives.map((t, i) => ({ name: t.name, language: t.language, uri: `${audioDir(i + 1)}/index.m3u8` }))]
        : [];
      const listed: MasterRenditions['subtitles'][number][] = (await subtitles.listed(title)).map((i) => {
        const s = title.subtitles![i]!;
        return { name: s.name, language: s.language, uri: `${subtitleDir(i)}/index.m3u8`, isForced: s.isForced };
      });
      // the folder readied for this plan first, so the first segment asked for does not empty it under the subtitles
      if (!closed && listed.length > 0) {
        await prepare(title);
        subtitles.warm(title, SUBTITLE_NICENESS);
      }
      return upFrontMaster(title.rungs, { audioKbps: title.audio?.kbps ?? null, frameRate: title.frameRate, renditions: { audio, subtitles: listed } });
    },
    /** A rung's or an alternative audio track's media playlist, every segment listed before it exists. */
    mediaPlaylist(title: LiveTitle, track: Track = 0): string {
      if (!knownTrack(title, track)) throw new AppError(404, 'not_found', 'stream file not found');
      return upFrontPlaylist(startsOf(title, track), title.durationMs);
    },
    segmentCount: (title: LiveTitle, track: Track = 0): number => startsOf(title, track).length,
    /** A subtitle's media playlist: one WebVTT file for the whole title. */
    subtitlePlaylist(title: LiveTitle, index: number): string {
      subtitleAt(title, index);
      return subtitlePlaylist(title.durationMs, SUBTITLE_FILE);
    },
    /** The path of a subtitle's WebVTT file, made now when it is not made yet; 422 with the reason when it cannot be. */
    subtitle: (title: LiveTitle, index: number): Promise<string> => subtitles.file(title, index),
    /** The title's subtitles not known to be unreadable. */
    listedSubtitles: (title: LiveTitle): Promise<number[]> => subtitles.listed(title),

    /**
     * The path of segment `index` of rung `rung`, made now when it is not on disk: waits for a run
     * that reaches it soon (within two segments), starts one at it otherwise. `elsewhere` is asked
     * when a run goes away without it (the full ladder was published meanwhile): its path wins.
     */
    async segment(title: LiveTitle, rung: Track, index: number, signal?: AbortSignal, elsewhere?: () => string | null): Promise<string> {
      const count = startsOf(title, rung).length;
      if (!knownTrack(title, rung) || index < 0 || index >= count) throw new AppError(404, 'not_found', 'stream file not found');
      if (closed) throw new AppError(503, 'busy', 'the server is stopping');
      const path = folder.segment(title.itemId, rung, index);
      for (let attempt = 0; attempt < 3; attempt++) {
        await prepare(title);
        for (const r of runsOf(title.itemId, rung)) {
          if (index < r.startIndex || index >= r.end) continue;
          advance(r);
          // a run far behind the request (the player seeked ahead) does not serve it: left to be paused
          // and stopped, not kept at full speed beside the run the seek starts (bench/playback/start.ts)
          if (index - r.next > NEAR_SEGMENTS) continue;
          r.lastRequestAt = deps.now();
          r.wanted = index;
        }
        if (existsSync(path)) return path;
        const run = await exclusive(`rung ${title.itemId}/${rung}`, async () => {
          if (existsSync(path)) return null;
          const near = runsOf(title.itemId, rung).find((r) => {
            advance(r);
            return !r.exited && !r.error && index >= r.next && index < r.end && (r.headStart || index - r.next <= NEAR_SEGMENTS);
          });
          if (near) return near;
          const fresh = await startRun(title, rung, index);
          tick(); // the runs this one should not compete with are held now, not at the next tick
          return fresh;
        });
        if (!run) return path;
        run.wanted = Math.max(run.wanted, index);
        if ((await waitFor(run, path, index, signal)) === 'made') return path;
        const other = elsewhere?.();
        if (other) return other;
      }
      throw new AppError(503, 'busy', `segment ${index} could not be made; try again`);
    },

    /**
     * A head start: the first segments of some rungs made ahead of time (a job), so playback
     * starts from disk. A player asking meanwhile waits for it; rungs being made just in time are left to their run.
     */
    async headStart(title: LiveTitle, rungs: readonly number[], seconds: number, ctx: { signal: AbortSignal; onProgress?: (f: number) => void; niceness?: number }): Promise<'done' | 'skipped'> {
      await prepare(title);
      const all = startsOf(title);
      const count = Math.min(all.length, Math.max(1, Math.ceil(seconds / deps.segmentSeconds)));
      const endSeconds = count < all.length ? all[count]! : null;
      const abort = new AbortController();
      const group = await Promise.all(
        rungs.map((r) =>
          exclusive(`rung ${title.itemId}/${r}`, async () => {
            if (runsOf(title.itemId, r).some((x) => !x.exited) || folder.has(title.itemId, r, count - 1)) return null;
            await folder.readyRung(title.itemId, r);
            const run = newRun(title.itemId, r, 0, count, abort, false, true);
            runs.add(run); // claimed before the lock is let go: a player now waits for it
            return run;
          }),
        ),
      );
      const todo = group.filter((r): r is Run => r !== null);
      if (todo.length === 0) return 'skipped';
      const videoEncoder = await encoder();
      for (const r of todo) r.hardware = videoEncoder !== null;
      const args = await argsFor(title, { rungs: todo.map((r) => r.rung), startIndex: 0, endSeconds, videoEncoder, headStart: true });
      await launch(todo, args, {
        signal: ctx.signal,
        niceness: ctx.niceness,
        onStdoutLine: progressLines(endSeconds !== null ? endSeconds * 1000 : title.durationMs, ctx.onProgress),
      });
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (todo[0]!.error) throw todo[0]!.error;
      // stopped by the live service (the ladder was published, or the source changed): nothing left to do
      return abort.signal.aborted ? 'skipped' : 'done';
    },

    /** The full ladder is published: runs stop and what they made is removed. */
    async discard(itemId: number): Promise<void> {
      await exclusive(`item ${itemId}`, async () => {
        await stopItem(itemId);
        checkedKeys.delete(itemId);
        await folder.remove(itemId);
      });
    },

    /** Running encodes, for the admin and for tests. */
    sessions: () =>
      [...runs].map((r) => ({ itemId: r.itemId, rung: r.rung, startIndex: r.startIndex, next: r.next, end: r.end, wanted: r.wanted, paused: r.paused, running: !r.exited, headStart: r.headStart })),

    async stop(): Promise<void> {
      closed = true;
      await subtitles.close();
      if (ticker) clearInterval(ticker);
      ticker = null;
      await Promise.all([...runs].map((r) => stopRun(r, 'server shutting down')));
    },
  };
}
