// Injected faults: requests matching a fail rule are answered with its error instead of being
// served; requests matching a delay rule are served late.
import type { DelayRule, FailRule, ServerStatus, Verb } from '../types.js';
import { badRequest, failure, reasonForCode } from './status.js';

interface ActiveRule {
  readonly rule: FailRule;
  remaining: number;
}

interface ActiveDelay {
  readonly rule: DelayRule;
  remaining: number;
}

type Selector = Pick<FailRule, 'verb' | 'resource' | 'namespace'>;

function selects(rule: Selector, verb: Verb, resource: string, subresource: string | undefined, namespace: string | undefined): boolean {
  return (rule.verb === undefined || rule.verb === verb) &&
    (rule.resource === undefined || rule.resource === resource || rule.resource === `${resource}/${subresource ?? ''}`) &&
    (rule.namespace === undefined || rule.namespace === namespace);
}

export class Faults {
  private rules: ActiveRule[] = [];
  private delays: ActiveDelay[] = [];

  add(rule: FailRule): { remove(): void } {
    if (!Number.isInteger(rule.code) || rule.code < 400 || rule.code > 599) {
      throw badRequest(`fail(): code must be an HTTP error status between 400 and 599, got ${String(rule.code)}`);
    }
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw badRequest(`fail(): times must be a positive integer (or unset for unlimited), got ${String(rule.times)}`);
    }
    if (rule.retryAfterSeconds !== undefined && (!Number.isInteger(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0)) {
      throw badRequest(`fail(): retryAfterSeconds must be a non-negative integer, got ${String(rule.retryAfterSeconds)}`);
    }
    const active: ActiveRule = { rule: { ...rule }, remaining: rule.times ?? Infinity };
    this.rules.push(active);
    return {
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  addDelay(rule: DelayRule): { remove(): void } {
    if (!Number.isFinite(rule.delayMs) || rule.delayMs < 0) {
      throw badRequest(`delay(): delayMs must be a non-negative number of milliseconds, got ${String(rule.delayMs)}`);
    }
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw badRequest(`delay(): times must be a positive integer (or unset for unlimited), got ${String(rule.times)}`);
    }
    const active: ActiveDelay = { rule: { ...rule }, remaining: rule.times ?? Infinity };
    this.delays.push(active);
    return {
      remove: () => {
        this.delays = this.delays.filter((r) => r !== active);
      },
    };
  }

  clear(): void {
    this.rules = [];
    this.delays = [];
  }

  /** How long to hold a request before serving it (0: not at all), consuming one use of the first matching rule. */
  delayFor(verb: Verb, resource: string, subresource: string | undefined, namespace: string | undefined): number {
    const active = this.delays.find(({ rule }) => selects(rule, verb, resource, subresource, namespace));
    if (active === undefined) return 0;
    active.remaining--;
    if (active.remaining <= 0) this.delays = this.delays.filter((r) => r !== active);
    return active.rule.delayMs;
  }

  /** The Status to answer for a request, consuming one use of the first matching rule. */
  match(verb: Verb, resource: string, subresource: string | undefined, namespace: string | undefined): ServerStatus | undefined {
    const active = this.rules.find(({ rule }) => selects(rule, verb, resource, subresource, namespace));
    if (active === undefined) return undefined;
    active.remaining--;
    if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
    const { code, reason, retryAfterSeconds } = active.rule;
    const why = reason ?? reasonForCode(code);
    const message = code === 429
      ? 'Too many requests, please try again later.'
      : `${why}: fault injected for ${verb} ${resource}`;
    return failure(code, why, message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
  }
}
