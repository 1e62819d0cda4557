// Continue tokens: opaque to clients, base64url of the snapshot's resourceVersion and the last
// key examined, so the next page resumes right after it in the same snapshot.
import { badRequest } from './status.js';

/** The resourceVersion of a token that continues in the current state (kube-apiserver writes -1). */
export const LATEST = -1;

export interface ContinuePosition {
  /** The snapshot's resourceVersion, or LATEST. */
  readonly rv: number;
  /** The next page starts after this key. */
  readonly start: string;
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: 1, rv: position.rv, start: position.start })).toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const p = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { v?: unknown; rv?: unknown; start?: unknown };
  if (
    p.v !== 1 ||
    typeof p.rv !== 'number' || !Number.isSafeInteger(p.rv) || (p.rv < 1 && p.rv !== LATEST) || typeof p.start !== 'string'
  ) {
    throw badRequest('continue key is not valid: pass the metadata.continue value of the previous page unchanged');
  }
  return { rv: p.rv, start: p.start };
}
