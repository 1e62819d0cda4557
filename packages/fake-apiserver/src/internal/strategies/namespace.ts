// Namespace defaulting and server-set fields (pkg/apis/core/v1/defaults.go SetDefaults_Namespace
// and SetDefaults_NamespaceStatus, pkg/registry/core/namespace/strategy.go): the
// `kubernetes.io/metadata.name` label on every write, phase Active, and the `kubernetes` finalizer
// on a new Namespace; `spec.finalizers` changes only through the finalize subresource.
import type { KubeObject } from '../../types.js';
import { isJsonObject } from '../json-value.js';
import type { KindStrategy } from '../strategy.js';
import { ensureObject } from './json-fields.js';

/** The label kube-apiserver sets on every Namespace to its name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function labelWithName(obj: Record<string, unknown>): void {
  const meta = ensureObject(obj, 'metadata');
  if (typeof meta.name !== 'string' || meta.name === '') return;
  ensureObject(meta, 'labels')[NAMESPACE_NAME_LABEL] = meta.name;
}

/** Namespace: the name label, phase Active, the `kubernetes` finalizer. */
export const namespaceDefaulting: KindStrategy = {
  default(obj) {
    labelWithName(obj);
    // Go writes the spec (a struct) even when empty.
    ensureObject(obj, 'spec');
    const status = ensureObject(obj, 'status');
    if (status.phase === undefined || status.phase === null || status.phase === '') status.phase = 'Active';
  },
  prepareForCreate(obj) {
    // A generated name is known only now.
    labelWithName(obj);
    obj.status = { phase: 'Active' };
    const spec = ensureObject(obj, 'spec');
    const finalizers: unknown[] = Array.isArray(spec.finalizers) ? (spec.finalizers as unknown[]) : [];
    if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
  },
  prepareForUpdate(obj, old: KubeObject, ctx) {
    if (ctx.subresource === 'finalize' || ctx.subresource === 'status') return;
    // The finalizers change through the finalize subresource only.
    const oldSpec = (old as { spec?: unknown }).spec;
    const finalizers = isJsonObject(oldSpec) ? oldSpec.finalizers : undefined;
    const spec = ensureObject(obj, 'spec');
    if (finalizers === undefined) delete spec.finalizers;
    else spec.finalizers = structuredClone(finalizers);
  },
};
