// `PUT /api/v1/namespaces/{name}/finalize`: the write that namespace controllers use to change a
// namespace's `spec.finalizers`. kube-apiserver v1.37.2 takes the sent metadata and spec, keeps the
// status, records the write with subresource `finalize`, and answers other methods with 405.
import type { IncomingMessage } from 'node:http';
import type { StatusCause } from '@kcache/store';
import { FakeApiServerError } from '../errors.js';
import type { Backend } from './backend.js';
import { parseObjectBody, readBody } from './body.js';
import { managerOptions } from './manager-options.js';
import { parseDryRun } from './query.js';
import type { ServedKind } from './registry.js';
import type { ResourceRoute } from './route.js';
import { failure, invalid } from './status.js';
import { objectKey } from './entry.js';
import { qualifiedNameErrors } from './name-rules.js';

/** Finalizer names a namespace may carry without a `/`. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** kube-apiserver's checks of `spec.finalizers`: qualified names, and a `/` unless standard. */
function finalizerCauses(finalizers: unknown): StatusCause[] {
  if (!Array.isArray(finalizers)) return [];
  const causes: StatusCause[] = [];
  finalizers.forEach((value: unknown, i) => {
    if (typeof value !== 'string') return;
    const field = `spec.finalizers[${i}]`;
    const messages = qualifiedNameErrors(value);
    if (!value.includes('/') && !STANDARD_FINALIZERS.has(value)) messages.push('name is neither a standard finalizer name nor is it fully qualified');
    for (const m of messages) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${m}`, field });
  });
  return causes;
}

/** Whether a kind is core v1 namespaces (which have the finalize subresource). */
function isCoreNamespaces(info: { readonly group: string; readonly plural: string }): boolean {
  return info.group === '' && info.plural === 'namespaces';
}

/** Whether `route` is a namespace's finalize subresource. */
export function isNamespaceFinalize(served: ServedKind, route: ResourceRoute): boolean {
  return isCoreNamespaces(served.info) && route.subresource === 'finalize' && route.name !== undefined;
}

/** Only PUT (update) is served; kube-apiserver's router answers 405 otherwise, naming no method. */
export function finalizeVerb(method: string): 'update' {
  if (method === 'PUT') return 'update';
  throw new FakeApiServerError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
}

/** Serves PUT on `namespaces/{name}/finalize`, answering the namespace as written. */
export async function handleNamespaceFinalize(
  backend: Backend,
  req: IncomingMessage,
  route: ResourceRoute,
  query: URLSearchParams,
  served: ServedKind,
  send: (code: number, entry: ReturnType<Backend['writes']['update']>) => void,
): Promise<void> {
  const raw = await readBody(req);
  const { manager } = managerOptions('UpdateOptions', query, req.headers['user-agent']);
  const body = parseObjectBody(req.headers['content-type'], raw, served.info.kind);
  const name = route.name ?? '';
  const spec: unknown = typeof body === 'object' && body !== null ? (body as { spec?: unknown }).spec : undefined;
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    // Go leaves an empty list out.
    const finalizers: unknown = (spec as { finalizers?: unknown }).finalizers;
    if (Array.isArray(finalizers) && finalizers.length === 0) delete (spec as { finalizers?: unknown }).finalizers;
    if (served.store.entries.has(objectKey('', name))) {
      const causes = finalizerCauses(finalizers);
      if (causes.length > 0) throw invalid(served.info, name, causes);
    }
  }
  send(200, backend.writes.update(served, undefined, route.name ?? '', body, { dryRun: parseDryRun(query), subresource: 'finalize', owned: true, manager }));
}
