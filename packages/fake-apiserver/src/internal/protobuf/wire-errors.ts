// @bufbuild/protobuf's reader throws plain Errors; the codec turns them into ProtobufErrors.
import { ProtobufError } from './errors.js';

/** A ProtobufError for an error thrown while reading message `what`. */
export function readerError(err: unknown, what: string): ProtobufError {
  if (err instanceof ProtobufError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError || /premature|EOF|out of range|truncat/i.test(message)) {
    return new ProtobufError('Truncated', `${what}: the bytes end too early (${message})`, { cause: err });
  }
  if (/wire type|invalid tag|illegal tag|cant skip|can't skip/i.test(message)) {
    return new ProtobufError('WireType', `${what}: ${message}`, { cause: err });
  }
  return new ProtobufError('InvalidValue', `${what}: ${message}`, { cause: err });
}
