import type { Options } from 'tsup';
import { defineKcacheBuild } from '@kcache/tsup-config';

const config: Options = defineKcacheBuild({ entry: ['src/index.ts'] });
export default config;
