// Kubernetes field selectors (k8s.io/apimachinery/pkg/fields): `field=value`, `field==value`,
// `field!=value`, comma-joined, with `\` escaping `\`, `,` and `=` in values. Which fields can be
// selected depends on the kind, exactly as each kind's field-label conversion allows.
import type { KindInfo } from './kinds.js';
import { SelectorError } from './selector-error.js';
import type { KubeObject } from '../types.js';

/** A parsed field selector: an AND of equality and inequality terms. */
export interface FieldSelector {
  /** True when the selector places no requirement. */
  readonly empty: boolean;
  /** Whether an object's selectable fields satisfy every term (a missing field is `''`). */
  matches(obj: KubeObject): boolean;
  /** The canonical text: terms sorted, `==` written as `=`, values escaped. */
  toString(): string;
}

interface Term {
  readonly field: string;
  readonly negated: boolean;
  readonly value: string;
}

// Checked in this order so that "a==b" splits as a, ==, b and not as a, =, =b.
const OPERATORS = ['!=', '==', '='] as const;

/** Fields every kind supports. */
const META_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Old clients' names for fields, mapped as the kind's field-label conversion maps them. */
const ALIASES: Record<string, Record<string, string>> = {
  '/Pod': { 'spec.host': 'spec.nodeName' },
};

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(raw: string): string {
  let out = '';
  let escaped = false;
  for (const c of raw) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * The value of a selectable field. Most fields are the string at their path; a few are derived
 * the way Kubernetes derives them (booleans default to "false", a pod's IP is its first podIPs
 * entry, an event's source falls back to its reporting controller).
 */
function selectableFieldValue(obj: KubeObject, kind: KindInfo, field: string): string {
  const qualified = `${kind.group}/${kind.kind}`;
  if (qualified === '/Pod') {
    if (field === 'spec.hostNetwork') return at(obj, ['spec', 'hostNetwork']) === true ? 'true' : 'false';
    if (field === 'status.podIP') {
      const ips = at(obj, ['status', 'podIPs']);
      if (Array.isArray(ips) && ips.length > 0) return scalarText(at(ips[0], ['ip']));
      return scalarText(at(obj, ['status', 'podIP']));
    }
  }
  if (qualified === '/Node' && field === 'spec.unschedulable') {
    return at(obj, ['spec', 'unschedulable']) === true ? 'true' : 'false';
  }
  if (qualified === '/Event' && field === 'source') {
    const component = scalarText(at(obj, ['source', 'component']));
    return component !== '' ? component : scalarText(at(obj, ['reportingComponent']));
  }
  return scalarText(at(obj, field.split('.')));
}

/**
 * Parse a field selector for one kind. Supported fields are `metadata.name`, `metadata.namespace`
 * and the kind's own `fieldSelectors`.
 *
 * @throws {SelectorError} `field label not supported: X` for an unknown field, or Kubernetes' parse
 *   message (`invalid selector: …`) for malformed text.
 */
export function parseFieldSelector(text: string, kind: KindInfo): FieldSelector {
  const supported = new Set([...META_FIELDS, ...kind.fieldSelectors]);
  const aliases = ALIASES[`${kind.group}/${kind.kind}`] ?? {};
  // Kubernetes sorts the raw terms before parsing them; the first bad one in that order is reported.
  const parts = splitTerms(text)
    .filter((p) => p !== '')
    .sort();
  const terms: Term[] = [];
  for (const part of parts) {
    const split = splitTerm(part);
    if (split === undefined) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    const [lhs, op, rhs] = split;
    const value = unescapeValue(rhs);
    terms.push({ field: lhs, negated: op === '!=', value });
  }
  const resolved = terms.map((t) => {
    const field = aliases[t.field] ?? t.field;
    if (!supported.has(field)) throw new SelectorError(`field label not supported: ${t.field}`);
    return { ...t, field };
  });
  const canonical = resolved.map((t) => `${t.field}${t.negated ? '!=' : '='}${escapeValue(t.value)}`).join(',');
  return {
    empty: resolved.length === 0,
    matches(obj) {
      return resolved.every((t) => (selectableFieldValue(obj, kind, t.field) === t.value) !== t.negated);
    },
    toString() {
      return canonical;
    },
  };
}
