// Label and field selectors combined into one predicate, parsed once per request.
import type { KubeObject } from '../types.js';
import { parseFieldSelector } from './field-selector.js';
import type { KindInfo } from './kinds.js';
import { parseLabelSelector } from './label-selector.js';
import { SelectorError } from './selector-error.js';
import { badRequest } from './status.js';

export interface ObjectFilter {
  /** True when both selectors are empty (everything matches). */
  readonly empty: boolean;
  matches(obj: KubeObject): boolean;
}

const EVERYTHING: ObjectFilter = { empty: true, matches: () => true };

/** Parses both selectors; a malformed one (or an unsupported field) is a 400. */
export function parseObjectFilter(kind: KindInfo, labelSelector: string, fieldSelector: string): ObjectFilter {
  if (labelSelector.trim() === '' && fieldSelector.trim() === '') return EVERYTHING;
  try {
    const labels = parseLabelSelector(labelSelector);
    const fields = parseFieldSelector(fieldSelector, kind);
    if (labels.empty && fields.empty) return EVERYTHING;
    return {
      empty: false,
      matches: (obj) => labels.matches(obj.metadata?.labels) && fields.matches(obj),
    };
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
}

/** A filter that also requires one name (watching a single object). */
export function withName(filter: ObjectFilter, name: string): ObjectFilter {
  return { empty: false, matches: (obj) => obj.metadata?.name === name && filter.matches(obj) };
}
