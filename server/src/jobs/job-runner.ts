import type { Logger } from '../log.js';
import type { JobStore } from './job.store.js';
import type { Job, JobKind } from './job.types.js';

export interface JobContext {
  signal: AbortSignal;
  reportProgress: (fraction: number) => void;
}

/** A handler returns normally for an expected outcome; a throw marks the job failed with its message. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<'done' | 'skipped'>;

export interface JobRunner {
  /** Looks for work; call after enqueueing. */
  poke(): void;
  /** Stops taking jobs, aborts the running ones and waits for them to settle. */
  stop(): Promise<void>;
  running(): number;
}

/**
 * A bounded worker pool over the SQLite queue, with a handler table keyed by job kind.
 * Progress is written at most every 500 ms per job.
 */
export function createJobRunner(deps: {
  jobs: JobStore;
  handlers: Record<JobKind, JobHandler>;
  concurrency: number;
  log: Logger;
  now: () => number;
}): JobRunner {
  const active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;

  const runOne = async (job: Job, controller: AbortController) => {
    const started = deps.now();
    let lastWrite = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      reportProgress: (fraction) => {
        const t = deps.now();
        if (t - lastWrite < 500) return;
        lastWrite = t;
        deps.jobs.setProgress(job.id, fraction);
      },
    };
    try {
      const outcome = await deps.handlers[job.kind](job, ctx);
      deps.jobs.finish(job.id, outcome, null, deps.now());
      deps.log.info({ jobId: job.id, kind: job.kind, itemId: job.itemId, outcome, ms: deps.now() - started }, 'job finished');
    } catch (err) {
      if (controller.signal.aborted) {
        deps.log.info({ jobId: job.id }, 'job interrupted; it is queued again at the next start');
        return; // left 'running'; recoverInterrupted() queues it again at the next start
      }
      const message = err instanceof Error ? err.message : String(err);
      deps.jobs.finish(job.id, 'failed', message.slice(0, 500), deps.now());
      deps.log.error({ jobId: job.id, kind: job.kind, itemId: job.itemId, err }, 'job failed');
    }
  };

  const poke = () => {
    while (!stopped && active.size < deps.concurrency) {
      const job = deps.jobs.claimNext(deps.now());
      if (!job) return;
      const controller = new AbortController();
      const done = runOne(job, controller).finally(() => {
        active.delete(job.id);
        poke();
      });
      active.set(job.id, { controller, done });
    }
  };

  return {
    poke,
    running: () => active.size,
    async stop() {
      stopped = true;
      const all = [...active.values()];
      for (const a of all) a.controller.abort(new Error('server shutting down'));
      await Promise.allSettled(all.map((a) => a.done));
    },
  };
}
