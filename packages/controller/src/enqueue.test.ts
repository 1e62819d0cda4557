import { createIndexer, DeletedFinalStateUnknown, type KubeObject } from '@kcache/store';
import { describe, expect, it } from 'vitest';
import { obj, TestInformer } from '../test/support/test-informer.js';
import { enqueueByIndex, enqueueObject, enqueueOwner, informerSource, isControllerError, unwrapTombstone, type EnqueueContext } from './index.js';

const ctx: EnqueueContext = { type: 'add', informer: 'test' };

describe('enqueueObject', () => {
  it('gives namespace/name, a bare name when cluster-scoped, and a tombstone its key', () => {
    expect(enqueueObject(obj('ns', 'a'))).toBe('ns/a');
    expect(enqueueObject(obj('', 'node-1'))).toBe('node-1');
    expect(enqueueObject(new DeletedFinalStateUnknown('ns/gone', obj('ns', 'gone')))).toBe('ns/gone');
    expect(enqueueObject(new DeletedFinalStateUnknown<KubeObject>('ns/gone', undefined))).toBe('ns/gone');
  });
});

describe('enqueueOwner', () => {
  const toDeployment = enqueueOwner({ kind: 'Deployment' });

  it('maps an object to its controller owner of that kind in its namespace', () => {
    expect(toDeployment(obj('ns', 'rs-1', { owners: [{ kind: 'Deployment', name: 'web', controller: true }] }), ctx)).toEqual(['ns/web']);
  });

  it('ignores owners of another kind, owners not marked controller, and objects without owners', () => {
    expect(toDeployment(obj('ns', 'rs', { owners: [{ kind: 'StatefulSet', name: 'db', controller: true }] }), ctx)).toBeUndefined();
    expect(toDeployment(obj('ns', 'rs', { owners: [{ kind: 'Deployment', name: 'web' }] }), ctx)).toBeUndefined();
    expect(toDeployment(obj('ns', 'rs', { owners: [{ kind: 'Deployment', name: 'web', controller: false }] }), ctx)).toBeUndefined();
    expect(toDeployment(obj('ns', 'rs'), ctx)).toBeUndefined();
  });

  it('picks the controller reference among several', () => {
    const child = obj('ns', 'rs', {
      owners: [
        { kind: 'Deployment', name: 'not-controller' },
        { kind: 'Deployment', name: 'controller', controller: true },
      ],
    });
    expect(toDeployment(child, ctx)).toEqual(['ns/controller']);
    expect(enqueueOwner({ kind: 'Deployment', onlyController: false })(child, ctx)).toEqual(['ns/not-controller', 'ns/controller']);
  });

  it('compares the API group of apiVersion, not its version', () => {
    const child = obj('ns', 'rs', { owners: [{ kind: 'Deployment', name: 'web', controller: true, apiVersion: 'apps/v1beta2' }] });
    expect(enqueueOwner({ apiVersion: 'apps/v1', kind: 'Deployment' })(child, ctx)).toEqual(['ns/web']);
    expect(enqueueOwner({ apiVersion: 'example.com/v1', kind: 'Deployment' })(child, ctx)).toBeUndefined();
    const core = obj('ns', 'pod', { owners: [{ kind: 'Node', name: 'n1', controller: true, apiVersion: 'v1' }] });
    expect(enqueueOwner({ apiVersion: 'v1', kind: 'Node', clusterScoped: true })(core, ctx)).toEqual(['n1']);
  });

  it('maps a tombstone through its last known state; one without a state maps to nothing', () => {
    const last = obj('ns', 'rs', { owners: [{ kind: 'Deployment', name: 'web', controller: true }] });
    expect(toDeployment(new DeletedFinalStateUnknown('ns/rs', last), ctx)).toEqual(['ns/web']);
    expect(toDeployment(new DeletedFinalStateUnknown<KubeObject>('ns/rs', undefined), ctx)).toBeUndefined();
  });

  it('validates its options', () => {
    for (const bad of [{}, { kind: '' }, { kind: 'Deployment', apiVersion: '' }]) {
      let caught: unknown;
      try {
        enqueueOwner(bad as { kind: string });
      } catch (err) {
        caught = err;
      }
      expect(isControllerError(caught, 'InvalidOptions')).toBe(true);
    }
  });
});

describe('enqueueByIndex', () => {
  const deployments = createIndexer<KubeObject>({
    indexers: { configMap: (d) => (d.metadata?.labels?.cm === undefined ? [] : d.metadata.labels.cm.split(',').map((n) => `${d.metadata?.namespace ?? ''}/${n}`)) },
  });
  deployments.add(obj('ns', 'web', { labels: { cm: 'a,b' } }));
  deployments.add(obj('ns', 'api', { labels: { cm: 'a' } }));
  deployments.add(obj('other', 'web', { labels: { cm: 'a' } }));

  it('enqueues the objects whose index holds the notified object key, tombstones included', () => {
    const map = enqueueByIndex({ indexer: deployments, indexName: 'configMap' });
    expect(map(obj('ns', 'a'), ctx)).toEqual(['ns/api', 'ns/web']);
    expect(map(obj('ns', 'b'), ctx)).toEqual(['ns/web']);
    expect(map(new DeletedFinalStateUnknown<KubeObject>('other/a', undefined), ctx)).toEqual(['other/web']);
    expect(map(obj('ns', 'unused'), ctx)).toEqual([]);
  });

  it('takes the index values from `value` when given', () => {
    const map = enqueueByIndex({ indexer: deployments, indexName: 'configMap', value: (o) => (o instanceof DeletedFinalStateUnknown ? undefined : [`ns/${o.metadata?.name ?? ''}`, 'other/a']) });
    expect(map(obj('anywhere', 'b'), ctx)).toEqual(['ns/web', 'other/web']);
    expect(map(new DeletedFinalStateUnknown<KubeObject>('x', undefined), ctx)).toBeUndefined();
  });

  it('an unknown index throws when mapping (the controller reports it as an enqueue error)', () => {
    expect(() => enqueueByIndex({ indexer: deployments, indexName: 'nope' })(obj('ns', 'a'), ctx)).toThrow(/nope/);
  });

  it('validates its options', () => {
    expect(() => enqueueByIndex({ indexer: undefined as never, indexName: 'x' })).toThrow(/indexer must be an Indexer/);
    expect(() => enqueueByIndex({ indexer: deployments, indexName: '' })).toThrow(/indexName must be a non-empty string/);
  });
});

describe('informerSource and unwrapTombstone', () => {
  it('builds a source and validates it', () => {
    const informer = new TestInformer('x');
    const enqueue = (): string => 'k';
    expect(informerSource(informer, { enqueue })).toEqual({ informer, enqueue });
    expect(informerSource(informer)).toEqual({ informer });
    expect(() => informerSource(informer, { filter: 'x' as never })).toThrow(/filter must be a function/);
  });

  it('unwraps tombstones', () => {
    const o = obj('ns', 'a');
    expect(unwrapTombstone(o)).toBe(o);
    expect(unwrapTombstone(new DeletedFinalStateUnknown('ns/a', o))).toBe(o);
    expect(unwrapTombstone(new DeletedFinalStateUnknown<KubeObject>('ns/a', undefined))).toBeUndefined();
  });
});
