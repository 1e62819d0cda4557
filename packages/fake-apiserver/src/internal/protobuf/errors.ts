// The one error the protobuf codec throws. The HTTP layer maps its code to a Status: an
// `UnknownKind` body is 415 Unsupported Media Type (kube-apiserver answers custom resources that
// way), an `UnknownKind` Accept falls back to JSON or 406, anything else in a request body is 400.

/**
 * What went wrong:
 * - `UnknownKind`: no protobuf message for this apiVersion/kind (custom resources, unknown kinds).
 * - `UnknownMessage`: a message name the generated data does not describe.
 * - `BadEnvelope`: the bytes do not start with `k8s\0`, or the `runtime.Unknown` around the object
 *   is malformed (no kind, no raw bytes where they are required).
 * - `Truncated`: the bytes end inside a field, a length or a frame.
 * - `WireType`: a field arrived with a wire type its message does not allow, or an invalid tag.
 * - `InvalidValue`: a JSON value of the wrong type for its field, or a malformed time, duration,
 *   base64 string or embedded JSON document.
 * - `NoData`: the generated protobuf data is not available.
 */
export type ProtobufErrorCode =
  | 'UnknownKind'
  | 'UnknownMessage'
  | 'BadEnvelope'
  | 'Truncated'
  | 'WireType'
  | 'InvalidValue'
  | 'NoData';

/** Encoding or decoding a Kubernetes protobuf message failed; `code` says why. */
export class ProtobufError extends Error {
  override readonly name: string = 'ProtobufError';
  readonly code: ProtobufErrorCode;

  constructor(code: ProtobufErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
}
