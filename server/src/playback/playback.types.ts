// Playback sessions: one player playing one title, and what its viewer saw (quality of experience).

export const PLAYBACK_METHODS = ['direct', 'remux', 'hls'] as const;
export type PlaybackMethod = (typeof PLAYBACK_METHODS)[number];

/** A session is active while its player reported within this long (it reports every 10 s). */
export const ACTIVE_MS = 60_000;

/** What the player reports, in the order it happened. */
export type SessionEvent =
  | { kind: 'start'; startupMs: number }
  | { kind: 'stall'; ms: number }
  | { kind: 'switch'; height: number; bitrateBps: number | null }
  | { kind: 'progress'; positionMs: number; durationMs: number; watchedMs: number; height: number | null; bufferMs?: number | null; bandwidthBps?: number | null; paused?: boolean }
  | { kind: 'error'; message: string }
  | { kind: 'end'; positionMs: number };

export const SESSION_EVENT_KINDS = ['start', 'stall', 'switch', 'progress', 'error', 'end'] as const satisfies readonly SessionEvent['kind'][];

/** The running totals of a session, as the events so far made them. */
export interface SessionTotals {
  /** Play pressed to the first frame; null until a frame showed */
  startupMs: number | null;
  stallCount: number;
  stallMs: number;
  /** changes of rung after the first one */
  switchCount: number;
  /** time spent playing (not paused, stalled or seeking) */
  watchedMs: number;
  /** bits delivered while watching at a known bit rate, and that watching time: their ratio is the average bit rate */
  bits: number;
  ratedMs: number;
  errorCount: number;
  lastError: string | null;
  /** the rung playing now (picture height, px), and its bit rate */
  height: number | null;
  bitrateBps: number | null;
  positionMs: number;
  durationMs: number;
  endedAt: number | null;
  /** what the buffer held ahead of the playhead at the last report; null when the player did not say */
  bufferMs: number | null;
  /** the bandwidth the player measured itself at the last report */
  reportedBps: number | null;
}

export interface PlaybackSession extends SessionTotals {
  id: number;
  /** null once the title is gone from the library */
  itemId: number | null;
  /** "Show — S01E02 · Title" for an episode */
  title: string;
  clientId: string;
  clientName: string;
  method: PlaybackMethod;
  startedAt: number;
  lastSeenAt: number;
  /** the segment throughput the server measured while it played; null until a segment big enough to measure */
  measuredBps: number | null;
  /** whose watch history its events go to; null: nobody's (a session from before profiles, or its profile removed) */
  profileId: number | null;
  /** that profile's name; null with it */
  profileName: string | null;
  /** the number of the last event applied (players number their events from 1); 0: none numbered */
  eventSeq: number;
}

/** Watching and stalling at one rung during one batch of events. */
export interface UsageDelta {
  height: number | null;
  watchedMs: number;
  stallMs: number;
  stallCount: number;
}

/** One hour of usage, summed over sessions, per rung. */
export interface UsageRow {
  hourAt: number;
  height: number | null;
  watchedMs: number;
  stallMs: number;
  stallCount: number;
}
