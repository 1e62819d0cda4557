import { LabelSelectorError } from './errors.js';

/** The operator of one {@link LabelRequirement}. */
export type LabelOperator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt';

/** One requirement of a label selector: `key` `operator` `values`. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** The values, in the order given (one for `=`, `!=`, `gt`, `lt`; none for `exists`, `!exists`). */
  readonly values: readonly string[];
}

/** A parsed label selector: every requirement must hold (they are ANDed). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** Whether objects with these labels (none: `undefined`) match. The empty selector matches everything. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** The selector in canonical wire form. */
  toString(): string;
}

// The characters that end an identifier, as in apimachinery's label selector lexer.
const SPECIAL = new Set([' ', '\t', '\n', '\r', '\f', '\v', ',', '(', ')', '=', '!', '<', '>']);
const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const INTEGER = /^[+-]?\d+$/;

type Token =
  | { kind: 'id'; text: string; at: number }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '<' | '>' | ',' | '(' | ')'; at: number }
  | { kind: 'end'; at: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '=' || c === '!') {
      if (input.charAt(i + 1) === '=') {
        tokens.push({ kind: 'op', text: c === '=' ? '==' : '!=', at: i });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: c, at: i });
        i++;
      }
      continue;
    }
    if (c === '<' || c === '>' || c === ',' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', text: c, at: i });
      i++;
      continue;
    }
    const start = i;
    while (i < input.length && !SPECIAL.has(input.charAt(i))) i++;
    tokens.push({ kind: 'id', text: input.slice(start, i), at: start });
  }
  tokens.push({ kind: 'end', at: input.length });
  return tokens;
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end' : JSON.stringify(token.text);
}

/**
 * Parses a label selector in the syntax the API server accepts (`labelSelector=` on the wire, and
 * `kubectl -l`): requirements separated by `,`, each one of `key=value`, `key==value`,
 * `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key` (exists), `!key` (does not exist),
 * `key>1`, `key<1`. Keys and values are validated as Kubernetes validates label keys and values.
 *
 * @example
 * ```ts
 * const selector = parseLabelSelector('app=web,tier in (frontend,cache),!canary');
 * selector.matches({ app: 'web', tier: 'cache' }); // true
 * ```
 * @throws {LabelSelectorError} when the selector is not valid; the message says where and why.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const tokens = tokenize(selector);
  let pos = 0;
  const failure = (token: Token, problem: string): LabelSelectorError => new LabelSelectorError(selector, token.at, problem);
  // The token list always ends with an 'end' token, which is never consumed past.
  const end = tokens[tokens.length - 1] ?? { kind: 'end', at: selector.length };
  const next = (): Token => tokens[pos++] ?? end;
  const peek = (): Token => tokens[pos] ?? end;

  const key = (token: Token): string => {
    if (token.kind !== 'id') throw failure(token, `expected a label key, found ${describe(token)}`);
    const problem = labelKeyProblem(token.text);
    if (problem !== undefined) throw failure(token, problem);
    return token.text;
  };
  const value = (token: Token): string => {
    const problem = labelValueProblem(token.kind === 'id' ? token.text : '');
    if (problem !== undefined) throw failure(token, problem);
    return token.kind === 'id' ? token.text : '';
  };
  const valueSet = (): string[] => {
    const open = next();
    if (open.kind !== 'op' || open.text !== '(') throw failure(open, `expected "(" to open a set of values, found ${describe(open)}`);
    const values: string[] = [];
    for (;;) {
      let token = next();
      // An empty value is allowed inside a set ("a in (,b)"), as apimachinery allows it.
      if (token.kind === 'op' && (token.text === ',' || token.text === ')')) {
        values.push('');
      } else {
        if (token.kind !== 'id') throw failure(token, `expected a value, "," or ")", found ${describe(token)}`);
        values.push(value(token));
        token = next();
      }
      if (token.kind === 'op' && token.text === ')') break;
      if (token.kind !== 'op' || token.text !== ',') throw failure(token, `expected "," or ")" in a set of values, found ${describe(token)}`);
    }
    return values;
  };

  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return new ParsedSelector(requirements);
  for (;;) {
    const first = next();
    let requirement: LabelRequirement;
    if (first.kind === 'op' && first.text === '!') {
      requirement = { key: key(next()), operator: '!exists', values: [] };
    } else {
      const k = key(first);
      const op = peek();
      if (op.kind === 'end' || (op.kind === 'op' && op.text === ',')) {
        requirement = { key: k, operator: 'exists', values: [] };
      } else if (op.kind === 'op' && (op.text === '=' || op.text === '==' || op.text === '!=')) {
        pos++;
        const v = peek();
        let text = '';
        if (v.kind === 'id') text = value(next());
        // "a=" and "a=,b" compare with the empty value.
        else if (v.kind !== 'end' && v.text !== ',') throw failure(v, `expected a value after ${describe(op)}, found ${describe(v)}`);
        requirement = { key: k, operator: op.text === '!=' ? '!=' : '=', values: [text] };
      } else if (op.kind === 'op' && (op.text === '<' || op.text === '>')) {
        pos++;
        const v = next();
        if (v.kind !== 'id' || !INTEGER.test(v.text)) throw failure(v, `expected an integer after ${describe(op)}, found ${describe(v)}`);
        requirement = { key: k, operator: op.text === '>' ? 'gt' : 'lt', values: [String(Number.parseInt(v.text, 10))] };
      } else if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        pos++;
        const values = valueSet();
        requirement = { key: k, operator: op.text, values };
      } else {
        throw failure(op, `expected an operator (=, ==, !=, in, notin, <, >), "," or the end after key ${JSON.stringify(k)}, found ${describe(op)}`);
      }
    }
    requirements.push(requirement);
    const after = next();
    if (after.kind === 'end') break;
    if (after.kind !== 'op' || after.text !== ',') throw failure(after, `expected "," or the end after a requirement, found ${describe(after)}`);
    if (peek().kind === 'end') throw failure(peek(), 'expected a requirement after ","');
  }
  return new ParsedSelector(requirements);
}

class ParsedSelector implements LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** One test per requirement, given the label's value (`undefined` when the object lacks the label). */
  readonly #tests: readonly { key: string; test: (actual: string | undefined) => boolean }[];

  constructor(requirements: LabelRequirement[]) {
    this.requirements = requirements;
    this.#tests = requirements.map((r) => ({ key: r.key, test: compile(r) }));
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    for (const { key, test } of this.#tests) {
      const actual = labels !== undefined && Object.hasOwn(labels, key) ? labels[key] : undefined;
      if (!test(actual)) return false;
    }
    return true;
  }

  toString(): string {
    return this.requirements
      .map((r) => {
        switch (r.operator) {
          case 'exists':
            return r.key;
          case '!exists':
            return `!${r.key}`;
          case '=':
          case '!=':
            return `${r.key}${r.operator}${r.values[0] ?? ''}`;
          case 'gt':
            return `${r.key}>${r.values[0] ?? ''}`;
          case 'lt':
            return `${r.key}<${r.values[0] ?? ''}`;
          case 'in':
          case 'notin':
            return `${r.key} ${r.operator} (${[...r.values].sort().join(',')})`;
        }
      })
      .join(',');
  }
}

/** The test of one requirement, as apimachinery's `Requirement.Matches` defines it. */
function compile(r: LabelRequirement): (actual: string | undefined) => boolean {
  const values = r.values;
  const first = values[0] ?? '';
  const set = new Set(values);
  const contains = values.length > 1 ? (v: string): boolean => set.has(v) : (v: string): boolean => v === first;
  switch (r.operator) {
    case 'exists':
      return (actual) => actual !== undefined;
    case '!exists':
      return (actual) => actual === undefined;
    case '=':
    case 'in':
      return (actual) => actual !== undefined && contains(actual);
    case '!=':
    case 'notin':
      // An object without the label matches a negative requirement.
      return (actual) => actual === undefined || !contains(actual);
    case 'gt':
    case 'lt': {
      const bound = Number.parseInt(first, 10);
      const greater = r.operator === 'gt';
      return (actual) => {
        if (actual === undefined || !INTEGER.test(actual)) return false;
        const n = Number.parseInt(actual, 10);
        return greater ? n > bound : n < bound;
      };
    }
  }
}

/** Why `key` is not a valid label key (a qualified name with an optional DNS subdomain prefix). */
function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix === '') return `label key ${JSON.stringify(key)} has an empty prefix before "/"`;
    if (prefix.length > 253 || !prefix.split('.').every((part) => DNS_LABEL.test(part))) {
      return `the prefix of label key ${JSON.stringify(key)} must be a DNS subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)`;
    }
  }
  if (name === '') return `label key ${JSON.stringify(key)} has an empty name`;
  if (name.length > 63) return `the name part of label key ${JSON.stringify(key)} is longer than 63 characters`;
  if (!NAME.test(name)) {
    return `label key ${JSON.stringify(key)} is not valid: the name must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid label value. */
function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `label value ${JSON.stringify(value)} is longer than 63 characters`;
  if (!NAME.test(value)) {
    return `label value ${JSON.stringify(value)} is not valid: it must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit`;
  }
  return undefined;
}
