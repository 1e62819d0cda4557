import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuantity, formatQuantity, parseQuantity, QuantityError } from './quantity.js';

// Each row: what was sent, what kube-apiserver v1.37.2 stored in a ResourceList (limits.memory,
// rounded to milli units) and in a plain Quantity field (emptyDir.sizeLimit), read off a real
// server by creating a Pod with the value in both places.
const RECORDED: readonly (readonly [unknown, string, string])[] = [
  ['1000m', '1', '1'],
  ['1000', '1k', '1k'],
  ['2000Mi', '2000Mi', '2000Mi'],
  ['1Gi', '1Gi', '1Gi'],
  ['1024Ki', '1Mi', '1Mi'],
  ['1023Ki', '1023Ki', '1023Ki'],
  ['0.5Gi', '512Mi', '512Mi'],
  ['1.5', '1500m', '1500m'],
  ['100', '100', '100'],
  ['0.001', '1m', '1m'],
  ['1e-3', '1e-3', '1e-3'],
  ['3e2', '300', '300'],
  ['1.25k', '1250', '1250'],
  ['0', '0', '0'],
  ['00', '0', '0'],
  ['0m', '0', '0'],
  ['1n', '1m', '1n'],
  [' 2 ', '2', '2'],
  ['10Ki', '10Ki', '10Ki'],
  ['1Ei', '1Ei', '1Ei'],
  ['8Ei', '9223372036854775807', '9223372036854775807'],
  ['99999999999999999999', '99999999999999999999', '99999999999999999999'],
  ['1.5e3', '1500', '1500'],
  ['100u', '1m', '100u'],
  ['0.0001', '1m', '100u'],
  ['12345678901234567890m', '12345678901234567890m', '12345678901234567890m'],
  ['7Ki', '7Ki', '7Ki'],
  ['8Ki', '8Ki', '8Ki'],
  ['123456789012345678', '123456789012345678', '123456789012345678'],
  ['1234567890123456789', '1234567890123456789', '1234567890123456789'],
  ['1.500', '1.500', '1.500'],
  ['0.5Ki', '512', '512'],
  ['1.5Ki', '1536', '1536'],
  ['1.5Gi', '1536Mi', '1536Mi'],
  ['0.1Ki', '102400m', '102400m'],
  ['1e3', '1e3', '1e3'],
  ['100M', '100M', '100M'],
  ['2048Ki', '2Mi', '2Mi'],
  ['1.0', '1', '1'],
  ['+1', '+1', '+1'],
  ['1E3', '1E3', '1E3'],
  ['12e-3', '12e-3', '12e-3'],
  ['1024', '1024', '1024'],
  ['5e-10', '1e-3', '1e-9'],
  ['0.1', '100m', '100m'],
  ['.5', '500m', '500m'],
  ['1.', '1.', '1.'],
  [0.5, '500m', '500m'],
];

describe('canonicalQuantity', () => {
  it.each(RECORDED)('%j → %s in a ResourceList, %s elsewhere (as kube-apiserver stores it)', (sent, inList, plain) => {
    expect(canonicalQuantity(sent, true)).toBe(inList);
    expect(canonicalQuantity(sent, false)).toBe(plain);
  });

  it('reads null in a ResourceList as zero', () => {
    expect(canonicalQuantity(null, true)).toBe('0');
  });

  it.each([
    ['abc', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['1Kb', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['1.2.3', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [true, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['1e', "unable to parse quantity's suffix"],
    ['1i', "unable to parse quantity's suffix"],
  ])('refuses %j with the parser\'s message', (sent, message) => {
    expect(() => canonicalQuantity(sent, false)).toThrow(QuantityError);
    expect(() => canonicalQuantity(sent, false)).toThrow(message);
  });

  it('rounds values finer than a nano up, away from zero', () => {
    expect(canonicalQuantity('-0.0000000001', false)).toBe('-1n');
    expect(canonicalQuantity('-0.0000000001', true)).toBe('-1m');
  });
});

describe('the canonical form', () => {
  const quantity = fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.stringMatching(/^[0-9]{1,12}$/),
      fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
      fc.constantFrom('', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'e-2', 'E6'),
    )
    .map(([sign, num, denom, suffix]) => `${sign}${num}${denom === undefined ? '' : `.${denom}`}${suffix}`);
  const seed = Number(process.env.KCACHE_SEED ?? 20261206);

  it(`is a fixed point: writing a written quantity back changes nothing (seed ${seed})`, () => {
    fc.assert(
      fc.property(quantity, fc.boolean(), (text, milli) => {
        const once = canonicalQuantity(text, milli);
        expect(canonicalQuantity(once, milli)).toBe(once);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it(`keeps the value (up to the nano rounding) (seed ${seed})`, () => {
    const nanos = (text: string): bigint => {
      const q = parseQuantity(text);
      return q.exp >= -9 ? q.m * 10n ** BigInt(q.exp + 9) : q.m / 10n ** BigInt(-9 - q.exp);
    };
    fc.assert(
      fc.property(quantity, (text) => {
        const written = formatQuantity(parseQuantity(text));
        expect(nanos(written)).toBe(nanos(text));
      }),
      { seed, numRuns: 2000 },
    );
  });
});
