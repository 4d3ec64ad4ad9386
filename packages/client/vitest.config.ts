import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real servers and flap links; give them room on a shared 2-core box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One file at a time: the integration files each start servers, and the machine is shared.
    fileParallelism: false,
  },
});
