/**
 * The `Status.reason` client-go's apimachinery assigns to an HTTP code when the body carried none
 * (a proxy's HTML page, an empty 503): the same table, so classifiers agree with Go clients.
 */
const REASONS: ReadonlyMap<number, string> = new Map([
  [400, 'BadRequest'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'NotFound'],
  [405, 'MethodNotAllowed'],
  [406, 'NotAcceptable'],
  [409, 'Conflict'],
  [410, 'Gone'],
  [413, 'RequestEntityTooLarge'],
  [415, 'UnsupportedMediaType'],
  [422, 'Invalid'],
  [429, 'TooManyRequests'],
  [500, 'InternalError'],
  [503, 'ServiceUnavailable'],
  [504, 'Timeout'],
]);

/** The reason for an HTTP code, `'Unknown'` for codes without one. */
export function reasonForCode(code: number): string {
  return REASONS.get(code) ?? 'Unknown';
}

/** Whether `reason` is one of the reasons of the table (client-go's "known reasons"). */
export function isKnownReason(reason: string): boolean {
  for (const known of REASONS.values()) if (known === reason) return true;
  return KNOWN_EXTRA.has(reason);
}

// Reasons the API server sends that no bare HTTP code maps to.
const KNOWN_EXTRA: ReadonlySet<string> = new Set(['Expired', 'AlreadyExists', 'ServerTimeout']);
