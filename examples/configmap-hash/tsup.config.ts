// main.ts is the `kcache-configmap-hash` executable: tsup keeps its shebang and marks the output executable.
import type { Options } from 'tsup';
import { defineKcacheBuild } from '@kcache/tsup-config';

const config: Options = defineKcacheBuild({ entry: ['src/index.ts', 'src/main.ts'], dtsEntry: 'src/index.ts' });
export default config;
