// resource.Quantity as kube-apiserver reads and writes it (k8s.io/apimachinery/pkg/api/resource):
// every Quantity of a built-in kind is parsed on decode and written back in canonical form
// (`1000m` → `1`, `2048Ki` → `2Mi`, `0.5` → `500m`), except that a string already in canonical
// form is kept as sent (`+1`, `1.`, `1E3` survive); values finer than a nano round up (away from
// zero); a core ResourceList (requests, limits, hard, capacity, …) is rounded up to milli units
// by its defaulting. A value that is not a quantity is refused with the parser's message.

/** Why a string is not a quantity, in the parser's words (they reach clients in a 400). */
export class QuantityError extends Error {
  override readonly name: string = 'QuantityError';
}

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";
const NUMERIC_WRONG = 'unable to parse numeric part of quantity';

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = m × 10^exp; `s` is the text to write when the parser kept the string as sent. */
interface Quantity {
  readonly m: bigint;
  readonly exp: number;
  readonly format: Format;
  readonly s?: string;
}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));
const SUFFIX_CHARS = 'eEinumkKMGTP';
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
/** The most decimal digits an int64 always holds. */
const MAX_INT64_FACTORS = 18;
const NANO = -9;
const MILLI = -3;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface Parts {
  positive: boolean;
  /** The number as written, sign included, without the suffix. */
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** Splits a quantity string as Go's parseQuantityString does (leading zeros of the numerator dropped). */
function splitQuantity(str: string): Parts {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str.startsWith('-')) {
    positive = false;
    pos++;
  } else if (str.startsWith('+')) {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return { positive, value: str, num: str.slice(numStart), denom: '', suffix: '' };
  const num = pos === numStart ? '0' : str.slice(numStart, pos);
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, value: str, num, denom, suffix: '' };
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos] ?? '')) pos++;
  if (pos >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(FORMAT_WRONG);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** The suffix's base, exponent and format; undefined when it is not one. */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix.startsWith('e') || suffix.startsWith('E'))) {
    const text = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(text)) return undefined;
    const exponent = Number(text);
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 2 ** 31) return undefined;
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** `m / d` rounded away from zero (d > 0). */
function divideAwayFromZero(m: bigint, d: bigint): bigint {
  const q = m / d;
  return m % d === 0n ? q : m < 0n ? q - 1n : q + 1n;
}

/** Compares |q| with the integer `n` (≥ 0). */
function compareAbs(q: Quantity, n: bigint): number {
  const a = abs(q.m);
  const [left, right] = q.exp >= 0 ? [a * pow10(q.exp), n] : [a, n * pow10(-q.exp)];
  return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * Parses a quantity as kube-apiserver's decoder does.
 *
 * @throws {QuantityError} not a quantity (the message is the parser's)
 */
export function parseQuantity(text: string): Quantity {
  const str = text.trim();
  if (str === '') throw new QuantityError(FORMAT_WRONG);
  if (str === '0') return { m: 0n, exp: 0, format: 'DecimalSI', s: str };
  const { positive, value, num, denom, suffix } = splitQuantity(str);
  const interpreted = interpretSuffix(suffix);
  if (interpreted === undefined) throw new QuantityError(SUFFIX_WRONG);
  const { base, exponent, format } = interpreted;

  // The fast path: small numbers kept as int64 amounts, and the string as sent when canonical.
  let precision: number;
  let scale = 0;
  let multiplier = 1n;
  if (base === 10) {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  } else if (denom.length === 0) {
    multiplier = 1n << BigInt(exponent);
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const parsed = BigInt(shifted);
      if (parsed > MAX_INT64) throw new QuantityError(NUMERIC_WRONG);
      const product = parsed * multiplier;
      if (product <= MAX_INT64 && -product >= MIN_INT64) {
        const m = positive ? product : -product;
        const canonical = base === 2
          ? exponent % 10 === 0 && (parsed & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0');
        return canonical ? { m, exp: scale, format, s: str } : { m, exp: scale, format };
      }
    }
  }

  // The slow path: arbitrary precision, rounded up to a nano, binary values capped at int64.
  const match = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(value);
  if (match === null || ((match[1] ?? '') === '' && (match[2] ?? '') === '')) throw new QuantityError(NUMERIC_WRONG);
  const fraction = match[2] ?? '';
  let m = BigInt(`${match[1] ?? ''}${fraction}` || '0');
  let exp = -fraction.length;
  if (base === 10) exp += exponent;
  else m *= 1n << BigInt(exponent);
  if (exp < NANO && m !== 0n) {
    m = divideAwayFromZero(m, pow10(NANO - exp));
    exp = NANO;
  }
  let result: Quantity = { m, exp, format };
  if (format === 'BinarySI' && compareAbs(result, MAX_INT64) > 0) result = { m: MAX_INT64, exp: 0, format };
  if (format === 'BinarySI' && result.m !== 0n && compareAbs(result, 1n) < 0) result = { ...result, format: 'DecimalSI' };
  return positive ? result : { ...result, m: -result.m };
}

/** Rounds up (away from zero) to a multiple of 10^exp; a quantity already that coarse is kept, text and all. */
function roundUp(q: Quantity, exp: number): Quantity {
  if (q.exp >= exp) return q;
  return { m: divideAwayFromZero(q.m, pow10(exp - q.exp)), exp, format: q.format };
}

/** Moves factors of `factor` out of `m`: returns the rest and how many there were. */
function removeFactors(m: bigint, factor: bigint): [bigint, number] {
  let times = 0;
  let rest = m;
  while (rest !== 0n && rest % factor === 0n) {
    rest /= factor;
    times++;
  }
  return [rest, times];
}

/** The text kube-apiserver writes for a quantity. */
export function formatQuantity(q: Quantity): string {
  if (q.s !== undefined) return q.s;
  if (q.m === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    // Small or fractional binary values are written in decimal, so nothing is rounded.
    const whole = q.exp >= 0 || q.m % pow10(-q.exp) === 0n;
    if (compareAbs(q, 1024n) < 0 || !whole) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    const integer = q.exp >= 0 ? q.m * pow10(q.exp) : q.m / pow10(-q.exp);
    const [amount, times] = removeFactors(integer, 1024n);
    return `${amount}${BINARY_BY_EXPONENT.get(times * 10) ?? ''}`;
  }
  let [amount, exponent] = removeFactors(q.m, 10n);
  exponent += q.exp;
  const rest = exponent % 3;
  if (rest === 1 || rest === -2) {
    amount *= 10n;
    exponent -= 1;
  } else if (rest === 2 || rest === -1) {
    amount *= 100n;
    exponent -= 2;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  // An exponent past the SI suffixes loses its suffix, as kube-apiserver writes it.
  return `${amount}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}

/**
 * A JSON value of a Quantity field as kube-apiserver writes it back: a number's or a string's
 * canonical text; `null` (in a ResourceList) becomes `"0"`. With `milli`, rounded up to milli
 * units as a core ResourceList's defaulting does.
 *
 * @throws {QuantityError} the value is not a quantity
 */
export function canonicalQuantity(value: unknown, milli: boolean): string {
  if (value === null) return '0';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const parsed = parseQuantity(text);
  return formatQuantity(milli ? roundUp(parsed, MILLI) : parsed);
}
