/** A one-line description of any thrown value, for messages. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    // undefined for functions and symbols, whatever the declared type says.
    const json = JSON.stringify(err) as string | undefined;
    return json ?? String(err);
  } catch {
    return String(err);
  }
}
