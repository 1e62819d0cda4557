// Kubernetes field selectors (k8s.io/apimachinery/pkg/fields): `field=value`, `field==value`,
// `field!=value`, comma-joined, with `\` escaping `\`, `,` and `=` in values. Which fields can be
// selected depends on the kind, exactly as each kind's field-label conversion allows.
import { scalarText, valueAt } from './builtin-kinds/define.js';
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

/**
 * The value of a selectable field: the kind's own derivation when it has one (see
 * KindInfo.fieldValues), else the string, number or boolean at the field's path (`''` when missing).
 */
function selectableFieldValue(obj: KubeObject, kind: KindInfo, field: string): string {
  const derive = kind.fieldValues?.[field];
  return derive !== undefined ? derive(obj) : scalarText(valueAt(obj, field.split('.')));
}

/** kube-apiserver's message for a label the kind cannot select, worded as the kind's check words it. */
function unsupportedLabel(kind: KindInfo, label: string): string {
  switch (kind.fieldLabelError) {
    case 'conversion': return `field label not supported: ${label}`;
    case 'registry': return `field label ${JSON.stringify(label)} not supported for ${kind.kind}`;
    default: return `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
  }
}

/**
 * Parse a field selector for one kind. Supported fields are `metadata.name`, `metadata.namespace`
 * and the kind's own `fieldSelectors`.
 *
 * @throws {SelectorError} `field label not supported: X` for an unknown field, or Kubernetes' parse
 *   message (`invalid selector: …`) for malformed text.
 */
export function parseFieldSelector(text: string, kind: KindInfo): FieldSelector {
  const meta = kind.namespaceNotSelectable === true ? ['metadata.name'] : META_FIELDS;
  const supported = new Set([...meta, ...kind.fieldSelectors]);
  const aliases = kind.fieldAliases ?? {};
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
    if (!supported.has(field)) throw new SelectorError(unsupportedLabel(kind, t.field));
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
