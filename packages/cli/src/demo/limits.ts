/** The shortest `--duration` in seconds that has room for every fault and its recovery. Apart so `--help` need not load the demo. */
export const MIN_DURATION_SECONDS = 3;
