import type { Options } from 'tsup';
export declare function defineKcacheBuild(options: { entry: string[]; dtsEntry?: string }): Options;
