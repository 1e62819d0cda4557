// PATCH content types → the patch functions, with kube-apiserver's 415s for what is not served.
import { applyJsonPatch } from './json-patch.js';
import type { KindInfo } from './kinds.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';
import { failure, reasonForCode, routeUnsupportedMediaType, unsupportedMediaType } from './status.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import { FakeApiServerError } from '../errors.js';

const ACCEPTED = 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

export type PatchFunction = (current: unknown, patch: unknown) => unknown;

function guarded(apply: PatchFunction): PatchFunction {
  return (current, patch) => {
    try {
      return apply(current, patch);
    } catch (err) {
      if (err instanceof PatchError) {
        throw new FakeApiServerError(failure(err.httpCode, reasonForCode(err.httpCode), err.message), { cause: err });
      }
      throw err;
    }
  };
}

/** The function applying a patch of `contentType` to an object of `kind`; 415 when not served. */
export function patchFunction(contentType: string, kind: KindInfo): PatchFunction {
  switch (contentType) {
    case 'application/merge-patch+json':
      return guarded(applyMergePatch);
    case 'application/json-patch+json':
      return guarded(applyJsonPatch);
    case 'application/strategic-merge-patch+json':
      // Custom resources have no strategic merge patch; kube-apiserver lists the types they take.
      if (!kind.strategicMerge) throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${ACCEPTED}`);
      return guarded((current, patch) => applyStrategicMergePatch(current, patch, kind));
    case 'application/apply-patch+yaml':
      // Server-side apply is not a function of the stored object alone: apply-handler.ts serves it.
      throw new Error('an apply patch is served by handleApply, not by a patch function');
    default:
      // kube-apiserver: built-in kinds are refused by the HTTP router before any handler (a bare
      // message, always JSON); custom resources by their handler, which lists what they take.
      if (kind.strategicMerge) throw routeUnsupportedMediaType();
      throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${ACCEPTED}`);
  }
}
