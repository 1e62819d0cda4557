import type { ViteUserConfig } from 'vitest/config';
import { defineKcacheConfig } from '@kcache/vitest-config';

const config: ViteUserConfig = defineKcacheConfig();
export default config;
