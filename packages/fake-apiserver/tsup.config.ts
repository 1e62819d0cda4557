import { defineConfig, type Options } from 'tsup';

const config: Options = defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
}) as Options;
export default config;
