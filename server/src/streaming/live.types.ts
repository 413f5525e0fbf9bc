import type { AudioPlan, ChildControl, PlannedRung, WebvttSubtitle } from '../../../transcoder/src/index.js';

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
  /** the source's audio tracks: the main one muxed into the rungs, each alternative a track of its own (a1, a2, …) */
  audioTracks?: AudioPlan;
  /** the text subtitles the whole ladder will carry, in its order (s0, s1, …) */
  subtitles?: readonly WebvttSubtitle[];
}

/**
 * What a run makes: a video rung (0, 1, … from the lowest) or an alternative audio track, the n-th as
 * −n (a1 is −1), so one number keys the runs and the folders of both.
 */
export type Track = number;
export const audioTrack = (n: number): Track => -n;
export const isAudioTrack = (track: Track): boolean => track < 0;

/** One ffmpeg run making segments [startIndex, end) of one track (a head start's run: one per rung, sharing the process). */
export interface Run {
  itemId: number;
  rung: Track;
  startIndex: number;
  /** the first segment index not on disk yet, counting from startIndex */
  next: number;
  /** one past the last segment this run makes */
  end: number;
  /** the newest segment a player asked of it */
  wanted: number;
  startedAt: number;
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
  /** a head start (a job): never throttled or stopped for idleness */
  headStart: boolean;
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

export const LIVE_DEFAULTS: LiveOptions = { aheadSegments: 15, idleMs: 30_000, waitMs: 30_000, tickMs: 200 };
/** runs of one rung at once (two viewers far apart in one title); a third stops the one asked least recently */
export const RUNS_PER_RUNG = 2;
