import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  audioDir,
  DEFAULT_LADDER,
  DEFAULT_PRESET,
  decidePlayback,
  encodeSettings,
  REMUX_DIR,
  MASTER_PLAYLIST,
  planAudio,
  planLadder,
  baseLanguage,
  planSubtitles,
  runHlsWithSafeRetry,
  SUBTITLE_FILE,
  subtitleDir,
  webvttSubtitles,
  segmentFile,
  type ProbeMedia,
  type Rung,
  type RunFfmpeg,
  type X264Preset,
  type HardwareEncoder,
  type AudioPlan,
  type PlannedRung,
  type ClientCapabilities,
} from '../../../transcoder/src/index.js';
import type { Logger } from '../log.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import type { MediaFileStore } from '../catalog/media-file.store.js';
import type { MediaFile } from '../catalog/catalog.types.js';
import { AppError, notFound } from '../errors.js';
import type { JobStore } from '../jobs/job.store.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { PRIORITY, type Job } from '../jobs/job.types.js';
import { audioTrack, type LiveService, type LiveTitle } from './live.service.js';
import type { RenditionStore } from './rendition.store.js';
import { createRemuxService } from './remux.service.js';
import { createStreamTokens, randomStreamSecret, type StreamTokens } from './stream-token.js';

export interface TranscodeState {
  status: 'none' | Job['status'];
  progress: number;
  error: string | null;
}

/** `path` is below `/api/items/{id}/`: the file itself, the remuxed stream or the HLS master. */
export type Playback =
  | { ready: true; method: 'direct' | 'remux' | 'hls'; path: string; reason: string; transcode: TranscodeState }
  | { ready: false; method: 'hls'; reason: string; transcode: TranscodeState };

/** What a client asks for: `hls` wants the adaptive ladder even when the file would play as it is. */
export type PlaybackPreference = 'auto' | 'hls';

/** background encodes yield the CPU to just-in-time playback (nice 10) */
const BACKGROUND_NICENESS = 10;
/** DESIGN: a title's first ~30 s are made first, at a low and a middle rung */
const HEAD_START_SECONDS = 30;

export type HlsService = ReturnType<typeof createHlsService>;

/**
 * Owns HLS renditions: the job handler that makes them, and the playback answer that queues one
 * at top priority when somebody presses Play on a title that has none yet.
 */
export function createHlsService(deps: {
  catalog: CatalogStore;
  files: MediaFileStore;
  jobs: JobStore;
  renditions: RenditionStore;
  runFfmpeg: RunFfmpeg;
  /** quality control probes the output before it is published */
  probe: ProbeMedia;
  /** the ffprobe QC reads segments' packets with (a keyframe at every segment start); absent: not checked */
  ffprobePath?: string;
  transcodesDir: string;
  segmentSeconds: number;
  poke: () => void;
  now: () => number;
  /** just-in-time segments for titles whose ladder is not made yet */
  live: LiveService;
  /** the ladder's rungs from the settings (default: DESIGN's ladder) */
  ladder?: () => readonly Rung[];
  /** the x264 preset from the settings (default: veryfast) */
  preset?: () => X264Preset;
  /** the hardware encoder the settings enable and a test encode found working; null: libx264 */
  videoEncoder?: () => Promise<HardwareEncoder | null>;
  /** signs and checks the stream URLs' tokens (default: a secret that ends with the process) */
  tokens?: StreamTokens;
  log?: Logger;
}) {
  const ladder = deps.ladder ?? (() => DEFAULT_LADDER);
  const preset = deps.preset ?? (() => DEFAULT_PRESET);
  const finalDir = (itemId: number) => join(deps.transcodesDir, String(itemId));

  const stateOf = (itemId: number): TranscodeState => {
    const job = deps.jobs.find('hls', itemId);
    if (deps.renditions.get(itemId)) return { status: 'done', progress: 1, error: null };
    if (!job) return { status: 'none', progress: 0, error: null };
    // a failed attempt waiting for its retry is shown as failed: the player offers Retry at once
    if (job.status === 'queued' && job.error !== null) return { status: 'failed', progress: job.progress, error: job.error };
    return { status: job.status, progress: job.progress, error: job.error };
  };

  /** The files played for an item: its first present version, all its parts in order. */
  const playableFiles = (itemId: number): MediaFile[] => {
    const present = deps.files.ofItem(itemId).filter((f) => !f.missing);
    const version = present[0]?.version ?? null;
    return present.filter((f) => f.version === version).sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
  };

  /** A title's subtitles as the ladder plans them; a sidecar belongs to one file: only a single-part title gets them. */
  const subtitlesOf = (file: MediaFile, parts: number) => {
    const sidecars = parts === 1 ? deps.files.subtitlesOf(file.id).map((sub) => ({ path: sub.path, language: sub.language, isForced: sub.forced, isHearingImpaired: sub.hearingImpaired })) : [];
    return planSubtitles(file.media.details?.streams ?? [], sidecars);
  };

  /**
   * The plan every encode of a title follows — the full ladder, a head start and just-in-time
   * segments alike — so their segments are interchangeable. Null: nothing to play. `withSubtitles`:
   * the text subtitles a player is offered before the ladder is made (not on a segment's path).
   */
  const planOf = (itemId: number, fixedRungs?: readonly PlannedRung[], withSubtitles = false): (LiveTitle & { mediaFileId: number; audioTracks?: AudioPlan; parts: number }) | null => {
    const parts = playableFiles(itemId);
    const first = parts[0];
    if (!first?.media.video) return null;
    const rungs = fixedRungs ?? planLadder(first.media, ladder());
    if (rungs.length === 0) return null;
    const encode = encodeSettings(first.media);
    const audioTracks = planAudio(first.media);
    const plan = {
      itemId,
      mediaFileId: first.id,
      inputs: parts.map((p) => p.path),
      durationMs: parts.reduce((sum, p) => sum + p.durationMs, 0),
      rungs,
      audio: encode.audio,
      frameRate: encode.frameRate ?? 0,
      toneMap: encode.toneMap ?? false,
      maxFrameRate: encode.maxFrameRate,
      // the main track (the source's default-flagged one) plays in every rung, whole ladder or just in time
      audioStream: audioTracks?.main.sourceIndex ?? 0,
      audioTracks: audioTracks ?? undefined,
      ...(withSubtitles ? { subtitles: webvttSubtitles(subtitlesOf(first, parts.length)).map((s) => s.subtitle) } : {}),
      parts: parts.length,
    };
    const key = JSON.stringify([parts.map((p) => [p.id, p.sizeBytes, p.mtimeMs]), rungs, deps.segmentSeconds, plan.audio, plan.audioStream, plan.toneMap]);
    return { ...plan, key };
  };

  const background: RunFfmpeg = (args, opts) => deps.runFfmpeg(args, { ...opts, niceness: BACKGROUND_NICENESS });

  const handler: JobHandler = async (job, ctx) => {
    const item = deps.catalog.get(job.itemId);
    const plan = item ? planOf(item.id) : null;
    if (!item || !plan) return 'skipped'; // removed, its folder is offline, or nothing to encode
    const file = deps.files.get(plan.mediaFileId)!;
    const request = {
      inputs: plan.inputs,
      finalDir: finalDir(item.id),
      tmpDir: join(deps.transcodesDir, '.tmp', String(job.id)),
      segmentSeconds: deps.segmentSeconds,
      rungs: plan.rungs,
      audio: plan.audio,
      durationMs: plan.durationMs,
      frameRate: plan.frameRate,
      toneMap: plan.toneMap,
      maxFrameRate: plan.maxFrameRate,
      audioTracks: plan.audioTracks,
      subtitles: subtitlesOf(file, plan.parts),
      preset: preset(),
      videoEncoder: (await deps.videoEncoder?.()) ?? null,
    };
    // after a failed quality check, one more try with safer settings; a second failure fails the job with the reason
    const { result } = await runHlsWithSafeRetry(request, {
      runFfmpeg: background,
      signal: ctx.signal,
      onProgress: ctx.reportProgress,
      check: deps.probe,
      ffprobePath: deps.ffprobePath,
      onFallback: (reason) => deps.log?.warn({ itemId: item.id, reason }, 'hardware encoder failed; encoding with libx264'),
    });
    for (const left of result.subtitlesLeftOut) deps.log?.warn({ itemId: item.id, subtitle: left.name, reason: left.reason }, 'subtitle left out of the ladder');
    deps.renditions.save({ itemId: item.id, mediaFileId: plan.mediaFileId, dir: String(item.id), rungs: [...plan.rungs], createdAt: deps.now() });
    // the whole ladder serves from now on; segments made just in time are not needed any more (left
    // behind if they cannot go now: the next start clears them; the ladder is made, whatever happens here)
    await deps.live.discard(item.id).catch((err: unknown) => deps.log?.warn({ itemId: item.id, err: err instanceof Error ? err.message : String(err) }, 'just-in-time segments not removed'));
    return 'done';
  };

  /** The first ~30 s at a low and a middle rung, so a title added today starts from disk. */
  const headStartHandler: JobHandler = async (job, ctx) => {
    const plan = planOf(job.itemId);
    if (!plan || deps.renditions.get(job.itemId)) return 'skipped';
    const rungs = [...new Set([0, Math.floor((plan.rungs.length - 1) / 2)])];
    return deps.live.headStart(plan, rungs, HEAD_START_SECONDS, { signal: ctx.signal, onProgress: ctx.reportProgress, niceness: BACKGROUND_NICENESS });
  };

  /** How the title's file reaches a browser (direct, remux or the ladder), and the track it plays. */
  const decisionOf = (itemId: number) => {
    const parts = playableFiles(itemId);
    const first = parts[0];
    if (!first) return null;
    const audioStream = planAudio(first.media)?.main.sourceIndex ?? 0;
    return { file: first, audioStream, decision: decidePlayback(first.media, { parts: parts.length, mainAudio: audioStream }) };
  };

  /**
   * The file's alternative audio track in the profile's language when its main track is in another:
   * direct play and the remux carry the main track only, HLS (the ladder or just in time) every one.
   * A main track that names no language is taken to be the one wanted, and a commentary is no dub.
   */
  const otherTrackIn = (media: MediaFile['media'], language: string | undefined) => {
    const want = baseLanguage(language);
    const plan = planAudio(media);
    if (want === null || !plan || plan.main.language === null || baseLanguage(plan.main.language) === want) return null;
    return plan.alternatives.find((t) => baseLanguage(t.language) === want && !/comment/i.test(t.name)) ?? null;
  };

  const remux = createRemuxService({
    transcodesDir: deps.transcodesDir,
    runFfmpeg: background,
    segmentSeconds: deps.segmentSeconds,
    planOf: (itemId) => {
      const d = decisionOf(itemId);
      return d && d.decision.method === 'remux' ? { file: d.file, decision: d.decision, audioStream: d.audioStream } : null;
    },
  });

  /**
   * The plan of a title played just in time; 404 when it has nothing to play. A title with a
   * ladder (some rungs evicted) keeps that ladder's rungs, which its master playlist names.
   */
  const livePlan = (itemId: number, withSubtitles = false): LiveTitle => {
    const plan = planOf(itemId, deps.renditions.get(itemId)?.rungs, withSubtitles);
    if (!plan) throw notFound(`stream for title ${itemId}`);
    return plan;
  };
  /** A file of the title's finished ladder (whether or not it is there); null while it has none. */
  const ladderFile = (itemId: number, ...parts: string[]): string | null => {
    const rendition = deps.renditions.get(itemId);
    return rendition ? join(deps.transcodesDir, rendition.dir, ...parts) : null;
  };

  return {
    tokens: deps.tokens ?? createStreamTokens({ secret: randomStreamSecret, now: deps.now }),
    handler,
    headStartHandler,
    remuxHandler: remux.handler,
    stateOf,
    /**
     * Queues a new or changed title behind anything somebody is waiting for: what makes it start at
     * once (a remux of a file whose H.264 plays as it is, else a head start), then the full ladder.
     */
    queueLadder(itemId: number): void {
      deps.renditions.remove(itemId);
      const method = decisionOf(itemId)?.decision.method;
      if (method === 'remux') deps.jobs.enqueue('remux', itemId, PRIORITY.headStart, deps.now(), true);
      else if (method === 'hls') deps.jobs.enqueue('headstart', itemId, PRIORITY.headStart, deps.now(), true);
      deps.jobs.enqueue('hls', itemId, PRIORITY.fullLadder, deps.now(), true);
      deps.poke();
    },
    /** A title whose ladder was evicted plays just in time again: its head start is made anew (when it needs one). */
    queueHeadStart(itemId: number): void {
      if (decisionOf(itemId)?.decision.method !== 'hls') return;
      deps.jobs.enqueue('headstart', itemId, PRIORITY.headStart, deps.now(), true);
      deps.poke();
    },
    /**
     * The answer to Play: the file itself when the browser plays it, its remux when made, the ladder
     * when made, else the ladder just in time (its job moved first in line).
     */
    playback(itemId: number, opts: { retry?: boolean; prefer?: PlaybackPreference; client?: ClientCapabilities; audioLanguage?: string } = {}): Playback {
      const item = deps.catalog.get(itemId);
      if (!item) throw notFound(`title ${itemId}`);
      const files = playableFiles(itemId);
      if (files.length === 0) throw new AppError(503, 'offline', `${item.title} is offline: its folder cannot be reached right now`);
      if (!files[0]!.media.video) throw new AppError(415, 'unsupported_media', `${item.title} has no video stream`);
      const chosen = decisionOf(itemId)!;
      // the remux and the queue follow the default client's decision; this client's picks among them
      const forClient = opts.client ? decidePlayback(chosen.file.media, { parts: files.length, mainAudio: chosen.audioStream }, opts.client) : chosen.decision;
      const otherAudio = forClient.method === 'hls' ? null : otherTrackIn(chosen.file.media, opts.audioLanguage);
      const prefer = otherAudio ? 'hls' : opts.prefer;
      if (prefer !== 'hls') {
        if (forClient.method === 'direct') return { ready: true, method: 'direct', path: 'file', reason: forClient.reason, transcode: stateOf(itemId) };
        if (forClient.method === 'remux' && chosen.decision.method === 'remux') {
          const plan = { file: chosen.file, decision: chosen.decision, audioStream: chosen.audioStream };
          if (remux.isReady(itemId, plan)) return { ready: true, method: 'remux', path: `${REMUX_DIR}/index.m3u8`, reason: forClient.reason, transcode: stateOf(itemId) };
          // a remux takes seconds: first in line (a failed one waits for the admin); the ladder plays just in time meanwhile
          deps.jobs.enqueue('remux', itemId, PRIORITY.playbackNow, deps.now(), deps.jobs.find('remux', itemId)?.status !== 'failed');
        }
      }
      // the remux will play next time: its ladder stays at its own place in the queue
      const remuxSoon = prefer !== 'hls' && forClient.method === 'remux' && chosen.decision.method === 'remux';
      const ladderPriority = remuxSoon ? PRIORITY.fullLadder : PRIORITY.playbackNow;
      // why the ladder plays, before how far it is: "transcoding: this browser cannot play HEVC; HLS: …"
      const why =
        otherAudio ? `HLS: ${otherAudio.name} audio is a second track of the file, which only HLS carries`
        : opts.prefer === 'hls' ? 'HLS as the player asked'
        : remuxSoon ? `${forClient.reason} (being made)`
        : forClient.method === 'hls' ? forClient.reason
        // a remux is made only of files a desktop browser cannot open as they are
        : 'transcoding: this player does not open the file as it is, and it has no remux';
      const rendition = deps.renditions.get(itemId);
      if (rendition && existsSync(join(deps.transcodesDir, rendition.dir, MASTER_PLAYLIST))) {
        return { ready: true, method: 'hls', path: `hls/${MASTER_PLAYLIST}`, reason: `${why}; HLS: the adaptive ladder is ready`, transcode: stateOf(itemId) };
      }
      if (rendition) deps.renditions.remove(itemId); // its files are gone: make it again
      const job = deps.jobs.find('hls', itemId);
      // a failed job waits for an explicit retry, so a player polling for progress sees the failure
      const waitingRetry = job?.status === 'queued' && job.error !== null;
      const again = (job?.status !== 'failed' && !waitingRetry) || opts.retry === true;
      deps.jobs.enqueue('hls', itemId, ladderPriority, deps.now(), again);
      if (waitingRetry && opts.retry === true) deps.jobs.expedite(job.id, ladderPriority);
      deps.poke();
      const state = stateOf(itemId);
      if (state.status === 'failed') return { ready: false, method: 'hls', reason: `transcoding failed: ${state.error ?? 'unknown error'}`, transcode: state };
      // nobody waits for the ladder: segments not made yet are made as they are asked for
      return { ready: true, method: 'hls', path: `hls/${MASTER_PLAYLIST}`, reason: `${why}; HLS just in time: the full ladder is ${Math.round(state.progress * 100)} % made`, transcode: state };
    },
    /**
     * The file played directly: a title in one file (which clients play it is their decision, made
     * by playback(); the URL's token says this title was asked for).
     */
    directFile(itemId: number): string {
      const files = playableFiles(itemId);
      if (files.length !== 1) throw notFound(`file of title ${itemId}`);
      return files[0]!.path;
    },
    /** The folder of the title's finished remux. */
    remuxDir(itemId: number): string {
      const chosen = decisionOf(itemId);
      if (!chosen || chosen.decision.method !== 'remux' || !remux.isReady(itemId, { file: chosen.file, decision: chosen.decision, audioStream: chosen.audioStream })) throw notFound(`stream for title ${itemId}`);
      return remux.dir(itemId);
    },
    /** The folder of the title's finished ladder, or null while it plays just in time. */
    renditionDir: (itemId: number): string | null => ladderFile(itemId),
    liveMaster: (itemId: number): Promise<string> => deps.live.master(livePlan(itemId, true)),
    /** `audio`: the n-th alternative audio track's (a1 is 1) instead of the rung's */
    liveMediaPlaylist: (itemId: number, rung: number, audio = false): string => deps.live.mediaPlaylist(livePlan(itemId), audio ? audioTrack(rung) : rung),
    liveSegment: (itemId: number, rung: number, index: number, signal?: AbortSignal, audio = false): Promise<string> =>
      // the ladder published while a request waited has the segment: it is served from there
      deps.live.segment(livePlan(itemId), audio ? audioTrack(rung) : rung, index, signal, () => {
        const path = ladderFile(itemId, audio ? audioDir(rung) : String(rung), segmentFile(index));
        return path && existsSync(path) ? path : null;
      }),
    /**
     * What a player is told of the title's tracks: the names of its forced subtitles (signs, foreign
     * lines) as every menu shows them; and, for a player of the file itself (`asItIs`: direct or remux,
     * one audio track), every audio track when there are several (choosing another plays HLS) and the
     * text subtitles not known to be unreadable, forced ones last.
     */
    async playerTracks(itemId: number, asItIs: boolean): Promise<{ audio: { language: string | null; name: string }[]; subtitles: { index: number; language: string | null; name: string; forced: boolean }[]; forced: string[] }> {
      const plan = planOf(itemId, undefined, true);
      if (!plan) return { audio: [], subtitles: [], forced: [] };
      const forced = (plan.subtitles ?? []).filter((s) => s.isForced).map((s) => s.name);
      if (!asItIs) return { audio: [], subtitles: [], forced };
      const tracks = plan.audio && plan.audioTracks && plan.audioTracks.alternatives.length > 0 ? [plan.audioTracks.main, ...plan.audioTracks.alternatives] : [];
      const readable = new Set(await deps.live.listedSubtitles(plan));
      return {
        audio: tracks.map((t) => ({ language: t.language, name: t.name })),
        // forced ones after the others, so a language picks the full ones
        subtitles: (plan.subtitles ?? [])
          .map((s, index) => ({ index, language: s.language, name: s.name, forced: s.isForced }))
          .filter((s) => readable.has(s.index))
          .sort((a, b) => Number(a.forced) - Number(b.forced)),
        forced,
      };
    },
    /** A subtitle as WebVTT: the ladder's when it is made, else made now from the source (as just in time). */
    async subtitleFile(itemId: number, index: number): Promise<string> {
      const made = ladderFile(itemId, subtitleDir(index), SUBTITLE_FILE);
      if (made && existsSync(made)) return made;
      return deps.live.subtitle(livePlan(itemId, true), index);
    },
    liveSubtitlePlaylist: (itemId: number, index: number): string => deps.live.subtitlePlaylist(livePlan(itemId, true), index),
  };
}
