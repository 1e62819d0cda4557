// `x-kubernetes-validations`: the CEL rules of a CRD schema, evaluated as kube-apiserver evaluates
// them (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel) with the CEL evaluator of
// @marcbachmann/cel-js: each rule with `self` bound to the value at its schema node (integers as
// CEL ints) and, on an update, `oldSelf` to the old value at the same place (object keys, map list
// items by their keys); a rule that reads `oldSelf` is a transition rule and is only evaluated
// when there is an old value. A value that did not change is not evaluated again (ratcheting),
// unless its rule reads `oldSelf`. A rule that is false is reported with its `message`
// (`messageExpression` when it gives a string), else `failed rule: <rule>`, at its `fieldPath`
// under the node, as its `reason` says; a rule that fails to evaluate is reported with the error.
//
// Not modelled: kube's cost estimation (a CRD whose rules could cost too much is refused by kube,
// accepted here), its compilation errors at CRD creation (a rule that does not parse is skipped
// here), the Kubernetes CEL libraries beyond what the evaluator has (quantity, url, ip, format…),
// and CEL's timestamp and duration types for strings with those formats.
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { isJsonObject, jsonEqual } from './json-value.js';
import type { OpenApiSchema } from './schema/data.js';
import type { FieldCause } from './validation.js';

const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });

const parsed = new Map<string, ParseResult | undefined>();

function compile(expression: string): ParseResult | undefined {
  if (!parsed.has(expression)) {
    let result: ParseResult | undefined;
    try {
      result = env.parse(expression);
    } catch {
      result = undefined;
    }
    parsed.set(expression, result);
  }
  return parsed.get(expression);
}

/** A decoded JSON value as CEL sees it: integers are ints (BigInt), the rest as it is. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(v);
    return out;
  }
  return value;
}

function schemaOf(value: unknown): OpenApiSchema | undefined {
  return isJsonObject(value) ? value : undefined;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** kube's name for a schema node's type, shown as the bad value of evaluation errors. */
function typeName(schema: OpenApiSchema): string {
  if (typeof schema.type === 'string' && schema.type !== '') return schema.type;
  return schema['x-kubernetes-int-or-string'] === true ? 'integer-or-string' : 'object';
}

/** A rule's `fieldPath` (`.spec.max`, `['a.b']`, `.items[0]`) appended to the node's path. */
function withFieldPath(path: string, fieldPath: string): string {
  let out = path;
  const re = /\.([^.[\]]+)|\['([^']*)'\]|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fieldPath)) !== null) {
    if (m[3] !== undefined) out = `${out}[${m[3]}]`;
    else out = child(out, m[1] ?? m[2] ?? '');
  }
  return out;
}

/** The first line of an evaluator error, worded like cel-go's (`no such key: x`). */
function errorText(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.trim() ?? '';
  return text.charAt(0).toLowerCase() + text.slice(1);
}

type Old = { readonly value: unknown } | undefined;

function evaluateRules(value: unknown, schema: OpenApiSchema, path: string, old: Old, out: FieldCause[]): void {
  const rules = schema['x-kubernetes-validations'];
  if (!Array.isArray(rules)) return;
  const unchanged = old !== undefined && jsonEqual(old.value, value);
  for (const rule of rules) {
    if (!isJsonObject(rule) || typeof rule.rule !== 'string') continue;
    const transition = /\boldSelf\b/.test(rule.rule);
    if ((transition && old === undefined) || (!transition && unchanged)) continue;
    const program = compile(rule.rule);
    if (program === undefined) continue;
    const message = typeof rule.message === 'string' ? rule.message.trim() : '';
    const vars = { self: toCel(value), oldSelf: old === undefined ? undefined : toCel(old.value) };
    let result: unknown;
    try {
      result = program(vars);
    } catch (err) {
      out.push({
        reason: 'FieldValueInvalid',
        field: path,
        message: `Invalid value: ${JSON.stringify(typeName(schema))}: ${errorText(err)} evaluating rule: ${message === '' ? rule.rule : message}`,
      });
      continue;
    }
    if (result === true) continue;
    let detail = message === '' ? `failed rule: ${rule.rule}` : message;
    if (typeof rule.messageExpression === 'string') {
      try {
        const custom: unknown = compile(rule.messageExpression)?.(vars);
        if (typeof custom === 'string' && custom.trim() !== '') detail = custom;
      } catch {
        // kube-apiserver falls back to the message when the expression fails.
      }
    }
    const at = typeof rule.fieldPath === 'string' && rule.fieldPath !== '' ? withFieldPath(path, rule.fieldPath) : path;
    switch (rule.reason) {
      case 'FieldValueForbidden':
        out.push({ reason: 'FieldValueForbidden', field: at, message: `Forbidden: ${detail}` });
        break;
      case 'FieldValueRequired':
        out.push({ reason: 'FieldValueRequired', field: at, message: `Required value: ${detail}` });
        break;
      case 'FieldValueDuplicate':
        out.push({ reason: 'FieldValueDuplicate', field: at, message: `Duplicate value: ${JSON.stringify(typeName(schema))}` });
        break;
      default: {
        // Scalars are shown; objects and lists are left out of the message.
        const shown = typeof value === 'string' ? `${JSON.stringify(value)}: ` : typeof value === 'number' || typeof value === 'boolean' ? `${String(value)}: ` : '';
        out.push({ reason: 'FieldValueInvalid', field: at, message: `Invalid value: ${shown}${detail}` });
      }
    }
  }
}

function mapKeys(schema: OpenApiSchema): string[] | undefined {
  if (schema['x-kubernetes-list-type'] !== 'map') return undefined;
  const keys = schema['x-kubernetes-list-map-keys'];
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

function oldItem(item: unknown, keys: readonly string[] | undefined, old: Old): Old {
  if (old === undefined || !Array.isArray(old.value) || keys === undefined || keys.length === 0 || !isJsonObject(item)) return undefined;
  const key = JSON.stringify(keys.map((k) => item[k] ?? null));
  const found = (old.value as unknown[]).find((o) => isJsonObject(o) && JSON.stringify(keys.map((k) => o[k] ?? null)) === key);
  return found === undefined ? undefined : { value: found };
}

function walk(value: unknown, schema: OpenApiSchema, path: string, old: Old, out: FieldCause[]): void {
  evaluateRules(value, schema, path, old, out);
  if (Array.isArray(value)) {
    const items = schemaOf(schema.items);
    if (items !== undefined) {
      const keys = mapKeys(schema);
      value.forEach((v, i) => {
        walk(v, items, `${path}[${i}]`, oldItem(v, keys, old), out);
      });
    }
  } else if (isJsonObject(value)) {
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const additional = schemaOf(schema.additionalProperties);
    for (const [name, v] of Object.entries(value)) {
      const s = schemaOf(properties[name]) ?? additional;
      const o = old !== undefined && isJsonObject(old.value) && Object.hasOwn(old.value, name) ? { value: old.value[name] } : undefined;
      if (s !== undefined) walk(v, s, child(path, name), o, out);
    }
  }
}

/** Whether a schema has any `x-kubernetes-validations` rule. */
export function hasRules(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasRules);
  if (!isJsonObject(schema)) return false;
  if (Array.isArray(schema['x-kubernetes-validations']) && schema['x-kubernetes-validations'].length > 0) return true;
  return Object.entries(schema).some(([k, v]) => k !== 'default' && k !== 'enum' && k !== 'example' && hasRules(v));
}

/**
 * The causes of a 422 for the CEL rules of a custom resource's schema that do not hold, each
 * value's rules before those of what it holds, as kube-apiserver reports them. `old` is the
 * stored object on an update.
 */
export function celErrors(obj: unknown, root: OpenApiSchema, old?: unknown): FieldCause[] {
  const out: FieldCause[] = [];
  walk(obj, root, '', old === undefined ? undefined : { value: old }, out);
  return out;
}

function goRule(rule: Readonly<Record<string, unknown>>): string {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return JSON.stringify({
    Rule: text(rule.rule),
    Message: text(rule.message),
    MessageExpression: text(rule.messageExpression),
    Reason: typeof rule.reason === 'string' ? rule.reason : null,
    FieldPath: text(rule.fieldPath),
    OptionalOldSelf: typeof rule.optionalOldSelf === 'boolean' ? rule.optionalOldSelf : null,
  });
}

function syntaxError(expression: string): string | undefined {
  try {
    env.parse(expression);
    return undefined;
  } catch (err) {
    return `ERROR: <input>: Syntax error: ${errorText(err)}`;
  }
}

function ruleSyntaxErrors(schema: OpenApiSchema, path: string, out: FieldCause[]): void {
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules)) {
    rules.forEach((rule, i) => {
      if (!isJsonObject(rule)) return;
      const at = `${path}.x-kubernetes-validations[${i}]`;
      const ruleError = typeof rule.rule === 'string' ? syntaxError(rule.rule) : undefined;
      if (ruleError !== undefined) out.push({ reason: 'FieldValueInvalid', field: `${at}.rule`, message: `Invalid value: ${goRule(rule)}: compilation failed: ${ruleError}` });
      const messageError = typeof rule.messageExpression === 'string' ? syntaxError(rule.messageExpression) : undefined;
      if (messageError !== undefined) {
        out.push({ reason: 'FieldValueInvalid', field: `${at}.messageExpression`, message: `Invalid value: ${goRule(rule)}: messageExpression compilation failed: ${messageError}` });
      }
    });
  }
  if (isJsonObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      const s = schemaOf(sub);
      if (s !== undefined) ruleSyntaxErrors(s, `${path}.properties[${name}]`, out);
    }
  }
  const items = schemaOf(schema.items);
  if (items !== undefined) ruleSyntaxErrors(items, `${path}.items`, out);
  const additional = schemaOf(schema.additionalProperties);
  if (additional !== undefined) ruleSyntaxErrors(additional, `${path}.additionalProperties`, out);
}

/**
 * 422 causes for CEL rules of a CRD schema that do not parse (kube-apiserver compiles them when
 * the CRD is written; its type checks and cost estimates are not modelled, and the syntax error
 * after `compilation failed:` is worded by the fake's evaluator, not cel-go).
 */
export function celSyntaxErrors(root: OpenApiSchema, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  ruleSyntaxErrors(root, path, out);
  return out;
}
