// Kubernetes label selectors (k8s.io/apimachinery/pkg/labels): the same grammar, the same
// validation and the same error texts, so a selector the fake accepts is one a real server
// accepts, and a bad one fails with the message a real server would give.
import { aggregateText, fieldErrorText } from './field-error.js';
import { labelValueErrors, qualifiedNameErrors } from './name-rules.js';
import { SelectorError } from './selector-error.js';

/** A parsed label selector: an AND of requirements. */
export interface LabelSelector {
  /** True when the selector places no requirement (it matches every object). */
  readonly empty: boolean;
  /** Whether a set of labels (an object's `metadata.labels`) satisfies every requirement. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** The canonical text: requirements sorted by key, set values sorted, as Kubernetes prints it. */
  toString(): string;
}

type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

interface Requirement {
  readonly key: string;
  readonly op: Operator;
  readonly values: readonly string[];
}

type TokenType = 'ident' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',' | 'end';

interface Token {
  readonly type: TokenType;
  readonly text: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && WHITESPACE.has(text.charAt(pos))) pos++;
    if (pos >= text.length) {
      tokens.push({ type: 'end', text: '' });
      return tokens;
    }
    const ch = text.charAt(pos);
    if (SPECIAL.has(ch)) {
      // Longest match over the operator table: only "==" and "!=" are two characters long.
      const pair = text.slice(pos, pos + 2);
      const op = pair === '==' || pair === '!=' ? pair : ch;
      tokens.push({ type: op as TokenType, text: op });
      pos += op.length;
      continue;
    }
    const start = pos;
    while (pos < text.length && !SPECIAL.has(text.charAt(pos)) && !WHITESPACE.has(text.charAt(pos))) pos++;
    const word = text.slice(start, pos);
    tokens.push({ type: word === 'in' || word === 'notin' ? word : 'ident', text: word });
  }
}

function parseInt64(value: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const n = BigInt(value);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  /** The next token; inside values, the keywords `in`/`notin` are plain words (`a in (in)`). */
  private peek(asValue: boolean): Token {
    const token = this.tokens[this.pos] ?? { type: 'end', text: '' };
    return asValue && (token.type === 'in' || token.type === 'notin') ? { type: 'ident', text: token.text } : token;
  }

  private next(asValue: boolean): Token {
    const token = this.peek(asValue);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const token = this.peek(true);
      if (token.type === 'end') return requirements;
      if (token.type !== 'ident' && token.type !== '!') {
        throw new SelectorError(`found '${token.text}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (err) {
        if (err instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${err.message}`);
        throw err;
      }
      const after = this.next(true);
      if (after.type === 'end') return requirements;
      if (after.type !== ',') throw new SelectorError(`found '${after.text}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.type !== 'ident' && following.type !== '!') {
        throw new SelectorError(`found '${following.text}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let token = this.next(true);
    let negated = false;
    if (token.type === '!') {
      negated = true;
      token = this.next(true);
    }
    if (token.type !== 'ident') throw new SelectorError(`found '${token.text}', expected: identifier`);
    const key = token.text;
    const keyErrors = qualifiedNameErrors(key);
    if (keyErrors.length > 0) throw new SelectorError(fieldErrorText('<nil>', 'Invalid', key, keyErrors.join('; ')));
    const lookahead = this.peek(true).type;
    if (negated) return makeRequirement(key, '!', []);
    if (lookahead === 'end' || lookahead === ',') return makeRequirement(key, 'exists', []);

    const opToken = this.next(false);
    let op: Operator;
    switch (opToken.type) {
      case 'in':
      case 'notin':
      case '=':
      case '==':
      case '!=':
        op = opToken.type;
        break;
      case '>':
        op = 'gt';
        break;
      case '<':
        op = 'lt';
        break;
      default:
        throw new SelectorError(`found '${opToken.text}', expected: ${BINARY_OPERATORS}`);
    }
    const values = op === 'in' || op === 'notin' ? this.parseValueSet() : this.parseExactValue();
    return makeRequirement(key, op, [...new Set(values)].sort());
  }

  private parseValueSet(): string[] {
    const open = this.next(true);
    if (open.type !== '(') throw new SelectorError(`found '${open.text}' expected: '('`);
    const first = this.peek(true);
    if (first.type === ')') {
      this.next(true);
      return [''];
    }
    if (first.type !== 'ident' && first.type !== ',') {
      throw new SelectorError(`found '${first.text}', expected: ',', ')' or identifier`);
    }
    const values: string[] = [];
    for (;;) {
      const token = this.next(true);
      if (token.type === 'ident') {
        values.push(token.text);
        const after = this.peek(true);
        if (after.type === ')') break;
        if (after.type !== ',') throw new SelectorError(`found '${after.text}', expected: ',' or ')'`);
      } else if (token.type === ',') {
        // An empty slot, "(,a)", "(a,)" or "(a,,b)", is the empty value.
        if (values.length === 0) values.push('');
        const after = this.peek(true);
        if (after.type === ')') {
          values.push('');
          break;
        }
        if (after.type === ',') {
          this.next(true);
          values.push('');
        }
      } else {
        throw new SelectorError(`found '${token.text}', expected: ',', or identifier`);
      }
    }
    this.next(true); // the closing parenthesis
    return values;
  }

  private parseExactValue(): string[] {
    const lookahead = this.peek(true);
    if (lookahead.type === 'end' || lookahead.type === ',') return [''];
    const token = this.next(true);
    if (token.type !== 'ident') throw new SelectorError(`found '${token.text}', expected: identifier`);
    return [token.text];
  }
}

function makeRequirement(key: string, op: Operator, values: readonly string[]): Requirement {
  const errors: string[] = [];
  if (op === 'gt' || op === 'lt') {
    values.forEach((v, i) => {
      if (parseInt64(v) === undefined) {
        errors.push(fieldErrorText(`values[${i}]`, 'Invalid', v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    });
  }
  values.forEach((v, i) => {
    const msgs = labelValueErrors(v);
    if (msgs.length > 0) errors.push(fieldErrorText(`values[${i}][${key}]`, 'Invalid', v, msgs.join('; ')));
  });
  if (errors.length > 0) throw new SelectorError(aggregateText(errors));
  return { key, op, values };
}

function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const actual = value === undefined ? undefined : parseInt64(value);
      const bound = parseInt64(r.values[0] ?? '');
      if (actual === undefined || bound === undefined) return false;
      return r.op === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementText(r: Requirement): string {
  switch (r.op) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.op} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values.join(',')}`;
    case 'lt':
      return `${r.key}<${r.values.join(',')}`;
    default:
      return `${r.key}${r.op}${r.values.join(',')}`;
  }
}

/**
 * Parse a Kubernetes label selector: `k=v`, `k==v`, `k!=v` (also matches objects without `k`),
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, and the numeric `k>n`/`k<n`; commas AND them.
 * Keys must be qualified names (optional DNS-subdomain prefix and `/`), values valid label values.
 *
 * @throws {SelectorError} with Kubernetes' own message when the text is malformed or invalid.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(lex(text)).parse();
  // Sorting by key (stably) gives the canonical order Kubernetes prints.
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const canonical = requirements.map(requirementText).join(',');
  return {
    empty: requirements.length === 0,
    matches(labels) {
      const set = labels ?? {};
      return requirements.every((r) => requirementMatches(r, set));
    },
    toString() {
      return canonical;
    },
  };
}
