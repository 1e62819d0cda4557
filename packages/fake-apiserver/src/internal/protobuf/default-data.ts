// The data the server's codec is built from: the generated protobuf messages and resources.
import type { ProtobufCodecData } from './codec.js';
import { ProtobufError } from './errors.js';

/** The generated data of the Kubernetes release the fake serves. */
export function defaultProtobufData(): ProtobufCodecData {
  throw new ProtobufError('NoData', 'the generated protobuf data (data/protobuf.json.gz) is not available yet');
}
