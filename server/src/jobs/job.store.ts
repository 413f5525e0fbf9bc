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
    `UPDATE jobs SET status = 'queued', priority = ?, progress = 0, error = NULL, attempts = 0, started_at = NULL, finished_at = NULL WHERE id = ?`,
  );
  const next = db.prepare<[], JobRow>(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY priority DESC, id LIMIT 1`);
  const claim = db.prepare(`UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?, progress = 0 WHERE id = ?`);
  const progress = db.prepare(`UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'`);
  const finish = db.prepare(`UPDATE jobs SET status = ?, error = ?, finished_at = ?, progress = CASE WHEN ? = 'done' THEN 1 ELSE progress END WHERE id = ?`);
  const recover = db.prepare(`UPDATE jobs SET status = 'queued', progress = 0, started_at = NULL WHERE status = 'running'`);

  return {
    get: (id: number): Job | null => {
      const row = byId.get(id);
      return row ? toJob(row) : null;
    },
    find: (kind: JobKind, itemId: number): Job | null => {
      const row = find.get(kind, itemId);
      return row ? toJob(row) : null;
    },
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
    }),
    /** The highest-priority queued job, marked running; null when the queue is empty. */
    claimNext: db.transaction((at: number): Job | null => {
      const row = next.get();
      if (!row) return null;
      claim.run(at, row.id);
      return toJob(byId.get(row.id)!);
    }),
    setProgress: (id: number, fraction: number) => void progress.run(fraction, id),
    finish: (id: number, status: Exclude<JobStatus, 'queued' | 'running'>, error: string | null, at: number) =>
      void finish.run(status, error, at, status, id),
    /** After a crash or restart nothing is running: put interrupted jobs back in the queue. */
    recoverInterrupted: (): number => recover.run().changes,
  };
}
