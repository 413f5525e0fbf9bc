// The rules of the watch history, pure: when a title counts as played, what a player's batch adds to
// the log, and how the events make the state (resume point, played, play count, last played).
import type { SessionEvent, SessionTotals } from '../playback/playback.types.js';
import { EMPTY_STATE, type HistoryFact, type WatchState } from './history.types.js';

/** Under this, a position is "barely begun": no resume point (the viewer starts over anyway). */
export const MIN_RESUME_MS = 10_000;
/** From this share of the duration on, the title is played (the credits roll) when no chapter says where they start. */
export const PLAYED_SHARE = 0.9;
/** A credits chapter counts from this share of the duration on: earlier ones are opening credits. */
export const CREDITS_FROM_SHARE = 0.75;

// the player's next-episode card reads chapters the same way (renderer/src/lib/player/next-episode.ts)
const CREDITS = /\b(end\s*)?credits?\b|\bend\s*titles?\b|\boutro\b|\bending\b/i;

/** Where the end credits start (ms): the first credits chapter in the last quarter; null when none says so. */
export function creditsStartMs(chapters: readonly { startMs: number; title: string | null }[], durationMs: number): number | null {
  if (!(durationMs > 0)) return null;
  const starts = chapters
    .filter((c) => c.title !== null && CREDITS.test(c.title))
    .map((c) => c.startMs)
    .filter((start) => start >= durationMs * CREDITS_FROM_SHARE && start < durationMs);
  return starts.length > 0 ? Math.min(...starts) : null;
}

/** Played: at least 90 % watched, or the credits reached. `durationMs` 0: unknown (only the credits can tell). */
export function isPlayedAt(positionMs: number, durationMs: number, creditsMs: number | null): boolean {
  if (creditsMs !== null && positionMs >= creditsMs) return true;
  return durationMs > 0 && positionMs >= durationMs * PLAYED_SHARE;
}

/**
 * What a batch of player events adds to the history, in order: the session's first frame (start), each
 * report that moved the position or the time watched (progress, or pause when the player said it paused),
 * and the session's first end (stop) once it played. A report older than the session's running total, or one that moves
 * nothing (a paused player's heartbeat), adds nothing: a batch sent twice is never counted twice.
 */
export function historyOfBatch(before: Pick<SessionTotals, 'startupMs' | 'endedAt' | 'watchedMs' | 'positionMs' | 'durationMs'>, events: readonly SessionEvent[], at: number): HistoryFact[] {
  const facts: HistoryFact[] = [];
  let started = before.startupMs !== null;
  let ended = before.endedAt !== null;
  // a frame showed, or the player reported a position: the session played something
  let played = started || before.watchedMs > 0 || before.positionMs > 0;
  let { watchedMs, positionMs, durationMs } = before;
  for (const event of events) {
    switch (event.kind) {
      case 'start':
        if (!started) facts.push({ kind: 'start', positionMs: null, durationMs: null, at });
        started = played = true;
        break;
      case 'progress': {
        if (event.durationMs > 0) durationMs = event.durationMs;
        if (event.watchedMs < watchedMs) break; // an older report, sent again
        if (event.watchedMs === watchedMs && event.positionMs === positionMs) break;
        facts.push({ kind: event.paused ? 'pause' : 'progress', positionMs: event.positionMs, durationMs: durationMs > 0 ? durationMs : null, at });
        watchedMs = event.watchedMs;
        positionMs = event.positionMs;
        played = true;
        break;
      }
      case 'end':
        // a player closed before its first frame played nothing: no history
        if (!ended && played) facts.push({ kind: 'stop', positionMs: event.positionMs, durationMs: durationMs > 0 ? durationMs : null, at });
        ended = true;
        positionMs = event.positionMs;
        break;
      case 'stall':
      case 'switch':
      case 'error':
        break;
    }
  }
  return facts;
}

/** The state after one more event. Events are folded in the order they happened. */
export function foldEvent(state: WatchState, fact: HistoryFact): WatchState {
  switch (fact.kind) {
    case 'start':
      // a new viewing: it may end with another play, and it puts the title back on Continue watching
      return { ...state, lastPlayedAt: fact.at, hidden: false, viewingDone: false };
    case 'progress':
    case 'pause':
    case 'stop': {
      const durationMs = fact.durationMs !== null && fact.durationMs > 0 ? fact.durationMs : state.durationMs;
      if (state.viewingDone) return { ...state, durationMs, lastPlayedAt: fact.at };
      const positionMs = fact.positionMs ?? 0;
      const atEnd = durationMs > 0 && positionMs >= durationMs * PLAYED_SHARE;
      return { ...state, durationMs, resumeMs: positionMs >= MIN_RESUME_MS && !atEnd ? positionMs : 0, lastPlayedAt: fact.at };
    }
    case 'complete':
      return { ...state, played: true, playCount: state.playCount + 1, playedAt: fact.at, lastPlayedAt: fact.at, resumeMs: 0, hidden: false, viewingDone: true };
    case 'mark_played':
      // marking a played title played again counts no second play
      return { ...state, played: true, playCount: state.played ? state.playCount : state.playCount + 1, playedAt: fact.at, lastPlayedAt: fact.at, resumeMs: 0, viewingDone: true };
    case 'mark_unplayed':
      return { ...state, played: false, playCount: 0, playedAt: null, resumeMs: 0, viewingDone: false };
    case 'hide':
      return { ...state, hidden: true };
  }
}

/** The state a title's events make, from nothing; ties in time keep the given order. */
export function replay(facts: readonly HistoryFact[]): WatchState {
  const ordered = facts.map((fact, i) => ({ fact, i })).sort((a, b) => a.fact.at - b.fact.at || a.i - b.i);
  return ordered.reduce((state, { fact }) => foldEvent(state, fact), EMPTY_STATE);
}

/** What makes two events the same one: a batch or an import sent twice adds nothing (the log's unique index too). */
export const eventKey = (e: { itemId: number; at: number; kind: string; positionMs: number | null }): string => `${e.itemId}|${e.at}|${e.kind}|${e.positionMs ?? -1}`;

/** The incoming events not already in `existing` (nor earlier in `incoming`), in the order given. */
export function newEvents<T extends { itemId: number; at: number; kind: string; positionMs: number | null }>(existing: Iterable<{ itemId: number; at: number; kind: string; positionMs: number | null }>, incoming: readonly T[]): T[] {
  const seen = new Set<string>();
  for (const e of existing) seen.add(eventKey(e));
  return incoming.filter((e) => {
    const key = eventKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
