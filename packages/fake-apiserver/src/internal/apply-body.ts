// The body of a server-side apply (`application/apply-patch+yaml`): YAML, or JSON (which is YAML),
// read as kube-apiserver reads it with sigs.k8s.io/yaml (YAML 1.1 scalars: yes/no/on/off are
// booleans, timestamps stay strings; the first document only), with go-yaml's wording for the
// syntax errors clients meet most.
import { parseAllDocuments, type Tags, type YAMLError } from 'yaml';
import { badRequest } from './status.js';

const YAML_OPTIONS = {
  version: '1.1',
  uniqueKeys: false,
  customTags: (tags: Tags): Tags => tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.tag !== 'tag:yaml.org,2002:binary')),
} as const;

/** What Go's encoding/json calls a JSON value's type in its "cannot unmarshal" errors. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** go-yaml's `line N: ` prefix: the problem's 0-based line (1-based for scanner errors), left out when 0. */
function where(zeroBasedLine: number, scanner: boolean): string {
  if (zeroBasedLine === 0) return '';
  return `line ${scanner ? zeroBasedLine + 1 : zeroBasedLine}: `;
}

/** The text after the opening bracket of the flow collection a parse error is about, to its end. */
function afterOpener(text: string, offset: number, opener: string): string {
  const at = text.lastIndexOf(opener, Math.max(0, offset - 1));
  return at < 0 ? '' : text.slice(at + 1, offset);
}

/** go-yaml's message for a syntax error, where its wording is known; the parser's own otherwise. */
function goYamlProblem(text: string, error: YAMLError): string {
  const line = (error.linePos?.[0].line ?? 1) - 1;
  const first = error.message.split('\n')[0] ?? error.message;
  const message = first.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'BAD_INDENT' && /^Flow (sequence|map) in block collection/.test(message)) {
    const sequence = message.startsWith('Flow sequence');
    const inside = afterOpener(text, error.pos[0], sequence ? '[' : '{');
    if (inside.trim() === '') return `${where(line, false)}did not find expected node content`;
    return `${where(line, false)}did not find expected ',' or '${sequence ? ']' : '}'}'`;
  }
  if (error.code === 'TAB_AS_INDENT' || error.code === 'BAD_SCALAR_START') {
    return `${where(line, true)}found character that cannot start any token`;
  }
  if (error.code === 'MISSING_CHAR' && message.startsWith('Missing closing')) {
    return `${where(line, true)}found unexpected end of stream`;
  }
  return `line ${line + 1}: ${message}`;
}

/** Parses an apply body; an empty body or `null` is an empty object. 400 as kube-apiserver words it. */
export function parseApplyBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  const [doc] = parseAllDocuments(text, YAML_OPTIONS);
  if (doc === undefined) return {};
  const [error] = doc.errors;
  if (error !== undefined) throw badRequest(`error encoding patch: yaml: ${goYamlProblem(text, error)}`);
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(
      `error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goJsonType(value)} into Go value of type map[string]interface {}`,
    );
  }
  return value as Record<string, unknown>;
}
