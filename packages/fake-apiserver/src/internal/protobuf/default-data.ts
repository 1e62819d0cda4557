// The data the server's codec is built from: the generated protobuf messages and resources.
import { generatedProtobuf, generatedResources } from '../schema/load.js';
import type { ProtobufCodecData } from './codec.js';
import { ProtobufError } from './errors.js';

/** The generated data of the Kubernetes release the fake serves. */
export function defaultProtobufData(): ProtobufCodecData {
  try {
    return { protobuf: generatedProtobuf(), resources: generatedResources() };
  } catch (err) {
    throw new ProtobufError('NoData', `the generated protobuf data is not available: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
