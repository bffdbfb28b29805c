import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Runtime tests start real servers on loopback; keep the default pool but give them room.
    testTimeout: 20_000,
  },
});
