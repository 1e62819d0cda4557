// The text of a Kubernetes field error (k8s.io/apimachinery/pkg/util/validation/field): clients
// and people read these messages, so the fake prints them the way kube-apiserver does.

/** The kinds of field error the fake reports, with the wording Kubernetes prints for each. */
export type FieldErrorType = 'Required' | 'Invalid' | 'NotSupported' | 'Forbidden' | 'Duplicate' | 'TooLong' | 'NotFound';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Forbidden: 'Forbidden',
  Duplicate: 'Duplicate value',
  TooLong: 'Too long',
  NotFound: 'Not found',
};

/** Quote a string the way Go's `%q` does for the characters names and labels can hold. */
function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** Render a bad value the way Go's field errors do: strings quoted, numbers and booleans bare, slices as Go literals. */
function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map((v) => goQuote(v)).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The body of a field error without its path, e.g. `Invalid value: "Foo_": a lowercase RFC 1123 …`
 * or `Required value`. This is what a Status cause carries as `message`.
 */
export function fieldErrorBody(type: FieldErrorType, badValue: unknown, detail: string): string {
  let text = TYPE_TEXT[type];
  if (type === 'Invalid' || type === 'NotSupported' || type === 'Duplicate' || type === 'NotFound') {
    text = `${text}: ${formatBadValue(badValue)}`;
  }
  return detail.length > 0 ? `${text}: ${detail}` : text;
}

/** A whole field error, `path: body`, as `error.Error()` prints it in Go. */
export function fieldErrorText(path: string, type: FieldErrorType, badValue: unknown, detail: string): string {
  return `${path}: ${fieldErrorBody(type, badValue, detail)}`;
}

/** Several errors joined the way an aggregate prints them: one as it is, more as `[a, b]`. */
export function aggregateText(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}
