import { describe, expect, it } from 'vitest';
import { HAND_MADE_DEFINITIONS } from '../../test/helpers/schemas.js';
import { decodeUnstructured, scanJson, yamlDuplicateKeys } from './duplicate-fields.js';
import { FieldValidator, goFormat, parseFieldValidation, type KindSchema } from './field-validation.js';
import { goQuote } from './manager-options.js';
import { BUILTIN_KINDS } from './kinds.js';
import { decodeTyped, pruneStructural } from './unknown-fields.js';

const defs = HAND_MADE_DEFINITIONS;
const DEPLOYMENT = { $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' };
const configMap = BUILTIN_KINDS.find((k) => k.kind === 'ConfigMap');
if (configMap === undefined) throw new Error('no ConfigMap kind');

describe('scanJson', () => {
  it('keeps every occurrence of a key, in document order, with JSON.parse\'s values', () => {
    const text = '{"a":1,"b":{"c":"x\\"y\\u00e9"},"a":[true,false,null,-1.5e3],"__proto__":{}}';
    const node = scanJson(text);
    expect(node.type === 'object' ? node.entries.map(([k]) => k) : []).toEqual(['a', 'b', 'a', '__proto__']);
    const problems: string[] = [];
    const value = decodeUnstructured(node, '', problems);
    expect(JSON.stringify(value)).toBe(JSON.stringify(JSON.parse(text)));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(problems).toEqual(['duplicate field "a"']);
  });

  it('throws on text that is not JSON', () => {
    expect(() => scanJson('{"a":1,}')).toThrow(SyntaxError);
    expect(() => scanJson('{"a":1} x')).toThrow(SyntaxError);
    expect(() => scanJson('[1 2]')).toThrow(SyntaxError);
  });
});

describe('decodeTyped (built-in kinds, as Go decodes into their types)', () => {
  it('merges a repeated object field into the first, replaces a repeated list, reports in document order', () => {
    const problems: string[] = [];
    const value = decodeTyped(
      defs,
      scanJson('{"spec":{"selector":{"matchLabels":{"a":"1"}},"paused":true,"template":{"metadata":{"name":"t"},"spec":{"containers":[{"name":"a"}]}}},' +
        '"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"b","x":1}]}}}}'),
      DEPLOYMENT,
      problems,
    );
    expect(value).toEqual({
      spec: { selector: { matchLabels: { a: '1' } }, paused: true, replicas: 2, template: { metadata: { name: 't' }, spec: { containers: [{ name: 'b' }] } } },
    });
    expect(problems).toEqual(['duplicate field "spec"', 'unknown field "spec.template.spec.containers[0].x"']);
  });

  it('takes anything where the Go type does (no properties: FieldsV1, Quantity, int-or-string)', () => {
    const problems: string[] = [];
    const managed = { manager: 'm', fieldsV1: { 'f:spec': { '.': {}, 'f:x': {} } } };
    const value = decodeTyped(defs, scanJson(JSON.stringify({ metadata: { managedFields: [managed] } })), DEPLOYMENT, problems);
    expect(value).toEqual({ metadata: { managedFields: [managed] } });
    expect(problems).toEqual([]);
  });
});

describe('pruneStructural (custom resources)', () => {
  it('keeps apiVersion, kind and metadata at the root and in embedded resources, and sorts what it prunes', () => {
    const obj = { apiVersion: 'v1', kind: 'K', metadata: { name: 'n' }, z: 1, spec: { b: 1, a: { keep: 1, x: 2 }, list: [{ y: 1 }], free: { any: 1 } } };
    const pruned = pruneStructural(obj, {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            a: { type: 'object', properties: { keep: { type: 'integer' } } },
            list: { type: 'array', items: { type: 'object' } },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    });
    expect(pruned).toEqual(['spec.a.x', 'spec.b', 'spec.list[0].y', 'z']);
    expect(obj).toEqual({ apiVersion: 'v1', kind: 'K', metadata: { name: 'n' }, spec: { a: { keep: 1 }, list: [{}], free: { any: 1 } } });
  });
});

describe('Go formatting in kube\'s messages', () => {
  it('prints a decoded patch as Go\'s %+v of a map (sorted keys, int64 for whole numbers)', () => {
    // Recorded from kube-apiserver v1.37.2's 422 for a strategic merge patch.
    expect(goFormat({ spec: { x: [1, 'a', true, null, 1.5, 1000000, 12345678, 0.00001, { b: 1, a: 2 }], replicas: 3 } })).toBe(
      'map[spec:map[replicas:3 x:[1 a true <nil> 1.5 1000000 12345678 1e-05 map[a:2 b:1]]]]',
    );
    expect(goFormat(1234567.5)).toBe('1.2345675e+06');
    expect(goFormat(-0.25)).toBe('-0.25');
  });

  it('quotes as Go\'s %q does', () => {
    expect(goQuote('{"a":"b\\\\c"}')).toBe('"{\\"a\\":\\"b\\\\\\\\c\\"}"');
    expect(goQuote('tab\there\u0001é')).toBe('"tab\\there\\x01é"');
  });
});

describe('yamlDuplicateKeys (server-side apply bodies)', () => {
  it('reports go-yaml\'s messages on the line of the repeated value, nested ones first', () => {
    // The body and the lines kube-apiserver v1.37.2 answered for it.
    const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ap2\n  labels:\n    q: "1"\n    q: "2"\ndata:\n  k: a\n  k: b\n  j: c\ndata:\n  z: a\n';
    expect(yamlDuplicateKeys(body)).toEqual([
      'line 7: key "q" already set in map',
      'line 10: key "k" already set in map',
      'line 13: key "data" already set in map',
    ]);
    expect(yamlDuplicateKeys('{"apiVersion":"apps/v1","spec":{"replicas":6,"replicas":7}}')).toEqual(['line 1: key "replicas" already set in map']);
    expect(yamlDuplicateKeys('a: 1\nb: 2\n')).toEqual([]);
  });

  it('is a 400 under Strict and warnings under Warn', () => {
    const validator = new FieldValidator(() => undefined);
    const warned: string[] = [];
    const body = 'data:\n  k: a\n  k: b\n';
    expect(() => {
      validator.applyBody('Strict', body, (w) => warned.push(...w));
    }).toThrow(
      'error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  line 3: key "k" already set in map',
    );
    validator.applyBody('Warn', body, (w) => warned.push(...w));
    validator.applyBody('Ignore', body, (w) => warned.push(...w));
    expect(warned).toEqual(['line 3: key "k" already set in map']);
  });
});

describe('parseFieldValidation', () => {
  it('defaults to Warn and accepts exactly Ignore, Strict and Warn', () => {
    expect(parseFieldValidation(new URLSearchParams(), 'CreateOptions')).toBe('Warn');
    expect(parseFieldValidation(new URLSearchParams('fieldValidation='), 'CreateOptions')).toBe('Warn');
    for (const v of ['Ignore', 'Strict', 'Warn']) expect(parseFieldValidation(new URLSearchParams({ fieldValidation: v }), 'PatchOptions')).toBe(v);
    expect(() => parseFieldValidation(new URLSearchParams('fieldValidation=warn'), 'UpdateOptions')).toThrow(
      'UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "warn": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });
});

describe('FieldValidator.body', () => {
  const schema: KindSchema = { defs, mode: 'typed', root: { $ref: '#/components/schemas/io.k8s.api.core.v1.ConfigMap' } };
  const validator = new FieldValidator(() => schema);
  const raw = Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"},"extra":true}');

  it('leaves bodies that are not JSON alone (protobuf has no unknown fields to find)', () => {
    const parsed = { apiVersion: 'v1', kind: 'ConfigMap', extra: true };
    expect(validator.body(configMap, 'Strict', 'application/vnd.kubernetes.protobuf', raw, parsed, () => undefined)).toBe(parsed);
  });

  it('drops unknown fields whatever the directive, and tells only under Warn', () => {
    const warned: string[] = [];
    for (const directive of ['Warn', 'Ignore'] as const) {
      expect(validator.body(configMap, directive, 'application/json', raw, undefined, (w) => warned.push(...w))).toEqual({
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' },
      });
    }
    expect(warned).toEqual(['unknown field "extra"']);
  });
});
