import type { ViteUserConfig } from 'vitest/config';
export declare function defineKcacheConfig(overrides?: ViteUserConfig): ViteUserConfig;
