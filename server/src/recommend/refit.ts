// A refit of every ranker over the database as it is now. In the server it runs in a worker thread
// (refit.worker.ts) with its own read-only connection: a fit over a million events takes seconds, and
// no request may wait for it. Tests and the bench can fit in-process with the same function.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fitForServing } from './evaluate.js';
import { recsDataFromHistory } from './from-history.js';
import type { RecsSnapshot } from './home.service.js';
import { fitRecs } from './rankers.js';
import type { RecsStore } from './recs.store.js';

/** Past this many interactions the learned re-ranker is not fitted (it needs a second pass: about 3x the time). */
export const LEARNED_LIMIT = 200_000;

/** Reads every watch, thumb and title, and fits. */
export function fitSnapshot(store: Pick<RecsStore, 'watches' | 'titles' | 'thumbs'>): RecsSnapshot {
  const data = recsDataFromHistory(store.watches(), store.titles(), store.thumbs());
  const fitted = data.interactions.item.length <= LEARNED_LIMIT ? fitForServing(data) : fitRecs(data);
  return { titles: data.titles, fitted };
}

/** Refits in a worker thread over the database file `dbPath`; one at a time; `close()` ends the worker. */
export function workerRefit(dbPath: string): { refit: () => Promise<RecsSnapshot>; close: () => Promise<void> } {
  let worker: Worker | null = null;
  let pending: { resolve: (s: RecsSnapshot) => void; reject: (e: Error) => void } | null = null;
  let closed = false;
  const start = (): Worker => {
    // from the sources (tests, `npm run dev`) the worker is TypeScript: tsx's loader is registered in
    // the worker first (a worker does not inherit the parent's --import)
    const ts = import.meta.url.endsWith('.ts');
    const file = JSON.stringify(new URL(`./refit.worker.${ts ? 'ts' : 'js'}`, import.meta.url).href);
    const code = ts
      ? `import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href)}).then((tsx) => { tsx.register(); return import(${file}); })`
      : `import(${file})`;
    const w = new Worker(code, { eval: true, workerData: { dbPath } });
    // a worker that died answers nothing more: its late 'exit' must not fail the one started after it
    const gone = (err: Error) => {
      if (worker !== w) return;
      worker = null;
      const p = pending;
      pending = null;
      p?.reject(err);
    };
    w.on('message', (msg: { snapshot?: RecsSnapshot; error?: string }) => {
      if (worker !== w) return;
      const p = pending;
      pending = null;
      w.unref(); // idle: it does not keep the process alive
      if (msg.snapshot) p?.resolve(msg.snapshot);
      else p?.reject(new Error(msg.error ?? 'the refit failed'));
    });
    // a cloned error may have lost its message: its text is what is left
    w.on('error', (err) => gone(new Error(err instanceof Error && err.message ? err.message : String(err))));
    w.on('exit', (code) => gone(new Error(`the refit worker stopped (exit ${code})`)));
    w.unref();
    return w;
  };
  return {
    refit: () =>
      new Promise<RecsSnapshot>((resolve, reject) => {
        if (closed) return reject(new Error('the recommender is stopping'));
        if (pending) return reject(new Error('a refit is running'));
        worker ??= start();
        pending = { resolve, reject };
        worker.ref(); // a fit in progress is waited for
        worker.postMessage('fit');
      }),
    close: async () => {
      closed = true;
      const w = worker;
      worker = null;
      pending?.reject(new Error('the recommender is stopping'));
      pending = null;
      if (w) await w.terminate();
    },
  };
}
