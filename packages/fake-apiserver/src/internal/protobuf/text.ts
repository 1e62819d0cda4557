// Text helpers with Go's semantics: base64 as encoding/json reads and writes []byte, string order
// as Go's sort.Strings (bytes of UTF-8), and JSON text with encoding/json's escaping.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard padded base64 (Go ignores `\r` and `\n` inside it), or `undefined` when malformed. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const clean = text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, '') : text;
  if (!BASE64.test(clean)) return undefined;
  const buf = Buffer.from(clean, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Standard padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Go's string order (byte-wise over UTF-8), which differs from JavaScript's UTF-16 order only
 * between astral characters and U+E000–U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      const cx = a.codePointAt(i) ?? x;
      const cy = b.codePointAt(i) ?? y;
      return cx < cy ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const HAS_HTML_UNSAFE = /[<>&\u2028\u2029]/;

/** JSON text as Go's encoding/json writes it: compact, with `<`, `>`, `&`, U+2028, U+2029 escaped. */
export function goJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  return HAS_HTML_UNSAFE.test(text)
    ? text.replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : text;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A string from UTF-8 bytes (invalid sequences become U+FFFD, as Go's JSON writes them). */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
