import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn `node generator/cli.js` on copies of the project
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
