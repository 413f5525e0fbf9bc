import type { Db } from '../db/open.js';
import type { Job, JobKind, JobStatus } from './job.types.js';

interface JobRow {
  id: number;
  kind: JobKind;
  item_id: number;
  priority: number;
  status: JobStatus;
  progress: number;
  attempts: number;
  error: string | null;
  error_tail: string | null;
  not_before: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  itemId: r.item_id,
  priority: r.priority,
  status: r.status,
  progress: r.progress,
  attempts: r.attempts,
  error: r.error,
  errorTail: r.error_tail,
  notBefore: r.not_before,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export type JobStore = ReturnType<typeof createJobStore>;

export function createJobStore(db: Db) {
  const find = db.prepare<[JobKind, number], JobRow>(`SELECT * FROM jobs WHERE kind = ? AND item_id = ?`);
  const byId = db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO jobs (kind, item_id, priority, status, created_at) VALUES (?, ?, ?, 'queued', ?)`);
  const raise = db.prepare(`UPDATE jobs SET priority = MAX(priority, ?) WHERE id = ?`);
  const requeue = db.prepare(
    `UPDATE jobs SET status = 'queued', priority = ?, progress = 0, error = NULL, error_tail = NULL, attempts = 0, not_before = 0, started_at = NULL, finished_at = NULL WHERE id = ?`,
  );
  const next = db.prepare<[number], JobRow>(`SELECT * FROM jobs WHERE status = 'queued' AND not_before <= ? ORDER BY priority DESC, id LIMIT 1`);
  const nextWake = db.prepare<[], { at: number | null }>(`SELECT MIN(not_before) AS at FROM jobs WHERE status = 'queued'`);
  const claim = db.prepare(`UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?, progress = 0 WHERE id = ?`);
  const progress = db.prepare(`UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'`);
  // only a running job finishes: one cancelled as its ffmpeg exits stays cancelled
  const finish = db.prepare(
    `UPDATE jobs SET status = ?, error = ?, error_tail = ?, finished_at = ?, progress = CASE WHEN ? = 'done' THEN 1 ELSE progress END WHERE id = ? AND status = 'running'`,
  );
  // the attempt is given back: the job did not fail, its disk was full
  const putBack = db.prepare(
    `UPDATE jobs SET status = 'queued', attempts = MAX(attempts - 1, 0), progress = 0, not_before = 0, started_at = NULL WHERE id = ? AND status = 'running'`,
  );
  const backOff = db.prepare(`UPDATE jobs SET status = 'queued', error = ?, error_tail = ?, not_before = ?, progress = 0 WHERE id = ? AND status = 'running'`);
  const expedite = db.prepare(`UPDATE jobs SET not_before = 0, error = NULL, error_tail = NULL, priority = MAX(priority, ?) WHERE id = ? AND status = 'queued'`);
  const cancel = db.prepare(`UPDATE jobs SET status = 'cancelled', error = 'cancelled by the admin', finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`);
  const recover = db.prepare(`UPDATE jobs SET status = 'queued', progress = 0, started_at = NULL WHERE status = 'running'`);
  // the title people recognise: "Show — S01E02 · Title" for an episode
  const titled = `SELECT j.*, CASE WHEN i.kind = 'episode' AND s.title IS NOT NULL
      THEN s.title || ' — S' || printf('%02d', COALESCE(i.season, 0)) || 'E' || printf('%02d', COALESCE(i.episode, 0)) || ' · ' || i.title
      ELSE i.title END AS title
    FROM jobs j JOIN items i ON i.id = j.item_id LEFT JOIN series s ON s.id = i.series_id`;
  const list = db.prepare<[], JobRow & { title: string }>(
    `${titled} ORDER BY CASE j.status WHEN 'running' THEN 0 WHEN 'queued' THEN 1 WHEN 'failed' THEN 2 ELSE 3 END,
       CASE WHEN j.status IN ('running', 'queued') THEN -j.priority ELSE -COALESCE(j.finished_at, 0) END, j.id LIMIT 500`,
  );
  const titledById = db.prepare<[number], JobRow & { title: string }>(`${titled} WHERE j.id = ?`);
  const counts = db.prepare<[], { status: JobStatus; n: number }>(`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status`);
  const getSetting = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
  const deleteSetting = db.prepare(`DELETE FROM settings WHERE key = ?`);
  const setSetting = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);

  return {
    get: (id: number): Job | null => {
      const row = byId.get(id);
      return row ? toJob(row) : null;
    },
    find: (kind: JobKind, itemId: number): Job | null => {
      const row = find.get(kind, itemId);
      return row ? toJob(row) : null;
    },
    /** The queue for the admin: running, queued, failed, then the rest (500 at most). */
    list: (): (Job & { title: string })[] => list.all().map((r) => ({ ...toJob(r), title: r.title })),
    /** One job with its display title, or null. */
    getTitled(id: number): (Job & { title: string }) | null {
      const row = titledById.get(id);
      return row ? { ...toJob(row), title: row.title } : null;
    },
    counts: (): Partial<Record<JobStatus, number>> => Object.fromEntries(counts.all().map((r) => [r.status, r.n])),
    /**
     * Queues a job once per (kind, item): an existing queued or running job only gets the higher
     * priority; a finished one is queued again only when `again` is set (a retry, a changed file).
     */
    enqueue: db.transaction((kind: JobKind, itemId: number, priority: number, at: number, again = false): Job => {
      const existing = find.get(kind, itemId);
      if (!existing) {
        const { lastInsertRowid } = insert.run(kind, itemId, priority, at);
        return toJob(byId.get(Number(lastInsertRowid))!);
      }
      if (existing.status === 'queued' || existing.status === 'running') raise.run(priority, existing.id);
      else if (again) requeue.run(priority, existing.id);
      return toJob(byId.get(existing.id)!);
    }) as (kind: JobKind, itemId: number, priority: number, at: number, again?: boolean) => Job,
    /** Queues a finished, failed or cancelled job again at once. */
    retry(id: number, priority: number): Job | null {
      const row = byId.get(id);
      if (!row) return null;
      if (row.status !== 'queued' && row.status !== 'running') requeue.run(Math.max(priority, row.priority), id);
      return toJob(byId.get(id)!);
    },
    /** The highest-priority queued job whose back-off has passed, marked running; null when none. */
    claimNext: db.transaction((at: number): Job | null => {
      const row = next.get(at);
      if (!row) return null;
      claim.run(at, row.id);
      return toJob(byId.get(row.id)!);
    }) as (at: number) => Job | null,
    /** When the next backed-off job may start (null: none waiting). */
    nextWakeAt: (): number | null => nextWake.get()?.at ?? null,
    setProgress: (id: number, fraction: number) => void progress.run(fraction, id),
    finish: (id: number, status: Exclude<JobStatus, 'queued' | 'running'>, error: string | null, at: number, errorTail: string | null = null) =>
      void finish.run(status, error, errorTail, at, status, id),
    /** A failed attempt that will be tried again after a pause. */
    backOff: (id: number, error: string, errorTail: string | null, notBefore: number) => void backOff.run(error, errorTail, notBefore, id),
    /** A running job that could not run for a reason of its own (a full disk): queued again, the attempt not counted. */
    putBack: (id: number) => void putBack.run(id),
    /** A job waiting out a back-off starts as soon as a worker is free (somebody pressed Retry). */
    expedite: (id: number, priority: number) => void expedite.run(priority, id),
    /** Cancels a queued or running job; returns whether it changed. */
    cancel: (id: number, at: number): boolean => cancel.run(at, id).changes > 0,
    /** After a crash or restart nothing is running: put interrupted jobs back in the queue. */
    recoverInterrupted: (): number => recover.run().changes,
    isPaused: (): boolean => getSetting.get('queue.paused')?.value === 'true',
    /** Why Seed paused the queue by itself ("paused: the disk holding … is full"); null when the admin did, or it runs. */
    pausedReason: (): string | null => getSetting.get('queue.pausedReason')?.value ?? null,
    /** Pausing or resuming; a resume, or a pause without a reason, clears the stored reason. */
    setPaused: db.transaction((paused: boolean, reason: string | null = null) => {
      setSetting.run('queue.paused', String(paused));
      if (paused && reason !== null) setSetting.run('queue.pausedReason', reason);
      else deleteSetting.run('queue.pausedReason');
    }) as (paused: boolean, reason?: string | null) => void,
  };
}
