// How a batch of player events changes a session: pure, so the rules are tested without SQLite or HTTP.
// (What the events mean for the viewer's resume point and history: history/watch-rules.ts.)
import type { SessionEvent, SessionTotals, UsageDelta } from './playback.types.js';

export interface AppliedEvents {
  totals: SessionTotals;
  /** watching and stalling per rung in this batch (only rungs with something to add) */
  usage: UsageDelta[];
  /** the first frame showed in this batch: its startup time */
  startupMs: number | null;
  /** rung switches, stalls and errors counted in this batch */
  switches: number;
  errors: number;
}

/**
 * Applies the events in order. `watchedMs` of a progress event is the player's running total: a lost
 * or repeated batch never counts time twice. Time watched between two progress events is put on the
 * rung the later one names (the player reports progress before each switch, so that is exact).
 */
export function applyEvents(before: SessionTotals, events: readonly SessionEvent[], now: number): AppliedEvents {
  const totals: SessionTotals = { ...before };
  const usage = new Map<number | null, UsageDelta>();
  const usageAt = (height: number | null): UsageDelta => {
    let delta = usage.get(height);
    if (!delta) usage.set(height, (delta = { height, watchedMs: 0, stallMs: 0, stallCount: 0 }));
    return delta;
  };
  let startupMs: number | null = null;
  let switches = 0;
  let errors = 0;

  for (const event of events) {
    switch (event.kind) {
      case 'start':
        // a repeated start (a replay, a batch sent twice) keeps the first one
        if (totals.startupMs === null) startupMs = totals.startupMs = event.startupMs;
        break;
      case 'stall': {
        totals.stallCount += 1;
        totals.stallMs += event.ms;
        const at = usageAt(totals.height);
        at.stallCount += 1;
        at.stallMs += event.ms;
        break;
      }
      case 'switch':
        if (totals.height !== null && totals.height !== event.height) {
          totals.switchCount += 1;
          switches += 1;
        }
        totals.height = event.height;
        totals.bitrateBps = event.bitrateBps;
        break;
      case 'progress': {
        const height = event.height ?? totals.height;
        const watched = Math.max(0, event.watchedMs - totals.watchedMs);
        totals.watchedMs = Math.max(totals.watchedMs, event.watchedMs);
        if (watched > 0) {
          usageAt(height).watchedMs += watched;
          if (totals.bitrateBps !== null) {
            totals.bits += (watched / 1000) * totals.bitrateBps;
            totals.ratedMs += watched;
          }
        }
        totals.height = height;
        totals.positionMs = event.positionMs;
        totals.durationMs = event.durationMs;
        if (event.bufferMs !== undefined && event.bufferMs !== null) totals.bufferMs = event.bufferMs;
        if (event.bandwidthBps !== undefined && event.bandwidthBps !== null) totals.reportedBps = event.bandwidthBps;
        break;
      }
      case 'error':
        totals.errorCount += 1;
        totals.lastError = event.message;
        errors += 1;
        break;
      case 'end':
        totals.positionMs = event.positionMs;
        totals.endedAt ??= now;
        break;
    }
  }
  const changed = [...usage.values()].filter((u) => u.watchedMs > 0 || u.stallCount > 0);
  return { totals, usage: changed, startupMs, switches, errors };
}

/** Average bit rate of what was watched at a known bit rate; null when nothing was. */
export const averageBitrateBps = (totals: Pick<SessionTotals, 'bits' | 'ratedMs'>): number | null =>
  totals.ratedMs > 0 ? Math.round(totals.bits / (totals.ratedMs / 1000)) : null;
