import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The quick run starts a dozen servers one after another; CPU is shared with other work.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    // One file at a time: the quick run and the client validation both start servers and load them.
    fileParallelism: false,
  },
});
