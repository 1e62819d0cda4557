// The shapes of Kubernetes objects that every kcache package speaks in. They live here, in the one
// package with no dependencies, so that listwatch, reflector, informer and the fake API server all
// agree on one definition: what one package returns, another takes, with no cast.
//
// Every shape is structural and open. None has an index signature: a `[field: string]: unknown`
// signature would reject class instances such as `@kubernetes/client-node`'s `V1ObjectMeta`, which
// TypeScript never treats as indexable. Each optional field also admits `undefined`, so the shapes
// fit under `exactOptionalPropertyTypes` both ways (client-node's models declare `field?: T`).

/**
 * A reference from an object to the object that owns it (`metadata.ownerReferences[]`).
 * Structural: a `V1OwnerReference` from `@kubernetes/client-node` fits without conversion.
 */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean | undefined;
  blockOwnerDeletion?: boolean | undefined;
}

/**
 * Metadata every Kubernetes object carries.
 *
 * Structural and open: any object with more fields still fits (a `V1ObjectMeta` from
 * `@kubernetes/client-node`, or the plain JSON the API server sends). The fields below are the ones
 * an object literal commonly spells out, so literals typed as `ObjectMeta` pass excess-property
 * checks. Timestamps are strings on the wire and `Date`s in client-node's models; both fit.
 */
export interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  creationTimestamp?: Date | string | undefined;
  deletionTimestamp?: Date | string | undefined;
  deletionGracePeriodSeconds?: number | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  finalizers?: readonly string[] | undefined;
  ownerReferences?: readonly OwnerReference[] | undefined;
  /** Server-side-apply bookkeeping; often dropped by a reflector `transform` to save memory. */
  managedFields?: readonly unknown[] | undefined;
  selfLink?: string | undefined;
}

/**
 * The shape shared by every Kubernetes object. Structural: a `V1Pod` from
 * `@kubernetes/client-node` fits without conversion, and so does the JSON the API server sends.
 */
export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMeta | undefined;
}

/** `metadata` of a list (and of a `Status`): client-go's `metav1.ListMeta`. */
export interface ListMeta {
  resourceVersion?: string | undefined;
  /** Opaque token for the next page; absent or empty on the last page. */
  continue?: string | undefined;
  /** How many items the server still has after this page, when it can tell. */
  remainingItemCount?: number | undefined;
  selfLink?: string | undefined;
}

/** A list response: `PodList`, `DeploymentList`, … */
export interface ObjectList<T> {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: ListMeta;
  items: T[];
}

/** One cause of a `Status` failure (`details.causes[]`), e.g. one invalid field. */
export interface StatusCause {
  /** A machine-readable cause, e.g. `FieldValueRequired`. */
  reason?: string | undefined;
  message?: string | undefined;
  /** The field path the cause is about, e.g. `metadata.name`. */
  field?: string | undefined;
}

/** `details` of a `Status`: which object the error is about, and why. */
export interface StatusDetails {
  name?: string | undefined;
  group?: string | undefined;
  kind?: string | undefined;
  uid?: string | undefined;
  causes?: StatusCause[] | undefined;
  retryAfterSeconds?: number | undefined;
}

/** The API server's error (and sometimes success) body: client-go's `metav1.Status`. */
export interface Status {
  kind?: 'Status' | undefined;
  apiVersion?: string | undefined;
  metadata?: ListMeta | undefined;
  status?: 'Success' | 'Failure' | undefined;
  /** A human-readable description of the outcome. */
  message?: string | undefined;
  /** A machine-readable reason, e.g. `NotFound`, `Conflict`, `Expired`. */
  reason?: string | undefined;
  details?: StatusDetails | undefined;
  /** The HTTP status code of the answer. */
  code?: number | undefined;
}
