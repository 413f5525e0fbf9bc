// The refit's worker thread (refit.ts): its own read-only connection to the database; on each 'fit'
// it reads everything, fits every ranker and posts the snapshot back (typed arrays are copied).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { fitSnapshot } from './refit.js';
import { createRecsStore } from './recs.store.js';

const db = new Database((workerData as { dbPath: string }).dbPath, { readonly: true, fileMustExist: true });
const store = createRecsStore(db);
parentPort!.on('message', () => {
  try {
    parentPort!.postMessage({ snapshot: fitSnapshot(store) });
  } catch (err) {
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
