import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';
import { defineKcacheConfig } from '@kcache/vitest-config';

const config: ViteUserConfig = defineKcacheConfig({
  // The README example imports the package by name; in tests that name means this source tree.
  resolve: { alias: { '@kcache/leaderelection': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
});
export default config;
