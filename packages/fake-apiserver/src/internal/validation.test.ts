import { testSeed } from '@kcache/vitest-config/seed';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS, kindInfoFromDefinition, type KindInfo } from './kinds.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './name-rules.js';
import { invalid } from './status.js';
import { generateName, generateNameSuffix, validateObjectMeta, type FieldCause } from './validation.js';
import type { KubeObject } from '../types.js';

// Every property of this file runs from the run's seed: KCACHE_SEED=<seed fast-check prints> replays a failure.
fc.configureGlobal({ seed: testSeed() });

function kind(name: string): KindInfo {
  const found = BUILTIN_KINDS.find((k) => k.kind === name);
  if (found === undefined) throw new Error(`no built-in ${name}`);
  return found;
}

const SUBDOMAIN_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const create = { isCreate: true };
const meta = (m: NonNullable<KubeObject['metadata']>): KubeObject => ({ metadata: m });

describe('validateObjectMeta', () => {
  it('accepts valid metadata', () => {
    expect(validateObjectMeta(meta({ name: 'web-1', namespace: 'default', labels: { app: 'web', 'example.com/tier': '' },
      annotations: { 'Example.com/Note': 'x' }, finalizers: ['example.com/block', 'kubernetes'] }), kind('Pod'), create)).toEqual([]);
    expect(validateObjectMeta(meta({ name: 'kube-system' }), kind('Namespace'), create)).toEqual([]);
  });

  const cases: [what: string, obj: KubeObject, k: string, causes: FieldCause[]][] = [
    ['a missing name', meta({ namespace: 'default' }), 'ConfigMap',
      [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]],
    ['no metadata at all', {}, 'Node',
      [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]],
    ['an invalid subdomain name', meta({ name: 'Foo_', namespace: 'default' }), 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Foo_": ${SUBDOMAIN_RULE}` }]],
    ['a dotted namespace name', meta({ name: 'a.b' }), 'Namespace',
      [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "a.b": must not contain dots' }]],
    ['a service name starting with a digit', meta({ name: '1web', namespace: 'default' }), 'Service',
      [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')" }]],
    ['a missing namespace', meta({ name: 'a' }), 'Pod',
      [{ reason: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' }]],
    ['an invalid namespace', meta({ name: 'a', namespace: 'Prod' }), 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.namespace', message: `Invalid value: "Prod": ${LABEL_RULE}` }]],
    ['a namespace on a cluster-scoped kind', meta({ name: 'n1', namespace: 'default' }), 'Node',
      [{ reason: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' }]],
    ['a negative generation', meta({ name: 'a', namespace: 'd', generation: -1 }), 'Deployment',
      [{ reason: 'FieldValueInvalid', field: 'metadata.generation', message: 'Invalid value: -1: must be greater than or equal to 0' }]],
    ['a too long name', meta({ name: 'a'.repeat(254), namespace: 'd' }), 'ConfigMap',
      [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters` }]],
    ['a bad label value', meta({ name: 'a', namespace: 'd', labels: { app: 'web app' } }), 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.labels', message: "Invalid value: \"web app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" }]],
    ['a bad label key', meta({ name: 'a', namespace: 'd', labels: { 'a/b/c': 'x' } }), 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.labels', message: "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" }]],
    ['a non-string label value', { metadata: { name: 'a', namespace: 'd', labels: { n: 1 } } } as unknown as KubeObject, 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.labels', message: 'Invalid value: 1: value of "n" must be a string' }]],
    ['a bad annotation key', meta({ name: 'a', namespace: 'd', annotations: { '-x': '' } }), 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.annotations', message: "Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" }]],
    ['annotations over 256 KiB', meta({ name: 'a', namespace: 'd', annotations: { big: 'x'.repeat(256 * 1024) } }), 'Pod',
      [{ reason: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' }]],
    ['conflicting finalizers', meta({ name: 'a', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion'] }), 'Pod',
      [{ reason: 'FieldValueInvalid', field: 'metadata.finalizers', message: 'Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set' }]],
    ['an incomplete owner reference', meta({ name: 'a', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/', kind: 'ReplicaSet', name: 'rs', uid: '' }] }), 'Pod',
      [
        { reason: 'FieldValueInvalid', field: 'metadata.ownerReferences.apiVersion', message: 'Invalid value: "apps/": version must not be empty' },
        { reason: 'FieldValueInvalid', field: 'metadata.ownerReferences.uid', message: 'Invalid value: "": uid must not be empty' },
      ]],
  ];
  it.each(cases)('reports %s', (_what, obj, k, causes) => {
    expect(validateObjectMeta(obj, kind(k), create)).toEqual(causes);
  });

  it('reports two controller owner references', () => {
    const owners = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
    ];
    const causes = validateObjectMeta(meta({ name: 'p', namespace: 'd', ownerReferences: owners }), kind('Pod'), create);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.message).toContain('Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b');
  });

  it('lets generateName stand in for a name on create only', () => {
    const obj = meta({ generateName: 'web-', namespace: 'd' });
    expect(validateObjectMeta(obj, kind('Pod'), create)).toEqual([]);
    expect(validateObjectMeta(obj, kind('Pod'), { isCreate: false })).toEqual([
      { reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
    ]);
  });

  it('checks generateName as a prefix: a trailing dash is fine, other errors are reported', () => {
    expect(validateObjectMeta(meta({ generateName: 'web-', namespace: 'd' }), kind('Namespace'), create)).toEqual([
      { reason: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
    ]);
    expect(validateObjectMeta(meta({ generateName: 'Web-', namespace: 'd' }), kind('Pod'), create)).toEqual([
      { reason: 'FieldValueInvalid', field: 'metadata.generateName', message: `Invalid value: "Web-": ${SUBDOMAIN_RULE}` },
    ]);
    expect(validateObjectMeta(meta({ generateName: '-', namespace: 'd' }), kind('Pod'), create)[0]?.field).toBe('metadata.generateName');
  });

  it('applies path-segment naming when a kind asks for it', () => {
    const k = { ...kindInfoFromDefinition({ group: 'x.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: false }), nameValidation: 'path-segment' as const };
    expect(validateObjectMeta(meta({ name: 'Any:Name_ok' }), k, create)).toEqual([]);
    expect(validateObjectMeta(meta({ name: '..' }), k, create)[0]?.message).toBe('Invalid value: "..": may not be \'..\'');
    expect(validateObjectMeta(meta({ name: 'a/b%c' }), k, create).map((c) => c.message)).toEqual([
      'Invalid value: "a/b%c": may not contain \'/\'',
      'Invalid value: "a/b%c": may not contain \'%\'',
    ]);
  });
});

describe('the 422 message', () => {
  const invalidMessage = (k: KindInfo, name: string, causes: readonly FieldCause[]): string => invalid(k, name, causes).status.message;

  it('qualifies non-core kinds and brackets several causes', () => {
    const causes = validateObjectMeta(meta({ name: 'Foo_' }), kind('Deployment'), create);
    expect(invalidMessage(kind('Deployment'), 'Foo_', causes)).toBe(
      `Deployment.apps "Foo_" is invalid: [metadata.name: Invalid value: "Foo_": ${SUBDOMAIN_RULE}, metadata.namespace: Required value]`,
    );
    expect(invalidMessage(kind('Pod'), '', validateObjectMeta(meta({ namespace: 'd' }), kind('Pod'), create))).toBe(
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });
});

describe('names', () => {
  it.each([
    ['a', true, true], ['a-b', true, true], ['a.b', true, false], ['A', false, false], ['-a', false, false],
    ['a-', false, false], ['', false, false], ['a'.repeat(63), true, true], ['a'.repeat(64), true, false],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true, false],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false, false],
  ])('%j: subdomain %s, label %s', (s, subdomain, label) => {
    expect(dns1123SubdomainErrors(s).length === 0).toBe(subdomain);
    expect(dns1123LabelErrors(s).length === 0).toBe(label);
  });

  it('generates 5-character suffixes from the Kubernetes alphabet', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 5, maxLength: 5 }), (draws) => {
        let i = 0;
        const suffix = generateNameSuffix(() => draws[i++] ?? 0);
        expect(suffix).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      }),
    );
    expect(generateNameSuffix(() => 0)).toBe('bbbbb');
    expect(generateNameSuffix(() => 0.999999)).toBe('99999');
  });

  it('generates names that fit a label even from a long prefix', () => {
    expect(generateName('web-', () => 0)).toBe('web-bbbbb');
    const long = generateName('p'.repeat(80), () => 0);
    expect(long).toHaveLength(63);
    expect(dns1123LabelErrors(long)).toEqual([]);
  });
});
