// Migration 6: the search index (#6). Kept in its own file while it is being written; it joins
// MIGRATIONS in migrations.ts like every other one.
export const MIGRATION_6 = {
  version: 6,
  name: 'search index',
  sql: `
  `,
} as const;
