import type { Db } from '../db/open.js';

/** A device's measured segment throughput: a moving average over the segments it was sent. */
export interface ClientBandwidth {
  bps: number;
  samples: number;
  updatedAt: number;
}

/** What a device's player last said of its buffer and its own bandwidth measurement. */
export interface PlayerReport {
  bufferMs: number | null;
  reportedBps: number | null;
  at: number;
}

export type BandwidthStore = ReturnType<typeof createBandwidthStore>;

/** Bandwidth per device (`client_bandwidth`), and the players' own reports kept on their sessions. */
export function createBandwidthStore(db: Db) {
  const get = db.prepare<[string], { bps: number; samples: number; updated_at: number }>(`SELECT bps, samples, updated_at FROM client_bandwidth WHERE client_key = ?`);
  // the first sample is taken as it is; later ones move the average by `weight`
  const add = db.prepare(
    `INSERT INTO client_bandwidth (client_key, bps, samples, updated_at) VALUES (@key, @bps, 1, @at)
     ON CONFLICT (client_key) DO UPDATE SET bps = bps * (1 - @weight) + excluded.bps * @weight, samples = samples + 1, updated_at = excluded.updated_at`,
  );
  const setMeasured = db.prepare(
    `UPDATE playback_sessions SET measured_bps = @bps WHERE id = (
       SELECT id FROM playback_sessions WHERE client_id = @clientId AND item_id = @itemId AND ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1)`,
  );
  const lastReport = db.prepare<[string], { buffer_ms: number | null; reported_bps: number | null; last_seen_at: number }>(
    `SELECT buffer_ms, reported_bps, last_seen_at FROM playback_sessions
     WHERE client_id = ? AND (buffer_ms IS NOT NULL OR reported_bps IS NOT NULL) ORDER BY started_at DESC, id DESC LIMIT 1`,
  );
  return {
    get(key: string): ClientBandwidth | null {
      const row = get.get(key);
      return row ? { bps: row.bps, samples: row.samples, updatedAt: row.updated_at } : null;
    },
    /** Moves the device's average towards a new sample by `weight` (0..1). */
    addSample: (key: string, bps: number, weight: number, at: number): void => void add.run({ key, bps, weight, at }),
    /** The throughput measured so far for the device's session of this title still going, if any. */
    setSessionMeasured: (clientId: string, itemId: number, bps: number): void => void setMeasured.run({ clientId, itemId, bps: Math.round(bps) }),
    /** The device's latest session whose player said what its buffer held or what it measured. */
    lastReport(clientId: string): PlayerReport | null {
      const row = lastReport.get(clientId);
      return row ? { bufferMs: row.buffer_ms, reportedBps: row.reported_bps, at: row.last_seen_at } : null;
    },
  };
}
