// A kind's write strategy: what kube-apiserver does to an object of that kind between decoding a
// request and storing it. Defaulting (the scheme's SetDefaults_* on every decoded body), the
// registry strategy's PrepareForCreate/PrepareForUpdate (server-set fields, status reset) and its
// Validate/ValidateUpdate (422 causes). Writes calls them in kube-apiserver's order:
//
//   create: decode → default → managedFields → prepareForCreate → validate → store
//   update: decode (or patch the stored object) → default → managedFields → prepareForUpdate → validateUpdate → store
//
// Subresource writes (`/status`, `/scale`) pass `ctx.subresource`; a strategy that has a separate
// status strategy in kube-apiserver branches on it.
import type { KubeObject } from '../types.js';
import type { Registry } from './registry.js';
import type { FieldCause } from './validation.js';

/** A JSON object as decoded from a request: strategies read and change it in place. */
export type JsonObject = Record<string, unknown>;

/** What a strategy may consult besides the object: the clock, the other served kinds, the subresource. */
export interface StrategyContext {
  /** The server's clock for this write. */
  readonly now: Date;
  /** `'status'`, `'scale'`… for subresource writes; undefined for the main resource. */
  readonly subresource: string | undefined;
  /** Every served kind and its stored objects (e.g. a Service looks at the allocated cluster IPs). */
  readonly registry: Registry;
  /** A seeded source of randomness (generated names, tokens). */
  readonly random: () => number;
  /** The server's configuration that strategies read (IP and port ranges). */
  readonly config: StrategyConfig;
}

/** Configuration of the server-set fields (see `FakeApiServerOptions`). */
export interface StrategyConfig {
  /** Service cluster IPs are allocated from this IPv4 CIDR (kube-apiserver's `--service-cluster-ip-range`). */
  readonly serviceClusterIpRange: string;
  /** NodePorts are allocated from this inclusive range (kube-apiserver's `--service-node-port-range`). */
  readonly serviceNodePortRange: readonly [number, number];
}

/** The defaults of `StrategyConfig`, as a kube-apiserver started without those flags. */
export const DEFAULT_STRATEGY_CONFIG: StrategyConfig = {
  serviceClusterIpRange: '10.0.0.0/24',
  serviceNodePortRange: [30000, 32767],
};

/** The per-kind steps of a write. Every step is optional; a kind without a strategy stores what it is sent. */
export interface KindStrategy {
  /** The scheme's defaulting, run on every decoded body (create, update, the result of a patch or apply). */
  default?(obj: JsonObject): void;
  /** PrepareForCreate: server-set fields of a new object (status reset, allocations, computed fields). */
  prepareForCreate?(obj: JsonObject, ctx: StrategyContext): void;
  /** PrepareForUpdate: server-set fields on an update; `old` is the stored object (not to be changed). */
  prepareForUpdate?(obj: JsonObject, old: KubeObject, ctx: StrategyContext): void;
  /** Validation of a new object beyond its metadata: the causes of a 422, in kube-apiserver's order. */
  validate?(obj: JsonObject, ctx: StrategyContext): FieldCause[];
  /** Validation of an update (immutable fields included) beyond its metadata. */
  validateUpdate?(obj: JsonObject, old: KubeObject, ctx: StrategyContext): FieldCause[];
  /**
   * WarningsOnCreate / WarningsOnUpdate: `Warning: 299` headers for an accepted write (`old` is the
   * stored object on an update), e.g. a field the object's type ignores.
   */
  warnings?(obj: JsonObject, old: KubeObject | undefined, ctx: StrategyContext): string[];
  /**
   * Whether an update must carry `metadata.resourceVersion` (kube's `AllowUnconditionalUpdate()`
   * false): a PUT without one is refused with 422 `metadata.resourceVersion: Invalid value: 0x0:
   * must be specified for an update`.
   */
  requiresResourceVersionOnUpdate?: boolean;
  /**
   * A new object keeps the status it is created with (kube's Node strategy), where other kinds
   * with a `/status` subresource start without one.
   */
  keepsStatusOnCreate?: boolean;
  /**
   * Whether an update changes what `metadata.generation` counts, for kinds that track it; without
   * it, any change outside metadata and status does (a Deployment's annotations count too).
   */
  generationChanged?(obj: JsonObject, old: KubeObject): boolean;
}

/** The object as the JSON record strategies work on (the same object, not a copy). */
export function asJson(obj: KubeObject): JsonObject {
  return obj as unknown as JsonObject;
}

/**
 * One strategy from several parts (e.g. a kind's defaulting and its validation, kept in files of
 * their own): each step runs every part's step in order; validation causes are concatenated.
 */
export function combineStrategies(...parts: readonly KindStrategy[]): KindStrategy {
  const has = (key: keyof KindStrategy): boolean => parts.some((p) => p[key] !== undefined);
  const combined: KindStrategy = {};
  if (has('default')) combined.default = (obj) => { for (const p of parts) p.default?.(obj); };
  if (has('prepareForCreate')) combined.prepareForCreate = (obj, ctx) => { for (const p of parts) p.prepareForCreate?.(obj, ctx); };
  if (has('prepareForUpdate')) combined.prepareForUpdate = (obj, old, ctx) => { for (const p of parts) p.prepareForUpdate?.(obj, old, ctx); };
  if (has('validate')) combined.validate = (obj, ctx) => parts.flatMap((p) => p.validate?.(obj, ctx) ?? []);
  if (has('validateUpdate')) combined.validateUpdate = (obj, old, ctx) => parts.flatMap((p) => p.validateUpdate?.(obj, old, ctx) ?? []);
  if (has('warnings')) combined.warnings = (obj, old, ctx) => parts.flatMap((p) => p.warnings?.(obj, old, ctx) ?? []);
  if (parts.some((p) => p.requiresResourceVersionOnUpdate === true)) combined.requiresResourceVersionOnUpdate = true;
  if (parts.some((p) => p.keepsStatusOnCreate === true)) combined.keepsStatusOnCreate = true;
  if (has('generationChanged')) combined.generationChanged = (obj, old) => parts.some((p) => p.generationChanged?.(obj, old) === true);
  return combined;
}
