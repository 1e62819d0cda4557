import type { ViteUserConfig } from 'vitest/config';
import { defineKcacheConfig } from '@kcache/vitest-config';

const config: ViteUserConfig = defineKcacheConfig({
  test: {
    // test/bin.test.ts runs the built executable.
    globalSetup: ['test/build-once.ts'],
    // The demo runs for several seconds under load from the other test files.
    testTimeout: 60_000,
  },
});
export default config;
