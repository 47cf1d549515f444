import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn `node dist/src/cli/generate.js` on copies of the project
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
