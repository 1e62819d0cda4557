import { defineConfig, type Options } from 'tsup';

const config: Options = defineConfig({
  // bin.ts is the `kcache` executable: tsup keeps its shebang and marks the output executable.
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node22',
}) as Options;
export default config;
