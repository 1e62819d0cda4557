/**
 * A patch that cannot be applied. `httpCode` is the status the server answers with: 400 for a
 * malformed patch document, 422 for a well-formed patch that does not apply to the object (a
 * failing JSON-patch `test`, a missing path, a list item without its merge key), 415 for a patch
 * type the kind does not support (strategic merge on a custom kind).
 */
export class PatchError extends Error {
  override readonly name: string = 'PatchError';

  constructor(
    message: string,
    readonly httpCode: 400 | 422 | 415,
  ) {
    super(message);
  }
}
