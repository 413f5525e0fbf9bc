import { CERTIFICATION_SQL } from '../catalog/catalog.store.js';
import type { Db } from '../db/open.js';
import type { EpisodeSlot } from './next-up.js';
import type { ContinueEntry, HistoryEvent, HistoryEventKind, HistoryFact, TitleIdentity, WatchedTitle, WatchState } from './history.types.js';

interface StateRow {
  resume_ms: number;
  duration_ms: number;
  played: number;
  play_count: number;
  played_at: number | null;
  last_played_at: number | null;
  hidden: number;
  viewing_done: number;
}

const toState = (r: StateRow): WatchState => ({
  resumeMs: r.resume_ms,
  durationMs: r.duration_ms,
  played: r.played === 1,
  playCount: r.play_count,
  playedAt: r.played_at,
  lastPlayedAt: r.last_played_at,
  hidden: r.hidden === 1,
  viewingDone: r.viewing_done === 1,
});

interface EventRow {
  id: number;
  profile_id: number;
  item_id: number;
  kind: HistoryEventKind;
  position_ms: number | null;
  duration_ms: number | null;
  at: number;
  session_id: number | null;
}

const toEvent = (r: EventRow): HistoryEvent => ({
  id: r.id,
  profileId: r.profile_id,
  itemId: r.item_id,
  kind: r.kind,
  positionMs: r.position_ms,
  durationMs: r.duration_ms,
  at: r.at,
  sessionId: r.session_id,
});

interface IdentityRow {
  id: number;
  kind: TitleIdentity['kind'];
  title: string;
  year: number | null;
  series: string | null;
  season: number | null;
  episode: number | null;
}

const toIdentity = (r: IdentityRow): TitleIdentity => ({ kind: r.kind, title: r.title, year: r.year, series: r.series, season: r.season, episode: r.episode });

/** A title with what its visibility needs: its library and rating (an episode's series', an extra's film's when it has none). */
const visible = `i.library_id, ${CERTIFICATION_SQL} AS certification`;

export type HistoryStore = ReturnType<typeof createHistoryStore>;

/** The watch history (`history_events`, append-only), the state it makes (`watch_state`) and Next up's candidates (`series_watch`). */
export function createHistoryStore(db: Db) {
  const title = db.prepare<[number], { id: number; kind: WatchedTitle['kind']; library_id: number; series_id: number | null; season: number | null; duration_ms: number; certification: string | null }>(
    `SELECT i.id, i.kind, i.series_id, i.season, i.duration_ms, ${visible} FROM items i LEFT JOIN series s ON s.id = i.series_id WHERE i.id = ?`,
  );
  const state = db.prepare<[number, number], StateRow>(`SELECT * FROM watch_state WHERE profile_id = ? AND item_id = ?`);
  const saveState = db.prepare(
    `INSERT INTO watch_state (profile_id, item_id, resume_ms, duration_ms, played, play_count, played_at, last_played_at, hidden, viewing_done)
     VALUES (@profileId, @itemId, @resumeMs, @durationMs, @played, @playCount, @playedAt, @lastPlayedAt, @hidden, @viewingDone)
     ON CONFLICT (profile_id, item_id) DO UPDATE SET resume_ms = excluded.resume_ms, duration_ms = excluded.duration_ms, played = excluded.played,
       play_count = excluded.play_count, played_at = excluded.played_at, last_played_at = excluded.last_played_at, hidden = excluded.hidden,
       viewing_done = excluded.viewing_done`,
  );
  // a duplicate (same profile, title, moment, kind and position) is ignored: the caller folds only what was added
  const append = db.prepare(
    `INSERT OR IGNORE INTO history_events (profile_id, item_id, kind, position_ms, duration_ms, at, session_id)
     VALUES (@profileId, @itemId, @kind, @positionMs, @durationMs, @at, @sessionId)`,
  );
  const credits = db.prepare<[number], { chapters: string | null; duration_ms: number }>(
    `SELECT json_extract(media_json, '$.details.chapters') AS chapters, duration_ms FROM media_files WHERE item_id = ?
     ORDER BY missing, version IS NOT NULL, version, part, id LIMIT 1`,
  );
  const lastPlayedInSeries = db.prepare<[number, number], { at: number | null }>(
    // CROSS JOIN: from the series' episodes, not from all the profile's titles
    `SELECT MAX(w.played_at) AS at FROM items i CROSS JOIN watch_state w ON w.profile_id = ? AND w.item_id = i.id
     WHERE i.series_id = ? AND i.kind = 'episode' AND w.played = 1 AND i.season IS NOT 0`,
  );
  const saveSeries = db.prepare(
    `INSERT INTO series_watch (profile_id, series_id, played_at) VALUES (?, ?, ?) ON CONFLICT (profile_id, series_id) DO UPDATE SET played_at = excluded.played_at`,
  );
  const forgetSeries = db.prepare(`DELETE FROM series_watch WHERE profile_id = ? AND series_id = ?`);
  const inProgress = db.prepare<[number], { item_id: number; resume_ms: number; duration_ms: number; last_played_at: number; library_id: number; certification: string | null }>(
    `SELECT w.item_id, w.resume_ms, w.duration_ms, w.last_played_at, ${visible}
     FROM watch_state w INDEXED BY watch_state_continue JOIN items i ON i.id = w.item_id LEFT JOIN series s ON s.id = i.series_id
     WHERE w.profile_id = ? AND w.resume_ms > 0 AND w.played = 0 AND w.hidden = 0 AND i.kind IN ('movie', 'episode')
     ORDER BY w.last_played_at DESC`,
  );
  const seriesWatched = db.prepare<[number], { series_id: number; played_at: number }>(
    `SELECT series_id, played_at FROM series_watch WHERE profile_id = ? ORDER BY played_at DESC, series_id DESC`,
  );
  const episodes = db.prepare<
    [number, number],
    { id: number; season: number | null; episode: number | null; ending_episode: number | null; air_date: string | null; library_id: number; certification: string | null; played: number | null; played_at: number | null; resume_ms: number | null; hidden: number | null }
  >(
    `SELECT i.id, i.season, i.episode, i.ending_episode, i.air_date, ${visible}, w.played, w.played_at, w.resume_ms, w.hidden
     FROM items i JOIN series s ON s.id = i.series_id LEFT JOIN watch_state w ON w.profile_id = ? AND w.item_id = i.id
     WHERE i.series_id = ? AND i.kind = 'episode'`,
  );
  // without statistics the planner would walk all the profile's events in time order
  const eventsOfTitle = db.prepare<[number, number], EventRow>(`SELECT * FROM history_events INDEXED BY history_events_key WHERE profile_id = ? AND item_id = ? ORDER BY at, id`);
  const eventById = db.prepare<[number, number], EventRow>(`SELECT * FROM history_events WHERE profile_id = ? AND id = ?`);
  // the title people recognise: "Show — S01E02 · Title" for an episode
  const titled = `SELECT e.*, CASE WHEN i.kind = 'episode' AND s.title IS NOT NULL
      THEN s.title || ' — S' || printf('%02d', COALESCE(i.season, 0)) || 'E' || printf('%02d', COALESCE(i.episode, 0)) || ' · ' || i.title
      ELSE i.title END AS title
    FROM history_events e LEFT JOIN items i ON i.id = e.item_id LEFT JOIN series s ON s.id = i.series_id`;
  const recent = db.prepare<[number, number], EventRow & { title: string | null }>(`${titled} WHERE e.profile_id = ? ORDER BY e.at DESC, e.id DESC LIMIT ?`);
  const recentBefore = db.prepare<{ profileId: number; at: number; id: number; limit: number }, EventRow & { title: string | null }>(
    `${titled} WHERE e.profile_id = @profileId AND (e.at < @at OR (e.at = @at AND e.id < @id)) ORDER BY e.at DESC, e.id DESC LIMIT @limit`,
  );
  const allEvents = db.prepare<[number], EventRow>(`SELECT * FROM history_events WHERE profile_id = ? ORDER BY at, id`);
  const identity = `SELECT i.id, i.kind, i.title, i.year, s.title AS series, i.season, i.episode FROM items i LEFT JOIN series s ON s.id = i.series_id`;
  const identitiesOfProfile = db.prepare<[number], IdentityRow>(`${identity} WHERE i.id IN (SELECT DISTINCT item_id FROM history_events WHERE profile_id = ?)`);
  const identityOf = db.prepare<[number], IdentityRow>(`${identity} WHERE i.id = ?`);
  const movie = db.prepare<[string, number | null], { id: number }>(`SELECT id FROM items WHERE kind = 'movie' AND title = ? COLLATE NOCASE AND year IS ? LIMIT 2`);
  const episode = db.prepare<[string, number | null, number | null], { id: number }>(
    `SELECT i.id FROM items i JOIN series s ON s.id = i.series_id WHERE i.kind = 'episode' AND s.title = ? COLLATE NOCASE AND i.season IS ? AND i.episode IS ? LIMIT 2`,
  );
  const profileName = db.prepare<[number], { name: string }>(`SELECT name FROM profiles WHERE id = ?`);

  return {
    /** Runs `fn` in one transaction (nested ones become savepoints). */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    title(itemId: number): WatchedTitle | null {
      const r = title.get(itemId);
      return r ? { id: r.id, kind: r.kind, libraryId: r.library_id, seriesId: r.series_id, season: r.season, durationMs: r.duration_ms, certification: r.certification } : null;
    },
    /** What the profile did with the title; null when nothing yet. */
    state(profileId: number, itemId: number): WatchState | null {
      const row = state.get(profileId, itemId);
      return row ? toState(row) : null;
    },
    saveState(profileId: number, itemId: number, s: WatchState): void {
      saveState.run({ profileId, itemId, ...s, played: Number(s.played), hidden: Number(s.hidden), viewingDone: Number(s.viewingDone) });
    },
    /** Adds an event to the log; false when it was there already (then it must not be folded again). */
    append: (profileId: number, itemId: number, sessionId: number | null, fact: HistoryFact): boolean =>
      append.run({ profileId, itemId, sessionId, kind: fact.kind, positionMs: fact.positionMs, durationMs: fact.durationMs, at: fact.at }).changes === 1,
    /** The chapters and length of the title's main file (its first version's first part); null without a file. */
    chaptersOf(itemId: number): { chapters: { startMs: number; title: string | null }[]; durationMs: number } | null {
      const row = credits.get(itemId);
      if (!row) return null;
      const parsed: unknown = row.chapters === null ? [] : JSON.parse(row.chapters);
      const chapters = Array.isArray(parsed)
        ? parsed.filter((c): c is { startMs: number; title: string | null } => typeof c === 'object' && c !== null && typeof (c as { startMs?: unknown }).startMs === 'number')
        : [];
      return { chapters: chapters.map((c) => ({ startMs: c.startMs, title: typeof c.title === 'string' ? c.title : null })), durationMs: row.duration_ms };
    },
    /** Brings the series' Next up candidate in line with its episodes' states (gone when none is played). */
    syncSeries(profileId: number, seriesId: number): void {
      const at = lastPlayedInSeries.get(profileId, seriesId)?.at ?? null;
      if (at === null) forgetSeries.run(profileId, seriesId);
      else saveSeries.run(profileId, seriesId, at);
    },
    /** Titles in progress (resume point, not played, not hidden; movies and episodes), newest first, with their visibility. */
    *inProgress(profileId: number): Generator<ContinueEntry & { libraryId: number; certification: string | null }> {
      for (const r of inProgress.iterate(profileId)) {
        yield { itemId: r.item_id, positionMs: r.resume_ms, durationMs: r.duration_ms, lastPlayedAt: r.last_played_at, libraryId: r.library_id, certification: r.certification };
      }
    },
    /** Series with a played episode, the latest played first. */
    seriesWatched: (profileId: number): { seriesId: number; playedAt: number }[] => seriesWatched.all(profileId).map((r) => ({ seriesId: r.series_id, playedAt: r.played_at })),
    /** A series' episodes with what the profile did with them and their visibility, in no particular order. */
    episodesOf: (profileId: number, seriesId: number): (EpisodeSlot & { libraryId: number; certification: string | null; resumeMs: number; hidden: boolean })[] =>
      episodes.all(profileId, seriesId).map((r) => ({
        id: r.id,
        season: r.season,
        episode: r.episode,
        endingEpisode: r.ending_episode,
        airDate: r.air_date,
        played: r.played === 1,
        playedAt: r.played_at,
        libraryId: r.library_id,
        certification: r.certification,
        resumeMs: r.resume_ms ?? 0,
        hidden: r.hidden === 1,
      })),
    /** The profile's events of one title, in the order they happened. */
    eventsOf: (profileId: number, itemId: number): HistoryEvent[] => eventsOfTitle.all(profileId, itemId).map(toEvent),
    event(profileId: number, id: number): HistoryEvent | null {
      const row = eventById.get(profileId, id);
      return row ? toEvent(row) : null;
    },
    /** The profile's latest events, newest first, before `before` when given; `title` null once the title is gone. */
    recent(profileId: number, limit: number, before: { at: number; id: number } | null): (HistoryEvent & { title: string | null })[] {
      const rows = before ? recentBefore.all({ profileId, at: before.at, id: before.id, limit }) : recent.all(profileId, limit);
      return rows.map((r) => ({ ...toEvent(r), title: r.title }));
    },
    /** Every event of the profile, oldest first. */
    allEvents: (profileId: number): HistoryEvent[] => allEvents.all(profileId).map(toEvent),
    /** How each title of the profile's history is recognised (titles gone from the library are not). */
    identitiesOf: (profileId: number): Map<number, TitleIdentity> => new Map(identitiesOfProfile.all(profileId).map((r) => [r.id, toIdentity(r)])),
    identity(itemId: number): TitleIdentity | null {
      const row = identityOf.get(itemId);
      return row ? toIdentity(row) : null;
    },
    /** The one title here that is the same as `t` (movies by title and year, episodes by series, season and number); null when none or several. */
    findSame(t: TitleIdentity): number | null {
      const rows = t.kind === 'movie' ? movie.all(t.title, t.year) : t.kind === 'episode' && t.series !== null ? episode.all(t.series, t.season, t.episode) : [];
      return rows.length === 1 ? rows[0]!.id : null;
    },
    profileName: (profileId: number): string | null => profileName.get(profileId)?.name ?? null,
  };
}
