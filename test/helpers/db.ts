// Databases a describe block opens (in memory unless a file is given), each closed after its test.
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../server/src/db/open.js';

/** Call inside a describe: answers an opener whose databases are closed after each test (those still open). */
export function databasesClosedAfterEach(): (file?: string) => Db {
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
  });
  return (file = ':memory:') => {
    const db = openDatabase(file);
    dbs.push(db);
    return db;
  };
}
