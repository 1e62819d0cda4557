/**
 * The smallest resync period a handler can have, in milliseconds: client-go's
 * `minimumResyncPeriod` (1 s). A smaller non-zero period is raised to it.
 */
export const MINIMUM_RESYNC_PERIOD_MS = 1000;

/**
 * client-go's `determineResyncPeriod`: the period a handler actually gets. 0 when it asked for
 * none or when the informer does not resync at all; never below the informer's check period.
 */
export function effectiveResyncPeriod(requestedMs: number, checkPeriodMs: number): number {
  if (requestedMs === 0 || checkPeriodMs === 0) return 0;
  return Math.max(requestedMs, checkPeriodMs);
}
