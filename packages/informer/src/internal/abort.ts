/**
 * The reason of an aborted signal as an error: the reason itself when it is one (a `DOMException`
 * named `AbortError` by default), else an `AbortError` describing it.
 */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'This operation was aborted', 'AbortError');
}
