import { badRequest, notFound } from '../errors.js';
import type { PlaybackSession, SessionEvent } from '../playback/playback.types.js';
import { canSee, type Viewer } from '../profiles/viewer.js';
import type { HistoryStore } from './history.store.js';
import { EMPTY_STATE, type ContinueEntry, type HistoryDocument, type HistoryEvent, type HistoryFact, type ImportResult, type NextUpEntry, type PortableEvent, type WatchedTitle, type WatchState } from './history.types.js';
import { nextUp } from './next-up.js';
import { CREDITS_FROM_SHARE, creditsStartMs, foldEvent, historyOfBatch, isPlayedAt, newEvents, replay } from './watch-rules.js';

export type HistoryService = ReturnType<typeof createHistoryService>;

/** What the playback service hands over after each batch of a session's events. */
export interface SessionBatch {
  session: Pick<PlaybackSession, 'id' | 'startupMs' | 'endedAt' | 'watchedMs' | 'positionMs' | 'durationMs'>;
  profileId: number;
  itemId: number;
  /** the batch's events not applied before (a batch sent again is cut to what is new) */
  events: readonly SessionEvent[];
}

/** What a playback means for the experiments (recommend/experiments/): a play started, minutes watched, a title finished. */
export type WatchOutcome = (outcome: { profileId: number; itemId: number; kind: 'play' | 'minutes' | 'complete'; value: number }) => void;

/** The watch history per profile: events in, state out; Continue watching, Next up, marks, export and import. */
export function createHistoryService(deps: { store: HistoryStore; now: () => number; onOutcome?: WatchOutcome }) {
  const { store } = deps;
  /** Whether the viewer may see the title (gone titles are not seen). */
  const visible = (viewer: Viewer, itemId: number): boolean => {
    const title = store.title(itemId);
    return title !== null && canSee(viewer, title);
  };

  /** The title as the viewer may see it; 404 otherwise, as for a title that does not exist. */
  function visibleTitle(viewer: Viewer, itemId: number): WatchedTitle {
    const title = store.title(itemId);
    if (!title || !canSee(viewer, title)) throw notFound(`item ${itemId}`);
    return title;
  }

  /**
   * Appends the events (duplicates are ignored), folds each one added into the title's state, and adds
   * a completion when a playback event reaches the credits (or 90 %) of a viewing not yet complete.
   * Runs inside the caller's transaction. Answers the state and the events added.
   */
  function record(profileId: number, title: WatchedTitle, sessionId: number | null, facts: readonly HistoryFact[]): { state: WatchState; added: number } {
    let state = store.state(profileId, title.id) ?? EMPTY_STATE;
    const before = state;
    let added = 0;
    let credits: number | null | undefined; // looked up once, when a position gets near the end
    const add = (fact: HistoryFact) => {
      if (!store.append(profileId, title.id, sessionId, fact)) return false;
      state = foldEvent(state, fact);
      added += 1;
      if (fact.kind === 'start' || fact.kind === 'complete') deps.onOutcome?.({ profileId, itemId: title.id, kind: fact.kind === 'start' ? 'play' : 'complete', value: 1 });
      return true;
    };
    for (const fact of facts) {
      if (!add(fact) || fact.positionMs === null || state.viewingDone) continue;
      if (fact.kind !== 'progress' && fact.kind !== 'pause' && fact.kind !== 'stop') continue;
      const durationMs = state.durationMs || title.durationMs;
      if (credits === undefined && fact.positionMs >= durationMs * CREDITS_FROM_SHARE) {
        const main = store.chaptersOf(title.id);
        credits = main ? creditsStartMs(main.chapters, main.durationMs || durationMs) : null;
      }
      if (isPlayedAt(fact.positionMs, durationMs, credits ?? null)) add({ kind: 'complete', positionMs: fact.positionMs, durationMs: durationMs || null, at: fact.at });
    }
    if (added === 0) return { state, added };
    store.saveState(profileId, title.id, state);
    if (title.kind === 'episode' && title.seriesId !== null && (state.played !== before.played || state.playedAt !== before.playedAt)) store.syncSeries(profileId, title.seriesId);
    return { state, added };
  }

  return {
    /** A session's batch: its start, progress, pauses and stop become the profile's history. Call inside the batch's transaction. */
    recordSession(batch: SessionBatch, at: number): void {
      const facts = historyOfBatch(batch.session, batch.events, at);
      if (facts.length === 0) return;
      const title = store.title(batch.itemId);
      if (!title) return; // gone from the library meanwhile
      record(batch.profileId, title, batch.session.id, facts);
      // the time played that this batch added (a batch sent again adds none)
      const watchedMs = batch.events.reduce((most, e) => (e.kind === 'progress' ? Math.max(most, e.watchedMs) : most), batch.session.watchedMs) - batch.session.watchedMs;
      if (watchedMs > 0) deps.onOutcome?.({ profileId: batch.profileId, itemId: title.id, kind: 'minutes', value: watchedMs / 60_000 });
    },

    /** What the viewer did with the title; an untouched title is all zeros. */
    stateOf(viewer: Viewer, itemId: number): WatchState {
      visibleTitle(viewer, itemId);
      return store.state(viewer.profileId, itemId) ?? EMPTY_STATE;
    },

    /** Mark played or unplayed, by hand; logged like every other event. */
    mark(viewer: Viewer, itemId: number, played: boolean): WatchState {
      const title = visibleTitle(viewer, itemId);
      return store.transaction(() => record(viewer.profileId, title, null, [{ kind: played ? 'mark_played' : 'mark_unplayed', positionMs: null, durationMs: null, at: deps.now() }]).state);
    },

    /** Takes the title off the viewer's Continue watching until it is played again. */
    hide(viewer: Viewer, itemId: number): void {
      const title = visibleTitle(viewer, itemId);
      store.transaction(() => record(viewer.profileId, title, null, [{ kind: 'hide', positionMs: null, durationMs: null, at: deps.now() }]));
    },

    /** Titles in progress the viewer may see, newest first. */
    continueWatching(viewer: Viewer, limit: number): ContinueEntry[] {
      const entries: ContinueEntry[] = [];
      for (const e of store.inProgress(viewer.profileId)) {
        if (!canSee(viewer, e)) continue;
        entries.push({ itemId: e.itemId, positionMs: e.positionMs, durationMs: e.durationMs, lastPlayedAt: e.lastPlayedAt });
        if (entries.length >= limit) break;
      }
      return entries;
    },

    /**
     * Per series with a watched episode, the latest watched first: the next unwatched one, when the viewer
     * may see it. A series whose next episode is on Continue watching already is left to that row.
     */
    nextUp(viewer: Viewer, limit: number): NextUpEntry[] {
      const entries: NextUpEntry[] = [];
      for (const { seriesId, playedAt } of store.seriesWatched(viewer.profileId)) {
        const next = nextUp(store.episodesOf(viewer.profileId, seriesId));
        if (!next || !canSee(viewer, next) || (next.resumeMs > 0 && !next.hidden)) continue;
        entries.push({ itemId: next.id, seriesId, lastPlayedAt: playedAt });
        if (entries.length >= limit) break;
      }
      return entries;
    },

    /** The viewer's latest events, newest first; `before`: the id of the last event of the previous page. */
    recent(viewer: Viewer, limit: number, before: number | null): { events: (HistoryEvent & { title: string | null })[]; next: number | null } {
      let after: { at: number; id: number } | null = null;
      if (before !== null) {
        const event = store.event(viewer.profileId, before);
        if (!event) throw badRequest(`before: no event ${before} in this profile's history`);
        after = { at: event.at, id: event.id };
      }
      const events = store.recent(viewer.profileId, limit + 1, after);
      const page = events.slice(0, limit);
      // a title above the profile's ceiling now (it was lowered, or the title rated since) is left out
      return { events: page.filter((e) => visible(viewer, e.itemId)), next: events.length > limit ? page.at(-1)!.id : null };
    },

    /** The viewer's whole history, with how each title is recognised elsewhere. */
    exportHistory(viewer: Viewer): HistoryDocument {
      return store.transaction(() => ({
        profileName: store.profileName(viewer.profileId) ?? `Profile ${viewer.profileId}`,
        exportedAt: deps.now(),
        titles: new Map([...store.identitiesOf(viewer.profileId)].filter(([itemId]) => visible(viewer, itemId))),
        events: store.allEvents(viewer.profileId).filter((e) => visible(viewer, e.itemId)).map((e): PortableEvent => ({ at: e.at, kind: e.kind, itemId: e.itemId, positionMs: e.positionMs, durationMs: e.durationMs, sessionId: e.sessionId })),
      }));
    },

    /**
     * Merges an exported history into the viewer's: each title is found here (the same id when it is the
     * same title, else by title and year, or series, season and episode), events already there are left
     * out, and the state of each title that got new events is made again from all its events. Importing
     * the same document twice changes nothing.
     */
    importHistory(viewer: Viewer, doc: Pick<HistoryDocument, 'titles' | 'events'>): ImportResult {
      const local = new Map<number, number | null>();
      const localIdOf = (itemId: number): number | null => {
        if (local.has(itemId)) return local.get(itemId)!;
        const identity = doc.titles.get(itemId);
        let found: number | null = null;
        if (identity) {
          const here = store.identity(itemId);
          const same =
            here !== null &&
            here.kind === identity.kind &&
            here.title.toLowerCase() === identity.title.toLowerCase() &&
            (here.series ?? '').toLowerCase() === (identity.series ?? '').toLowerCase() &&
            here.year === identity.year &&
            here.season === identity.season &&
            here.episode === identity.episode;
          found = same ? itemId : store.findSame(identity);
          // a title the profile may not see is not one of its own: as if it were not here
          if (found !== null && !visible(viewer, found)) found = null;
        }
        local.set(itemId, found);
        return found;
      };
      return store.transaction(() => {
        let unmatched = 0;
        const byTitle = new Map<number, PortableEvent[]>();
        for (const e of doc.events) {
          const itemId = localIdOf(e.itemId);
          if (itemId === null) {
            unmatched += 1;
            continue;
          }
          let list = byTitle.get(itemId);
          if (!list) byTitle.set(itemId, (list = []));
          list.push({ ...e, itemId });
        }
        let added = 0;
        let duplicates = 0;
        for (const [itemId, incoming] of byTitle) {
          const existing = store.eventsOf(viewer.profileId, itemId);
          const fresh = newEvents(existing, incoming);
          duplicates += incoming.length - fresh.length;
          if (fresh.length === 0) continue;
          // a session of another server (or another profile) means nothing here
          for (const e of fresh) if (store.append(viewer.profileId, itemId, null, e)) added += 1;
          const title = store.title(itemId)!;
          const before = store.state(viewer.profileId, itemId);
          const state = replay(store.eventsOf(viewer.profileId, itemId));
          store.saveState(viewer.profileId, itemId, state);
          if (title.kind === 'episode' && title.seriesId !== null && (state.played !== before?.played || state.playedAt !== before?.playedAt)) store.syncSeries(viewer.profileId, title.seriesId);
        }
        return { added, duplicates, unmatched };
      });
    },
  };
}
