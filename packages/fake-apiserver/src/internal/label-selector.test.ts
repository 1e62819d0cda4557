import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './label-selector.js';
import { SelectorError } from './selector-error.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

function parseError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (err) {
    expect(err).toBeInstanceOf(SelectorError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseLabelSelector: matching', () => {
  // Cases mirror Kubernetes' selector tests: the operator semantics users rely on.
  const cases: [selector: string, labels: Record<string, string> | undefined, expected: boolean][] = [
    ['', { x: 'y' }, true],
    ['', undefined, true],
    ['x=y', { x: 'y' }, true],
    ['x==y', { x: 'y' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y', {}, false],
    ['x=y', undefined, false],
    ['x!=y', { x: 'z' }, true],
    ['x!=y', {}, true], // != also matches objects without the key
    ['x!=y', { x: 'y' }, false],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x in (a,b)', { x: 'b' }, true],
    ['x in (a,b)', { x: 'c' }, false],
    ['x in (a,b)', {}, false],
    ['x notin (a,b)', { x: 'c' }, true],
    ['x notin (a,b)', {}, true],
    ['x notin (a,b)', { x: 'a' }, false],
    ['x in ()', { x: '' }, true],
    ['x in (,a)', { x: '' }, true],
    ['x', { x: '' }, true],
    ['x', { y: 'x' }, false],
    ['!x', { y: 'x' }, true],
    ['!x', { x: 'y' }, false],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x=y,z=w', { x: 'y', z: 'v' }, false],
    ['x=y, !z', { x: 'y' }, true],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: '1' }, false],
    ['x<1', { x: '0' }, true],
    ['x<1', { x: 'a' }, false],
    ['x>1', {}, false],
    ['x > 9223372036854775806', { x: '9223372036854775807' }, true],
    ['example.com/app=web', { 'example.com/app': 'web' }, true],
    ['  x  =  y  ', { x: 'y' }, true],
    ['x in(a)', { x: 'a' }, true],
    ['in in (in)', { in: 'in' }, true],
    ['notin notin (notin)', { notin: 'x' }, true],
  ];
  it.each(cases)('%j on %j → %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('reports an empty selector as empty', () => {
    expect(parseLabelSelector('').empty).toBe(true);
    expect(parseLabelSelector('   ').empty).toBe(true);
    expect(parseLabelSelector('a').empty).toBe(false);
  });

  it('does not treat inherited properties as labels', () => {
    expect(parseLabelSelector('toString').matches({})).toBe(false);
    expect(parseLabelSelector('!constructor').matches({})).toBe(true);
  });
});

describe('parseLabelSelector: canonical text', () => {
  const cases: [input: string, canonical: string][] = [
    ['x=y', 'x=y'],
    ['x==y', 'x==y'],
    ['z=1,a=2', 'a=2,z=1'],
    ['x in (c,a,b,a)', 'x in (a,b,c)'],
    ['x notin ( b , a )', 'x notin (a,b)'],
    ['x in ()', 'x in ()'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['  !x , y ', '!x,y'],
    ['x>5', 'x>5'],
    ['x<5', 'x<5'],
    ['x=', 'x='],
  ];
  it.each(cases)('%j prints as %j', (input, canonical) => {
    expect(parseLabelSelector(input).toString()).toBe(canonical);
  });
});

describe('parseLabelSelector: errors', () => {
  const qualifiedNameRule =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  const labelValueRule =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  const cases: [selector: string, message: string][] = [
    ['x=y z', "found 'z', expected: ',' or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in (,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    ['x=y,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!x=y', "found '=', expected: ',' or 'end of string'"],
    ['x (a)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x==(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['-x=y', `unable to parse requirement: <nil>: Invalid value: "-x": ${qualifiedNameRule}`],
    ['x=-y', `unable to parse requirement: values[0][x]: Invalid value: "-y": ${labelValueRule}`],
    [
      `x=${'a'.repeat(64)}`,
      `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ],
    ['x>a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['x>99999999999999999999', "unable to parse requirement: values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an integer"],
    [
      'x in (-a,-b)',
      `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${labelValueRule}, values[1][x]: Invalid value: "-b": ${labelValueRule}]`,
    ],
    ['a/b/c', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    ['Ex.com/a', "unable to parse requirement: <nil>: Invalid value: \"Ex.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    ['k'.repeat(64), `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`],
  ];
  it.each(cases)('%j → %s', (selector, message) => {
    expect(parseError(selector)).toBe(message);
  });

  it('accepts the longest legal key and value', () => {
    const key = `${'p'.repeat(253)}/${'n'.repeat(63)}`;
    expect(parseLabelSelector(`${key}=${'v'.repeat(63)}`).matches({ [key]: 'v'.repeat(63) })).toBe(true);
  });
});

describe('parseLabelSelector: properties', () => {
  const word = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,8}[a-z0-9])?$/);
  const key = fc.tuple(fc.option(fc.stringMatching(/^[a-z]{1,6}\.(io|com)$/), { nil: undefined }), word).map(([prefix, name]) =>
    prefix === undefined ? name : `${prefix}/${name}`,
  );
  const value = fc.oneof(word, fc.constant(''));
  // A value set as clients write it: words, optionally led by the empty value ("(,a)" holds "" and "a").
  const valueSet = fc
    .tuple(fc.boolean(), fc.uniqueArray(word, { maxLength: 3 }))
    .map(([withEmpty, words]) => (withEmpty || words.length === 0 ? ['', ...words] : words));
  const requirement = fc.oneof(
    fc.tuple(key, fc.constantFrom('=', '==', '!='), value).map(([k, op, v]) => `${k}${op}${v}`),
    fc.tuple(key, fc.constantFrom('in', 'notin'), valueSet).map(
      ([k, op, vs]) => `${k} ${op} (${vs.join(',')})`,
    ),
    key,
    key.map((k) => `!${k}`),
    fc.tuple(key, fc.constantFrom('>', '<'), fc.nat(1000)).map(([k, op, n]) => `${k}${op}${n}`),
  );
  const selector = fc.array(requirement, { maxLength: 5 }).map((rs) => rs.join(','));
  const labels = fc.dictionary(key, fc.oneof(value, fc.nat(1000).map(String)), { maxKeys: 6 });

  it('toString() round-trips through parse with the same meaning', () => {
    fc.assert(
      fc.property(selector, labels, (text, set) => {
        const parsed = parseLabelSelector(text);
        const again = parseLabelSelector(parsed.toString());
        expect(again.toString()).toBe(parsed.toString());
        expect(again.matches(set)).toBe(parsed.matches(set));
      }),
    );
  });

  it('an AND of requirements matches exactly when each requirement matches', () => {
    fc.assert(
      fc.property(fc.array(requirement, { minLength: 1, maxLength: 4 }), labels, (parts, set) => {
        const whole = parseLabelSelector(parts.join(',')).matches(set);
        expect(whole).toBe(parts.every((p) => parseLabelSelector(p).matches(set)));
      }),
    );
  });

  it('= and != are complements, as are in and notin', () => {
    fc.assert(
      fc.property(key, valueSet, labels, (k, vs, set) => {
        const v = vs[0] ?? '';
        expect(parseLabelSelector(`${k}=${v}`).matches(set)).toBe(!parseLabelSelector(`${k}!=${v}`).matches(set));
        expect(parseLabelSelector(`${k} in (${vs.join(',')})`).matches(set)).toBe(
          !parseLabelSelector(`${k} notin (${vs.join(',')})`).matches(set),
        );
      }),
    );
  });

  it('never throws anything but SelectorError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        try {
          parseLabelSelector(text);
        } catch (err) {
          expect(err).toBeInstanceOf(SelectorError);
        }
      }),
    );
  });
});
