import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';
import { defineKcacheConfig } from '@kcache/vitest-config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const config: ViteUserConfig = defineKcacheConfig({
  // The README example imports the package by name; in tests that name means this source tree.
  resolve: {
    alias: [{ find: /^@kcache\/example-configmap-hash$/, replacement: source('./src/index.ts') }],
  },
});
export default config;
