// Shared vitest settings for every package: tests beside the code (src/**/*.test.ts) and
// cross-package or wire-level suites in test/. Packages call `defineKcacheConfig()` and add only
// what differs.
import { defineConfig, mergeConfig } from 'vitest/config';

/** @param {import('vitest/config').ViteUserConfig} [overrides] */
export function defineKcacheConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        environment: 'node',
        testTimeout: 20_000,
        hookTimeout: 20_000,
        // Servers started by tests bind to 127.0.0.1; keep files isolated but parallel.
        pool: 'forks',
        reporters: process.env.CI ? ['default'] : ['default'],
      },
    }),
    overrides,
  );
}
