import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // real ffmpeg and a real browser: generous, but tests never assert on wall-clock time
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // two cores: two files at a time keeps ffmpeg-heavy files from starving each other
    maxWorkers: 2,
    pool: 'forks',
  },
});
