import { Router } from 'express';
import { conflict, notFound } from '../errors.js';
import type { JobDto, QueueDto } from '../http/api-types.js';
import { idParam } from '../http/params.js';
import type { JobRunner } from './job-runner.js';
import type { JobStore } from './job.store.js';
import { PRIORITY, type Job } from './job.types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Seconds left, from the rate of progress so far (null before there is any). */
export function etaSeconds(job: Pick<Job, 'status' | 'progress' | 'startedAt'>, now: number): number | null {
  if (job.status !== 'running' || job.startedAt === null || job.progress <= 0.01) return null;
  const elapsed = (now - job.startedAt) / 1000;
  return Math.max(0, Math.round((elapsed / job.progress) * (1 - job.progress)));
}

export function toJobDto(job: Job & { title: string }, now: number): JobDto {
  return {
    id: job.id,
    kind: job.kind,
    itemId: job.itemId,
    title: job.title,
    status: job.status,
    priority: job.priority,
    progress: job.progress,
    etaSeconds: etaSeconds(job, now),
    attempts: job.attempts,
    error: job.error,
    errorTail: job.errorTail,
    retryAt: job.status === 'queued' && job.notBefore > now ? iso(job.notBefore) : null,
    createdAt: iso(job.createdAt)!,
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}

export function jobsRoutes(deps: { jobs: JobStore; runner: JobRunner; concurrency: number; now: () => number }): Router {
  const router = Router();
  const queue = (): QueueDto => ({
    paused: deps.jobs.isPaused(),
    pausedReason: deps.jobs.isPaused() ? deps.jobs.pausedReason() : null,
    concurrency: deps.concurrency,
    counts: deps.jobs.counts(),
    jobs: deps.jobs.list().map((j) => toJobDto(j, deps.now())),
  });
  const one = (id: number): JobDto => {
    const job = deps.jobs.getTitled(id);
    if (!job) throw notFound(`job ${id}`);
    return toJobDto(job, deps.now());
  };
  router.get('/jobs', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(queue());
  });
  router.post('/jobs/pause', (_req, res) => {
    deps.runner.pause();
    res.json(queue());
  });
  router.post('/jobs/resume', (_req, res) => {
    deps.runner.resume();
    res.json(queue());
  });
  router.post('/jobs/:id/retry', (req, res) => {
    const id = idParam(req.params.id);
    const job = one(id);
    if (job.status === 'queued' || job.status === 'running') throw conflict(`job ${id} is ${job.status} already`);
    deps.jobs.retry(id, PRIORITY.fullLadder);
    deps.runner.poke();
    res.json(one(id));
  });
  router.post('/jobs/:id/cancel', (req, res) => {
    const id = idParam(req.params.id);
    const job = one(id);
    if (job.status !== 'queued' && job.status !== 'running') throw conflict(`job ${id} is ${job.status} already`);
    deps.runner.cancel(id);
    res.json(one(id));
  });
  return router;
}
