// JSON.stringify gives undefined for undefined, functions and symbols, which its type omits.
const stringify: (value: unknown) => string | undefined = JSON.stringify;

/** A short description of any thrown value, for messages. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

/** `err` itself when it is an Error, else an Error describing it (with `err` as its cause). */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(describeError(err), { cause: err });
}
