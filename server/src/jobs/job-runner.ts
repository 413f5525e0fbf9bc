import type { Logger } from '../log.js';
import { diskFullReason, freeBytes, isDiskFull, LOW_SPACE_BYTES } from './disk-full.js';
import type { JobStore } from './job.store.js';
import { MAX_ATTEMPTS, retryDelayMs, type Job, type JobKind } from './job.types.js';

export interface JobContext {
  signal: AbortSignal;
  reportProgress: (fraction: number) => void;
}

/** A handler returns normally for an expected outcome; a throw marks the job failed with its message. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<'done' | 'skipped'>;

export interface JobRunner {
  /** Looks for work; call after enqueueing. */
  poke(): void;
  /** Cancels a queued or running job (a running one's ffmpeg is stopped). */
  cancel(id: number): boolean;
  /** Pause all: running jobs finish, no new one starts (remembered across restarts). */
  pause(): void;
  resume(): void;
  /** Stops taking jobs, aborts the running ones and waits for them to settle. */
  stop(): Promise<void>;
  running(): number;
}

const CANCELLED = 'cancelled by the admin';

/**
 * A bounded worker pool over the SQLite queue, with a handler table keyed by job kind.
 * A failed attempt is tried again after a back-off (30 s, 60 s) before the job stays failed.
 * A full disk is not the job's fault: it goes back in the queue, and the queue pauses with the reason.
 * Progress is written at most every 500 ms per job.
 */
export function createJobRunner(deps: {
  jobs: JobStore;
  handlers: Record<JobKind, JobHandler>;
  concurrency: number;
  log: Logger;
  now: () => number;
  /** the folder jobs write to, named in the pause reason when its disk is full; freeBytes is for tests */
  disk?: { path: string; freeBytes?: (path: string) => Promise<number | null> };
}): JobRunner {
  const active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;
  let wake: NodeJS.Timeout | null = null;

  const runOne = async (job: Job, controller: AbortController) => {
    const started = deps.now();
    let lastWrite = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      reportProgress: (fraction) => {
        const t = deps.now();
        if (t - lastWrite < 500) return;
        lastWrite = t;
        try {
          deps.jobs.setProgress(job.id, fraction);
        } catch (err) {
          // called from ffmpeg's output: a progress that cannot be written (a full disk) must not take the server down
          deps.log.warn({ jobId: job.id, err: err instanceof Error ? err.message : String(err) }, 'job progress not saved');
        }
      },
    };
    try {
      await attempt(job, ctx, controller, started);
    } catch (err) {
      // the job's own bookkeeping failed (the database's disk is full): logged, never an unhandled rejection
      deps.log.error({ jobId: job.id, err: err instanceof Error ? err.message : String(err) }, 'job state not saved');
    }
  };

  const attempt = async (job: Job, ctx: JobContext, controller: AbortController, started: number) => {
    try {
      const outcome = await deps.handlers[job.kind](job, ctx);
      deps.jobs.finish(job.id, outcome, null, deps.now());
      deps.log.info({ jobId: job.id, kind: job.kind, itemId: job.itemId, outcome, ms: deps.now() - started }, 'job finished');
    } catch (err) {
      if (controller.signal.aborted) {
        if (controller.signal.reason === CANCELLED) return; // already recorded
        // shutting down (the app quit mid-transcode): back in the queue, and the attempt cut short is no
        // failure, so it does not count against the retries (a crash leaves it to recoverInterrupted(), counted)
        deps.jobs.putBack(job.id);
        deps.log.info({ jobId: job.id }, 'job interrupted; it is queued again');
        return;
      }
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const path = deps.disk?.path ?? null;
      const free = path === null ? null : await (deps.disk?.freeBytes ?? freeBytes)(path);
      if (isDiskFull(err) || (free !== null && free < LOW_SPACE_BYTES)) {
        deps.jobs.putBack(job.id);
        deps.jobs.setPaused(true, diskFullReason(path, free));
        deps.log.error({ jobId: job.id, kind: job.kind, itemId: job.itemId, path, freeBytes: free, err: message }, 'disk full: queue paused; free some space, then resume');
        return;
      }
      const tail = (err as { stderrTail?: unknown }).stderrTail;
      const errorTail = typeof tail === 'string' && tail.trim() ? tail.slice(-4000) : null;
      if (job.attempts < MAX_ATTEMPTS) {
        const notBefore = deps.now() + retryDelayMs(job.attempts);
        deps.jobs.backOff(job.id, message, errorTail, notBefore);
        deps.log.warn({ jobId: job.id, kind: job.kind, itemId: job.itemId, attempt: job.attempts, retryInMs: notBefore - deps.now(), err: message }, 'job failed; trying again later');
      } else {
        deps.jobs.finish(job.id, 'failed', message, deps.now(), errorTail);
        deps.log.error({ jobId: job.id, kind: job.kind, itemId: job.itemId, attempts: job.attempts, err }, 'job failed');
      }
    }
  };

  const scheduleWake = () => {
    if (wake) clearTimeout(wake);
    wake = null;
    const at = deps.jobs.nextWakeAt();
    if (at === null || stopped) return;
    wake = setTimeout(poke, Math.max(50, at - deps.now())).unref();
  };

  function poke(): void {
    if (stopped || deps.jobs.isPaused()) return;
    while (active.size < deps.concurrency) {
      const job = deps.jobs.claimNext(deps.now());
      if (!job) return scheduleWake();
      const controller = new AbortController();
      const done = runOne(job, controller).finally(() => {
        active.delete(job.id);
        poke();
      });
      active.set(job.id, { controller, done });
    }
  }

  return {
    poke,
    running: () => active.size,
    cancel(id) {
      const changed = deps.jobs.cancel(id, deps.now());
      active.get(id)?.controller.abort(CANCELLED);
      return changed;
    },
    pause() {
      deps.jobs.setPaused(true);
      deps.log.info('queue paused');
    },
    resume() {
      deps.jobs.setPaused(false);
      deps.log.info('queue resumed');
      poke();
    },
    async stop() {
      stopped = true;
      if (wake) clearTimeout(wake);
      const all = [...active.values()];
      for (const a of all) a.controller.abort(new Error('server shutting down'));
      await Promise.allSettled(all.map((a) => a.done));
    },
  };
}
