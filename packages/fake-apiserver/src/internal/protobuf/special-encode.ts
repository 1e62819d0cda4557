// The Kubernetes types whose JSON is not their message's fields (ProtoMessage.special), JSON →
// message body, as their hand-written Go marshalers write them.
import type { BinaryWriter} from '@bufbuild/protobuf/wire';
import { WireType } from '@bufbuild/protobuf/wire';
import type { GeneratedProtobuf, ProtoMessage } from '../schema/data.js';
import { ProtobufError } from './errors.js';
import { parseGoDuration, parseRfc3339, ZERO_TIME_SECONDS } from './go-time.js';
import { invalid, pathText, type Path } from './errors-invalid.js';
import { goJsonText, utf8 } from './text.js';

type Messages = GeneratedProtobuf['messages'];

// Objects repeat their timestamps (creation, managedFields, conditions): parsing each text once
// saves a good part of encoding a typical object.
const times = new Map<string, ReturnType<typeof parseRfc3339>>();

function parseTime(text: string): ReturnType<typeof parseRfc3339> {
  let t = times.get(text);
  if (t === undefined && !times.has(text)) {
    t = parseRfc3339(text);
    if (times.size >= 4096) times.clear();
    times.set(text, t);
  }
  return t;
}

/** The body of a special type's message for its JSON form. */
export function writeSpecial(w: BinaryWriter, messages: Messages, msg: ProtoMessage, json: unknown, path: Path): void {
  const absent = json === null || json === undefined;
  switch (msg.special) {
    case 'Time':
    case 'MicroTime': {
      // metav1.Time/MicroTime write a zero time as nothing; Time drops the nanoseconds, MicroTime
      // keeps whole microseconds.
      if (absent) return;
      if (typeof json !== 'string') throw invalid(path, 'an RFC 3339 time', json);
      const t = parseTime(json);
      if (t === undefined) throw invalid(path, 'an RFC 3339 time', json);
      if (t.seconds === ZERO_TIME_SECONDS && t.nanos === 0) return;
      w.tag(1, WireType.Varint).int64(t.seconds);
      w.tag(2, WireType.Varint).int32(msg.special === 'Time' ? 0 : t.nanos - (t.nanos % 1000));
      return;
    }
    case 'Duration': {
      let nanos = 0n;
      if (!absent) {
        const parsed = typeof json === 'string' ? parseGoDuration(json) : undefined;
        if (parsed === undefined) throw invalid(path, 'a Go duration such as "1m30s"', json);
        nanos = parsed;
      }
      w.tag(1, WireType.Varint).int64(nanos);
      return;
    }
    case 'Quantity': {
      // A JSON number is a quantity too (resource.Quantity.UnmarshalJSON); null is zero.
      let text = '0';
      if (typeof json === 'string') text = json;
      else if (typeof json === 'number') text = String(json);
      else if (!absent) throw invalid(path, 'a quantity', json);
      w.tag(1, WireType.LengthDelimited).string(text);
      return;
    }
    case 'IntOrString': {
      const isString = typeof json === 'string';
      if (!absent && !isString && (typeof json !== 'number' || !Number.isInteger(json))) {
        throw invalid(path, 'an integer or a string', json);
      }
      w.tag(1, WireType.Varint).int64(isString ? 1 : 0);
      w.tag(2, WireType.Varint).int32(isString || absent ? 0 : (json));
      w.tag(3, WireType.LengthDelimited).string(isString ? json : '');
      return;
    }
    case 'RawExtension': {
      // Raw bytes are the JSON of the embedded object, or (watch events) an enveloped object.
      if (absent) return;
      w.tag(1, WireType.LengthDelimited).bytes(json instanceof Uint8Array ? json : utf8(goJsonText(json)));
      return;
    }
    case 'FieldsV1': {
      if (absent) return;
      const raw = utf8(goJsonText(json));
      if (raw.length > 0) w.tag(1, WireType.LengthDelimited).bytes(raw);
      return;
    }
    default:
      throw new ProtobufError('UnknownMessage', `${pathText(path)}: the special type ${String(msg.special)} has no JSON form`);
  }
}
