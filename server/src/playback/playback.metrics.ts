// The players' quality of experience in Prometheus terms, on a registry of its own (no HTTP here:
// http/metrics.routes.ts serves it). Counters count since the server started, as Prometheus expects.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppliedEvents } from './session-events.js';
import { PLAYBACK_METHODS, type PlaybackMethod } from './playback.types.js';

/** What the playback service tells the metrics. */
export interface PlaybackObserver {
  sessionStarted(method: PlaybackMethod): void;
  eventsApplied(method: PlaybackMethod, applied: AppliedEvents): void;
}

export type PlaybackMetrics = PlaybackObserver & { registry: Registry };

// video start times: most land between a quarter second and a few seconds; just-in-time transcodes take longer
const START_BUCKETS_S = [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30];

/** `activeSessions`: asked at each scrape. `defaultMetrics`: the process' CPU, memory, event loop (off in tests that make many). */
export function createPlaybackMetrics(opts: { activeSessions: () => Partial<Record<PlaybackMethod, number>>; defaultMetrics?: boolean }): PlaybackMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const started = new Counter({ name: 'seed_playback_sessions_started_total', help: 'Playback sessions started', labelNames: ['method'] as const, registers });
  new Gauge({
    name: 'seed_playback_active_sessions',
    help: 'Playback sessions whose player reported in the last minute',
    labelNames: ['method'] as const,
    registers,
    collect() {
      const counts = opts.activeSessions();
      for (const method of PLAYBACK_METHODS) this.set({ method }, counts[method] ?? 0);
    },
  });
  const startTime = new Histogram({ name: 'seed_video_start_seconds', help: 'Play pressed to the first frame', labelNames: ['method'] as const, buckets: START_BUCKETS_S, registers });
  const stalls = new Counter({ name: 'seed_playback_stalls_total', help: 'Times playback stopped to wait for data (rebuffering)', labelNames: ['method'] as const, registers });
  const stallSeconds = new Counter({ name: 'seed_playback_stall_seconds_total', help: 'Time spent rebuffering', labelNames: ['method'] as const, registers });
  const watched = new Counter({
    name: 'seed_playback_watched_seconds_total',
    help: 'Time spent playing, per rung (picture height; "unknown" when the player did not say)',
    labelNames: ['method', 'height'] as const,
    registers,
  });
  const switches = new Counter({ name: 'seed_playback_rung_switches_total', help: 'Changes of rung while playing', labelNames: ['method'] as const, registers });
  const errors = new Counter({ name: 'seed_playback_errors_total', help: 'Errors the players reported', labelNames: ['method'] as const, registers });

  return {
    registry,
    sessionStarted: (method) => started.inc({ method }),
    eventsApplied(method, applied) {
      if (applied.startupMs !== null) startTime.observe({ method }, applied.startupMs / 1000);
      for (const u of applied.usage) {
        if (u.watchedMs > 0) watched.inc({ method, height: u.height === null ? 'unknown' : String(u.height) }, u.watchedMs / 1000);
        if (u.stallCount > 0) stalls.inc({ method }, u.stallCount);
        if (u.stallMs > 0) stallSeconds.inc({ method }, u.stallMs / 1000);
      }
      if (applied.switches > 0) switches.inc({ method }, applied.switches);
      if (applied.errors > 0) errors.inc({ method }, applied.errors);
    },
  };
}
