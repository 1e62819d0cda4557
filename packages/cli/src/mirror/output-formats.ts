/** What `kcache mirror -o` accepts, as `kubectl get` does. Apart so `--help` need not load the mirror. */
export const OUTPUT_FORMATS = ['json', 'yaml', 'wide'] as const;

/** A `-o` format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
