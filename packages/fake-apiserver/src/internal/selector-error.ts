/**
 * A label or field selector that cannot be parsed or names a field the kind does not support.
 * The message is meant for the client as it is: the server answers it as a 400 BadRequest Status.
 */
export class SelectorError extends Error {
  override readonly name: string = 'SelectorError';
}
