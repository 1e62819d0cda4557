// Only for `record:goldens`: runs record.ts (not part of `pnpm test`).
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  // The package's cache, not a node_modules/ beside the scenarios.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite', import.meta.url)),
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['record.ts'],
    environment: 'node',
    reporters: ['default'],
  },
});
export default config;
