import type { Db } from '../db/open.js';
import { hourOf } from './qoe.js';
import type { PlaybackMethod, PlaybackSession, SessionTotals, UsageDelta, UsageRow } from './playback.types.js';

interface SessionRow {
  id: number;
  item_id: number | null;
  title: string | null;
  client_id: string;
  client_name: string;
  method: PlaybackMethod;
  started_at: number;
  last_seen_at: number;
  ended_at: number | null;
  startup_ms: number | null;
  stall_count: number;
  stall_ms: number;
  switch_count: number;
  watched_ms: number;
  bits: number;
  rated_ms: number;
  error_count: number;
  last_error: string | null;
  height: number | null;
  bitrate_bps: number | null;
  position_ms: number;
  duration_ms: number;
  buffer_ms: number | null;
  reported_bps: number | null;
  measured_bps: number | null;
  profile_id: number | null;
  profile_name: string | null;
  event_seq: number;
}

const toSession = (r: SessionRow): PlaybackSession => ({
  id: r.id,
  itemId: r.item_id,
  title: r.title ?? 'A removed title',
  clientId: r.client_id,
  clientName: r.client_name,
  method: r.method,
  startedAt: r.started_at,
  lastSeenAt: r.last_seen_at,
  endedAt: r.ended_at,
  startupMs: r.startup_ms,
  stallCount: r.stall_count,
  stallMs: r.stall_ms,
  switchCount: r.switch_count,
  watchedMs: r.watched_ms,
  bits: r.bits,
  ratedMs: r.rated_ms,
  errorCount: r.error_count,
  lastError: r.last_error,
  height: r.height,
  bitrateBps: r.bitrate_bps,
  positionMs: r.position_ms,
  durationMs: r.duration_ms,
  bufferMs: r.buffer_ms,
  reportedBps: r.reported_bps,
  measuredBps: r.measured_bps,
  profileId: r.profile_id,
  profileName: r.profile_name,
  eventSeq: r.event_seq,
});

export interface NewSession {
  itemId: number;
  /** whose history its events go to */
  profileId: number | null;
  clientId: string;
  clientName: string;
  method: PlaybackMethod;
  at: number;
}

export type PlaybackStore = ReturnType<typeof createPlaybackStore>;

/** Playback sessions with their QoE totals and watched time per hour and rung. */
export function createPlaybackStore(db: Db) {
  // the title people recognise: "Show — S01E02 · Title" for an episode
  const titled = `SELECT p.*, CASE WHEN i.kind = 'episode' AND s.title IS NOT NULL
      THEN s.title || ' — S' || printf('%02d', COALESCE(i.season, 0)) || 'E' || printf('%02d', COALESCE(i.episode, 0)) || ' · ' || i.title
      ELSE i.title END AS title, pr.name AS profile_name
    FROM playback_sessions p LEFT JOIN items i ON i.id = p.item_id LEFT JOIN series s ON s.id = i.series_id LEFT JOIN profiles pr ON pr.id = p.profile_id`;
  const itemExists = db.prepare<[number], { one: number }>(`SELECT 1 AS one FROM items WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO playback_sessions (item_id, profile_id, client_id, client_name, method, started_at, last_seen_at) VALUES (@itemId, @profileId, @clientId, @clientName, @method, @at, @at)`,
  );
  const byId = db.prepare<[number], SessionRow>(`${titled} WHERE p.id = ?`);
  const active = db.prepare<[number], SessionRow>(`${titled} WHERE p.ended_at IS NULL AND p.last_seen_at >= ? ORDER BY p.started_at DESC, p.id DESC`);
  const recent = db.prepare<[number], SessionRow>(`${titled} ORDER BY p.started_at DESC, p.id DESC LIMIT ?`);
  const activeCounts = db.prepare<[number], { method: PlaybackMethod; n: number }>(
    `SELECT method, COUNT(*) AS n FROM playback_sessions WHERE ended_at IS NULL AND last_seen_at >= ? GROUP BY method`,
  );
  const save = db.prepare(
    `UPDATE playback_sessions SET last_seen_at = MAX(last_seen_at, @seenAt), ended_at = @endedAt, startup_ms = @startupMs, stall_count = @stallCount,
       stall_ms = @stallMs, switch_count = @switchCount, watched_ms = @watchedMs, bits = @bits, rated_ms = @ratedMs, error_count = @errorCount,
       last_error = @lastError, height = @height, bitrate_bps = @bitrateBps, position_ms = @positionMs, duration_ms = @durationMs,
       buffer_ms = @bufferMs, reported_bps = @reportedBps, event_seq = MAX(event_seq, @eventSeq)
     WHERE id = @id`,
  );
  // `height IS ?` matches NULL too: one row per session, hour and rung (unknown included)
  const addUsage = db.prepare(
    `UPDATE playback_usage SET watched_ms = watched_ms + @watchedMs, stall_ms = stall_ms + @stallMs, stall_count = stall_count + @stallCount
     WHERE session_id = @sessionId AND hour_at = @hourAt AND height IS @height`,
  );
  const insertUsage = db.prepare(
    `INSERT INTO playback_usage (session_id, hour_at, height, watched_ms, stall_ms, stall_count) VALUES (@sessionId, @hourAt, @height, @watchedMs, @stallMs, @stallCount)`,
  );
  const usageSince = db.prepare<[number], { hour_at: number; height: number | null; watched_ms: number; stall_ms: number; stall_count: number }>(
    `SELECT hour_at, height, SUM(watched_ms) AS watched_ms, SUM(stall_ms) AS stall_ms, SUM(stall_count) AS stall_count
     FROM playback_usage WHERE hour_at >= ? GROUP BY hour_at, height`,
  );
  const startupsSince = db.prepare<[number], { started_at: number; startup_ms: number }>(
    `SELECT started_at, startup_ms FROM playback_sessions WHERE started_at >= ? AND startup_ms IS NOT NULL`,
  );
  // their usage rows go with them (ON DELETE CASCADE)
  const forget = db.prepare(`DELETE FROM playback_sessions WHERE last_seen_at < ?`);

  return {
    /** Runs `fn` in one transaction (nested ones become savepoints): a batch and what it adds to the history, at once. */
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    itemExists: (itemId: number): boolean => itemExists.get(itemId) !== undefined,
    /** A new session, seen now; answers its id. */
    insert: (session: NewSession): number => Number(insert.run(session).lastInsertRowid),
    get(id: number): PlaybackSession | null {
      const row = byId.get(id);
      return row ? toSession(row) : null;
    },
    /** Sessions not ended that were seen at or after `seenSince`, newest first. */
    listActive: (seenSince: number): PlaybackSession[] => active.all(seenSince).map(toSession),
    /** The `limit` latest sessions, ended or not, newest first. */
    listRecent: (limit: number): PlaybackSession[] => recent.all(limit).map(toSession),
    activeCounts: (seenSince: number): Partial<Record<PlaybackMethod, number>> => Object.fromEntries(activeCounts.all(seenSince).map((r) => [r.method, r.n])),
    /**
     * Writes a batch's outcome at once: the session's new totals and the number of its last event
     * applied, and its watched and stalled time added to the hour of `at` per rung.
     */
    commit: db.transaction((id: number, totals: SessionTotals, usage: readonly UsageDelta[], eventSeq: number, at: number) => {
      const t = totals;
      save.run({
        id, seenAt: at, endedAt: t.endedAt, startupMs: t.startupMs, stallCount: t.stallCount, stallMs: t.stallMs, switchCount: t.switchCount, watchedMs: t.watchedMs,
        bits: t.bits, ratedMs: t.ratedMs, errorCount: t.errorCount, lastError: t.lastError, height: t.height, bitrateBps: t.bitrateBps, positionMs: t.positionMs, durationMs: t.durationMs,
        bufferMs: t.bufferMs, reportedBps: t.reportedBps, eventSeq,
      });
      for (const u of usage) {
        const row = { sessionId: id, hourAt: hourOf(at), height: u.height, watchedMs: u.watchedMs, stallMs: u.stallMs, stallCount: u.stallCount };
        if (addUsage.run(row).changes === 0) insertUsage.run(row);
      }
    }) as (id: number, totals: SessionTotals, usage: readonly UsageDelta[], eventSeq: number, at: number) => void,
    /** Removes the sessions last seen before `before`, and their hourly usage; answers how many. */
    forgetBefore: (before: number): number => forget.run(before).changes,
    /** Watched and stalled time per hour and rung, from the hour starting at `since` on. */
    usageSince: (since: number): UsageRow[] =>
      usageSince.all(since).map((r) => ({ hourAt: r.hour_at, height: r.height, watchedMs: r.watched_ms, stallMs: r.stall_ms, stallCount: r.stall_count })),
    /** Start times of the sessions started at or after `since` whose first frame showed. */
    startupsSince: (since: number): { startedAt: number; startupMs: number }[] => startupsSince.all(since).map((r) => ({ startedAt: r.started_at, startupMs: r.startup_ms })),
  };
}
