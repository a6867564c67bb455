import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real processes and servers; give them room on a busy 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
