// How fast each device takes its segments, so its next session starts on the rung it can carry.
// The server times every segment it sends (request handled → last byte handed to the network); the
// player's own figure, when it reports one, is the truer one on a fast link (the kernel's send buffer
// swallows a small segment at once), so the start takes the lower of the two.
import type { BandwidthStore } from './bandwidth.store.js';

/** Segments smaller than this say more about latency than bandwidth. */
export const MIN_SAMPLE_BYTES = 64 * 1024;
/** The newest segment's share of a device's moving average. */
export const SAMPLE_WEIGHT = 0.3;
/** A session's throughput is kept per device and title for this many titles at once. */
const OPEN_SESSIONS = 500;
/** A device asking nothing of a title for this long starts a new tally when it comes back. */
const SESSION_GAP_MS = 5 * 60_000;

export interface SegmentSent {
  /** the id the player named itself with; null for a player that did not (a TV's own HLS player) */
  clientId: string | null;
  /** the client's network address, the key when it named no id */
  address: string;
  itemId: number;
  bytes: number;
  ms: number;
}

export interface StartHint {
  /** the lower of the server's measurement and the player's own; null when this device never played */
  bandwidthBps: number | null;
  /** what its buffer held at its last report */
  bufferMs: number | null;
}

export const clientKeyOf = (clientId: string | null, address: string): string => clientId ?? `ip:${address}`;

export type BandwidthService = ReturnType<typeof createBandwidthService>;

export function createBandwidthService(deps: { store: BandwidthStore; now: () => number }) {
  // bytes and milliseconds of each session still sending, by device and title (oldest first)
  const sessions = new Map<string, { bytes: number; ms: number; at: number }>();
  return {
    /** Takes one segment's delivery time as a sample of the device's bandwidth. */
    segmentSent(sent: SegmentSent): void {
      if (sent.bytes < MIN_SAMPLE_BYTES) return;
      const ms = Math.max(1, sent.ms);
      deps.store.addSample(clientKeyOf(sent.clientId, sent.address), (sent.bytes * 8 * 1000) / ms, SAMPLE_WEIGHT, deps.now());
      if (sent.clientId === null) return;
      const key = `${sent.clientId}\n${sent.itemId}`;
      const now = deps.now();
      const before = sessions.get(key);
      const session = before && now - before.at < SESSION_GAP_MS ? before : { bytes: 0, ms: 0, at: now };
      sessions.delete(key);
      sessions.set(key, { bytes: session.bytes + sent.bytes, ms: session.ms + ms, at: now });
      if (sessions.size > OPEN_SESSIONS) sessions.delete(sessions.keys().next().value!);
      const total = sessions.get(key)!;
      deps.store.setSessionMeasured(sent.clientId, sent.itemId, (total.bytes * 8 * 1000) / total.ms);
    },

    /** What the device's next session starts from. */
    startHint(clientId: string | null, address: string): StartHint {
      const measured = deps.store.get(clientKeyOf(clientId, address))?.bps ?? null;
      const report = clientId === null ? null : deps.store.lastReport(clientId);
      const figures = [measured, report?.reportedBps ?? null].filter((bps): bps is number => bps !== null && bps > 0);
      return { bandwidthBps: figures.length > 0 ? Math.min(...figures) : null, bufferMs: report?.bufferMs ?? null };
    },
  };
}
