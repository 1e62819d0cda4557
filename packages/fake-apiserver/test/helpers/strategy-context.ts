// A StrategyContext for unit tests of kind strategies.
import { Registry } from '../../src/internal/registry.js';
import { DEFAULT_STRATEGY_CONFIG, type StrategyContext } from '../../src/internal/strategy.js';
import type { FieldCause } from '../../src/internal/validation.js';

/** A context with a fixed clock and an empty registry; `subresource` as given. */
export function testContext(subresource?: string): StrategyContext {
  return { now: new Date(Date.UTC(2026, 0, 1)), subresource, registry: new Registry(10), random: () => 0.5, config: DEFAULT_STRATEGY_CONFIG };
}

/** Causes as kube prints them in a 422 message: `field: message`. */
export function causeTexts(causes: readonly FieldCause[]): string[] {
  return causes.map((c) => `${c.field}: ${c.message}`);
}
