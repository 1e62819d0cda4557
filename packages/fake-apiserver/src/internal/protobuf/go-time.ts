// Go's text forms of metav1.Time (RFC 3339, whole seconds, UTC), metav1.MicroTime (RFC 3339 with
// six fraction digits, UTC) and time.Duration ("1h2m3.5s").

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Seconds since the epoch (Go's `Unix()`, rounded down) and nanoseconds of an RFC 3339 time. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  let seconds = date.getTime() / 1000;
  if (sign !== undefined) {
    const offset = (Number(oh) * 60 + Number(om)) * 60;
    seconds += sign === '+' ? -offset : offset;
  }
  const nanos = frac === undefined ? 0 : Number(frac.slice(0, 9).padEnd(9, '0'));
  return { seconds, nanos };
}

/** Go's zero time.Time, 0001-01-01T00:00:00Z, in Unix seconds: encoded as nothing, written as `null`. */
export const ZERO_TIME_SECONDS = -62135596800;

/** `2006-01-02T15:04:05Z`, or with `micros` `2006-01-02T15:04:05.000000Z`. */
export function formatRfc3339(seconds: number, micros?: number): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  const text =
    `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}` +
    `T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return micros === undefined ? `${text}Z` : `${text}.${String(micros).padStart(6, '0')}Z`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1000_000n,
  s: 1000_000_000n,
  m: 60n * 1000_000_000n,
  h: 3600n * 1000_000_000n,
};
const INT64_MAX = (1n << 63n) - 1n;
const DURATION_PART = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/** Nanoseconds of a Go duration string (`time.ParseDuration`), or `undefined` when malformed. */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const m = DURATION_PART.exec(rest);
    if (m === null) return undefined;
    const [whole, int = '', frac = '', unitText = ''] = m;
    if (int === '' && frac === '') return undefined;
    const unitName = /^(ns|us|µs|μs|ms|s|m|h)/.exec(unitText)?.[1];
    const unit = unitName === undefined ? undefined : UNITS[unitName];
    if (unit === undefined || unitName === undefined) return undefined;
    let value = BigInt(int === '' ? '0' : int) * unit;
    if (frac !== '') value += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += value;
    if (total > INT64_MAX + (negative ? 1n : 0n)) return undefined;
    rest = rest.slice(whole.length - unitText.length + unitName.length);
  }
  return negative ? -total : total;
}

/** Go's `time.Duration.String()`. */
export function formatGoDuration(nanos: bigint): string {
  const negative = nanos < 0n;
  let u = negative ? -nanos : nanos;
  let text: string;
  if (u < 1000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1000n) [unit, prec] = ['ns', 0];
    else if (u < 1000_000n) [unit, prec] = ['µs', 3];
    else [unit, prec] = ['ms', 6];
    text = fraction(u, prec) + unit;
  } else {
    const seconds = u / 1000_000_000n;
    const secText = fraction(u, 9).replace(/^\d+/, String(seconds % 60n));
    u = seconds / 60n;
    text = `${secText}s`;
    if (u > 0n) {
      text = `${u % 60n}m${text}`;
      u /= 60n;
      if (u > 0n) text = `${u}h${text}`;
    }
  }
  return negative ? `-${text}` : text;
}

// v / 10^prec with the fraction's trailing zeros (and a bare point) left out.
function fraction(v: bigint, prec: number): string {
  if (prec === 0) return String(v);
  const scale = 10n ** BigInt(prec);
  const frac = String(v % scale).padStart(prec, '0').replace(/0+$/, '');
  return frac === '' ? String(v / scale) : `${v / scale}.${frac}`;
}
