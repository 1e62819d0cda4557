// Label selectors as apimachinery's labels.Parse reads them (its selector_test.go cases) and as
// Requirement.Matches applies them.
import { describe, expect, it } from 'vitest';
import { LabelSelectorError, parseLabelSelector } from './index.js';

describe('parseLabelSelector', () => {
  it.each([
    ['', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x=a'],
    ['x = a , y != b', 'x=a,y!=b'],
    ['x=', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x in (a,b)', 'x in (a,b)'],
    ['x in (b, a)', 'x in (a,b)'],
    ['x notin (a)', 'x notin (a)'],
    ['x in ()', 'x in ()'],
    ['x in (,a)', 'x in (,a)'],
    ['x', 'x'],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x<-1', 'x<-1'],
    ['example.com/x=a', 'example.com/x=a'],
    ['x=a,y in (b),!z,w', 'x=a,y in (b),!z,w'],
    ['in=a', 'in=a'],
  ])('parses %j as %j', (input, canonical) => {
    expect(parseLabelSelector(input).toString()).toBe(canonical);
  });

  it.each([
    ['x=a,', 'expected a requirement after ","'],
    [',x', 'expected a label key, found ","'],
    ['x y', 'expected an operator'],
    ['x in a', 'expected "(" to open a set of values'],
    ['x in (a', 'expected "," or ")"'],
    ['x in (a b)', 'expected "," or ")"'],
    ['x>a', 'expected an integer'],
    ['x=(a)', 'expected a value after "="'],
    ['!x=a', 'expected "," or the end after a requirement'],
    ['x=a b', 'expected "," or the end after a requirement'],
    ['-x=a', 'label key "-x" is not valid'],
    ['x=-a', 'label value "-a" is not valid'],
    [`x=${'a'.repeat(64)}`, 'longer than 63 characters'],
    ['Example.com/x=a', 'must be a DNS subdomain'],
    ['/x=a', 'empty prefix'],
    ['x/=a', 'empty name'],
  ])('refuses %j: %s', (input, message) => {
    let error: unknown;
    try {
      parseLabelSelector(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LabelSelectorError);
    expect((error as LabelSelectorError).code).toBe('InvalidLabelSelector');
    expect((error as LabelSelectorError).message).toContain(message);
    expect((error as LabelSelectorError).message).toContain(JSON.stringify(input));
  });

  it('says where it failed', () => {
    expect(() => parseLabelSelector('app=web,tier in (a b)')).toThrow(/at offset 19/);
  });
});

describe('matches', () => {
  const labels = { app: 'web', tier: 'frontend', replicas: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['replicas>2', true],
    ['replicas>3', false],
    ['replicas<4', true],
    ['app>1', false],
    ['missing<1', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['missing=', false],
  ])('%j → %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('an object without labels matches only negative requirements', () => {
    expect(parseLabelSelector('!app,app notin (x),app!=y').matches(undefined)).toBe(true);
    expect(parseLabelSelector('app').matches(undefined)).toBe(false);
  });

  it('never reads inherited properties as labels', () => {
    expect(parseLabelSelector('toString').matches({})).toBe(false);
    expect(parseLabelSelector('!constructor').matches({})).toBe(true);
  });
});
