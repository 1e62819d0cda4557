import type { KubeConfig } from '@kubernetes/client-node';
import { LeaderElectionError, LeaseRequestError, type LeaseVerb } from '../errors.js';
import type { LeaseRef } from '../types.js';
import { KubeHttp, TransportError } from './kube-http.js';
import { type Lease, type LeaderElectionRecord, recordFromSpec, specFromRecord } from './lease-record.js';

/**
 * Where the election record lives: client-go's `resourcelock.Interface`. `get` and `create`
 * remember the object they saw, and `update` writes on top of it, conditional on its
 * resourceVersion: an update after someone else's write fails with 409 Conflict.
 */
export interface ResourceLock {
  /** `namespace/name`, for messages. */
  readonly description: string;
  /** Reads the record. @throws {LeaseRequestError} (404 `NotFound` when there is no Lease). */
  get(signal: AbortSignal): Promise<LeaderElectionRecord>;
  /** Creates the Lease with `record`. @throws {LeaseRequestError} (409 `AlreadyExists` when it exists). */
  create(record: LeaderElectionRecord, signal: AbortSignal): Promise<void>;
  /** Replaces the record in the Lease last read or written. @throws {LeaseRequestError} (409 `Conflict` when it changed meanwhile). */
  update(record: LeaderElectionRecord, signal: AbortSignal): Promise<void>;
  /** Releases pooled connections. */
  close(): void;
}

/** Whether a lock error is the API server's 404 for the Lease. */
export function isNotFound(err: unknown): boolean {
  return err instanceof LeaseRequestError && err.statusCode === 404;
}

/** Whether a lock error says another candidate wrote first (409 Conflict or AlreadyExists). */
export function isLostRace(err: unknown): boolean {
  return err instanceof LeaseRequestError && err.statusCode === 409;
}

/** A Lease in `coordination.k8s.io/v1`, read and written over HTTP with the KubeConfig's credentials. */
export class KubeLeaseLock implements ResourceLock {
  readonly description: string;
  readonly #ref: LeaseRef;
  readonly #http: KubeHttp;
  readonly #timeoutMs: number;
  #lease: Lease | undefined;

  constructor(kubeConfig: KubeConfig, ref: LeaseRef, timeoutMs: number) {
    this.#ref = { namespace: ref.namespace, name: ref.name };
    this.description = `${ref.namespace}/${ref.name}`;
    this.#http = new KubeHttp(kubeConfig);
    this.#timeoutMs = timeoutMs;
  }

  async get(signal: AbortSignal): Promise<LeaderElectionRecord> {
    const lease = await this.#send('get', 'GET', this.#objectPath(), undefined, signal);
    this.#lease = lease;
    return recordFromSpec(lease.spec);
  }

  async create(record: LeaderElectionRecord, signal: AbortSignal): Promise<void> {
    const body: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.#ref.name, namespace: this.#ref.namespace },
      spec: specFromRecord(record),
    };
    this.#lease = await this.#send('create', 'POST', this.#collectionPath(), body, signal);
  }

  async update(record: LeaderElectionRecord, signal: AbortSignal): Promise<void> {
    const current = this.#lease;
    if (current === undefined) {
      throw new LeaderElectionError('InvalidLease', `Lease ${this.description}: update before get or create`);
    }
    // The whole object as last seen, metadata.resourceVersion included: the PUT is conditional on it.
    const body: Lease = { ...current, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: specFromRecord(record, current.spec) };
    this.#lease = await this.#send('update', 'PUT', this.#objectPath(), body, signal);
  }

  close(): void {
    this.#http.close();
  }

  #collectionPath(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.#ref.namespace)}/leases`;
  }

  #objectPath(): string {
    return `${this.#collectionPath()}/${encodeURIComponent(this.#ref.name)}`;
  }

  async #send(verb: LeaseVerb, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, signal: AbortSignal): Promise<Lease> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    let statusCode: number;
    let text: string;
    try {
      ({ statusCode, text } = await this.#http.request({ method, path, body, signal: combined }));
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted) {
        throw new LeaseRequestError(verb, this.description, `${verb} Lease ${this.description}: no answer within ${String(this.#timeoutMs)} ms`, {
          reason: 'Timeout',
          cause: err,
        });
      }
      if (err instanceof TransportError) {
        throw new LeaseRequestError(verb, this.description, `${verb} Lease ${this.description} failed: ${err.message}`, { cause: err });
      }
      throw err;
    }
    const parsed = parseJson(text);
    if (statusCode < 200 || statusCode > 299) throw this.#errorOf(verb, statusCode, parsed, text);
    if (!isLease(parsed)) {
      throw new LeaderElectionError('InvalidLease', `${verb} Lease ${this.description}: the answer is not a Lease: ${excerpt(text)}`);
    }
    return parsed;
  }

  #errorOf(verb: LeaseVerb, statusCode: number, body: unknown, text: string): LeaseRequestError {
    const status = typeof body === 'object' && body !== null ? (body as { reason?: unknown; message?: unknown }) : {};
    const reason = typeof status.reason === 'string' && status.reason !== '' ? status.reason : undefined;
    const detail = typeof status.message === 'string' && status.message !== '' ? status.message : excerpt(text);
    return new LeaseRequestError(
      verb,
      this.description,
      `${verb} Lease ${this.description}: ${String(statusCode)}${reason === undefined ? '' : ` ${reason}`}: ${detail}${hintFor(statusCode, verb)}`,
      { statusCode, reason },
    );
  }
}

function hintFor(statusCode: number, verb: LeaseVerb): string {
  if (statusCode === 403) {
    return ` (grant this identity get, create and update on leases.coordination.k8s.io in the Lease's namespace; it lacks ${verb})`;
  }
  if (statusCode === 401) return ' (the KubeConfig credentials were refused)';
  return '';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isLease(value: unknown): value is Lease {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { kind, metadata } = value as { kind?: unknown; metadata?: unknown };
  return (kind === undefined || kind === 'Lease') && typeof metadata === 'object' && metadata !== null;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
