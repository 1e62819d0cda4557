import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';
import { defineKcacheConfig } from '@kcache/vitest-config';

const config: ViteUserConfig = defineKcacheConfig({
  // The README example imports the package by its name, as users do.
  resolve: { alias: { '@kcache/cli': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    // test/bin.test.ts runs the built executable.
    globalSetup: ['test/build-once.ts'],
    // The demo runs for several seconds under load from the other test files.
    testTimeout: 60_000,
  },
});
export default config;
