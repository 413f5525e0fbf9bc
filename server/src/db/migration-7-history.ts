// Migration 7: the watch history (#6). Kept in its own file while it is being written; it joins
// MIGRATIONS in migrations.ts like every other one.
export const MIGRATION_7 = {
  version: 7,
  name: 'watch history',
  sql: `
  `,
} as const;
