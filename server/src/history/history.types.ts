// The watch history (#6): what each profile did with each title, as an append-only log of events, and
// the state per profile and title that the events make (resume point, played, play count, last played).

/**
 * start: a playback's first frame; progress: a player's periodic report; pause: the player paused;
 * stop: the player went away; complete: watched to the credits (or 90 %); mark_played / mark_unplayed:
 * by hand; hide: taken off Continue watching.
 */
export const HISTORY_EVENT_KINDS = ['start', 'progress', 'pause', 'stop', 'complete', 'mark_played', 'mark_unplayed', 'hide'] as const;
export type HistoryEventKind = (typeof HISTORY_EVENT_KINDS)[number];

/** One event of a profile's history, as the state is made from it. */
export interface HistoryFact {
  kind: HistoryEventKind;
  /** where the player was; null for events without a position (start, marks, hide) */
  positionMs: number | null;
  /** the title's length as the player knew it; null when not said */
  durationMs: number | null;
  at: number;
}

export interface HistoryEvent extends HistoryFact {
  id: number;
  profileId: number;
  itemId: number;
  /** the playback session it came from; null for marks and imported events */
  sessionId: number | null;
}

/** What a profile did with a title: made from its events, in the order they happened. */
export interface WatchState {
  /** where to resume; 0: from the beginning */
  resumeMs: number;
  /** the title's length as last reported; 0 while unknown */
  durationMs: number;
  played: boolean;
  playCount: number;
  /** the last completion or mark played */
  playedAt: number | null;
  /** the last time it played (or was marked played) */
  lastPlayedAt: number | null;
  /** taken off Continue watching, until it is played again */
  hidden: boolean;
  /** this viewing reached the end: the rest of it (the credits rolling, the stop) sets no resume point */
  viewingDone: boolean;
}

export const EMPTY_STATE: WatchState = Object.freeze({
  resumeMs: 0,
  durationMs: 0,
  played: false,
  playCount: 0,
  playedAt: null,
  lastPlayedAt: null,
  hidden: false,
  viewingDone: false,
});

/** A title as the history looks at it. `certification`: the title's own, an episode's series' when it has none. */
export interface WatchedTitle {
  id: number;
  kind: 'movie' | 'episode' | 'extra';
  libraryId: number;
  seriesId: number | null;
  season: number | null;
  durationMs: number;
  certification: string | null;
}

/** A title on Continue watching: in progress, newest first. */
export interface ContinueEntry {
  itemId: number;
  positionMs: number;
  durationMs: number;
  lastPlayedAt: number;
}

/** The episode to watch next of a series, after the one watched last. */
export interface NextUpEntry {
  itemId: number;
  seriesId: number;
  /** when the series' last episode was watched */
  lastPlayedAt: number;
}

/** How a title is recognised in an exported history, on this server or another one. */
export interface TitleIdentity {
  kind: 'movie' | 'episode' | 'extra';
  title: string;
  year: number | null;
  /** episodes */
  series: string | null;
  season: number | null;
  episode: number | null;
}

/** An event as it leaves (export) or comes back (import). */
export interface PortableEvent {
  at: number;
  kind: HistoryEventKind;
  itemId: number;
  positionMs: number | null;
  durationMs: number | null;
  sessionId: number | null;
}

export interface HistoryDocument {
  profileName: string;
  exportedAt: number;
  titles: ReadonlyMap<number, TitleIdentity>;
  events: readonly PortableEvent[];
}

export interface ImportResult {
  /** events new to this profile */
  added: number;
  /** events it had already (the same file imported twice adds nothing) */
  duplicates: number;
  /** events of titles this server does not have */
  unmatched: number;
}
