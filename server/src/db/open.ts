import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/**
 * Opens (or creates) the database in WAL mode and applies pending migrations, each in its own
 * transaction. A database written by a newer Seed is refused, never changed.
 */
export function openDatabase(file: string, migrations = MIGRATIONS): Db {
  const db = new Database(file);
  try {
    // before WAL: switching the journal mode rewrites the file header, a change to a newer Seed's file
    refuseNewerSchema(db, migrations);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Throws SchemaTooNewError when the database was written by a newer Seed; returns its version otherwise. */
function refuseNewerSchema(db: Db, migrations: typeof MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new SchemaTooNewError(
      `the database ${db.name} has schema version ${current}, but this Seed knows only up to ${latest}; ` +
        'it was written by a newer Seed. Upgrade Seed, or use another --data folder. Nothing was changed.',
    );
  }
  return current;
}

export function migrate(db: Db, migrations = MIGRATIONS): void {
  const current = refuseNewerSchema(db, migrations);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
