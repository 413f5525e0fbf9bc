import { badRequest, notFound } from '../errors.js';
import type { SessionBatch } from '../history/history.service.js';
import type { PlaybackStore } from './playback.store.js';
import type { PlaybackObserver } from './playback.metrics.js';
import { ACTIVE_MS, type PlaybackMethod, type PlaybackSession, type SessionEvent } from './playback.types.js';
import { HOUR_MS, hourOf, qoeBuckets, type QoeBucket } from './qoe.js';
import { applyEvents } from './session-events.js';

/** A player keeps at most a few thousand unsent events: a batch numbered further ahead is not one of its own. */
export const MAX_SEQ_GAP = 10_000;

/** How many sessions the admin list shows when it asks for ended ones too. */
export const RECENT_SESSIONS = 100;
/** Sessions are kept this long (the QoE charts show a day; a season of history is plenty to look back on). */
export const KEEP_SESSIONS_MS = 90 * 24 * 60 * 60_000;

export interface StartSession {
  itemId: number;
  method: PlaybackMethod;
  clientId: string;
  clientName: string;
  /** the profile watching: its history gets the session's events (none without one) */
  profileId?: number | null;
}

/** Where a session's start, progress, pauses and end go: the profile's watch history (history/). */
export interface SessionHistory {
  recordSession(batch: SessionBatch, at: number): void;
}

export const isActive = (session: Pick<PlaybackSession, 'endedAt' | 'lastSeenAt'>, now: number): boolean =>
  session.endedAt === null && now - session.lastSeenAt < ACTIVE_MS;

export type PlaybackService = ReturnType<typeof createPlaybackService>;

/** Sessions as the players report them and their QoE per hour; their events feed the watching profile's history. */
export function createPlaybackService(deps: { store: PlaybackStore; now: () => number; metrics?: PlaybackObserver; history?: SessionHistory }) {
  const activeSince = () => deps.now() - ACTIVE_MS + 1;
  return {
    /** A player starts playing a title; answers the new session's id. */
    start(input: StartSession): { id: number } {
      if (!deps.store.itemExists(input.itemId)) throw notFound(`item ${input.itemId}`);
      const id = deps.store.insert({ ...input, profileId: input.profileId ?? null, at: deps.now() });
      deps.metrics?.sessionStarted(input.method);
      return { id };
    },

    /**
     * A batch of the player's events, in order; an empty batch only says the player is still there.
     * `seq`: the number of the batch's first event (players number them from 1): the events of a batch
     * sent again that were applied already are skipped, so nothing counts twice. Without it (older
     * players) the running totals keep time and history from counting twice.
     */
    record(id: number, batch: readonly SessionEvent[], seq?: number, by?: { profileId: number }): void {
      const session = deps.store.get(id);
      // another profile's session is not there for it (its events would go to that profile's history)
      if (!session || (by !== undefined && session.profileId !== null && session.profileId !== by.profileId)) throw notFound(`session ${id}`);
      if (seq !== undefined && seq > session.eventSeq + MAX_SEQ_GAP) throw badRequest(`seq: ${seq} is far past the session's last event (${session.eventSeq})`);
      const now = deps.now();
      const events = seq === undefined ? batch : batch.slice(Math.max(0, session.eventSeq - seq + 1));
      const eventSeq = seq === undefined || batch.length === 0 ? session.eventSeq : Math.max(session.eventSeq, seq + batch.length - 1);
      const applied = applyEvents(session, events, now);
      deps.store.transaction(() => {
        deps.store.commit(session.id, applied.totals, applied.usage, eventSeq, now);
        const { profileId, itemId } = session;
        if (deps.history && profileId !== null && itemId !== null) deps.history.recordSession({ session, profileId, itemId, events }, now);
      });
      deps.metrics?.eventsApplied(session.method, applied);
    },

    get(id: number): PlaybackSession & { active: boolean } {
      const session = deps.store.get(id);
      if (!session) throw notFound(`session ${id}`);
      return { ...session, active: isActive(session, deps.now()) };
    },

    /** Active sessions only, or the latest ones ended or not; newest first. */
    list(opts: { active: boolean }): (PlaybackSession & { active: boolean })[] {
      const now = deps.now();
      const sessions = opts.active ? deps.store.listActive(activeSince()) : deps.store.listRecent(RECENT_SESSIONS);
      return sessions.map((s) => ({ ...s, active: isActive(s, now) }));
    },

    activeCounts: (): Partial<Record<PlaybackMethod, number>> => deps.store.activeCounts(activeSince()),

    /** QoE in hourly buckets over the last `hours` hours (the current one included), oldest first. */
    qoe(hours: number): QoeBucket[] {
      const now = deps.now();
      const since = hourOf(now) - (hours - 1) * HOUR_MS;
      return qoeBuckets({ now, hours, startups: deps.store.startupsSince(since), usage: deps.store.usageSince(since) });
    },

    /** Forgets sessions not seen for KEEP_SESSIONS_MS (the watch history stays); answers how many went. */
    forgetOld: (): number => deps.store.forgetBefore(deps.now() - KEEP_SESSIONS_MS),
  };
}
