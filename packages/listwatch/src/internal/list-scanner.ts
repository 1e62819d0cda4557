import { performance } from 'node:perf_hooks';
import { ResponseDecodeError } from '../errors.js';
import type { ObjectList } from '../types.js';
import { excerptOf } from './http-error.js';

/** Characters of the body kept for the excerpt of a decode error. */
const HEAD_CHARS = 400;

// Character codes of JSON's structural characters and whitespace.
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

// Where the scanner is in the list object `{"kind":…,"metadata":{…},"items":[{…},{…}]}`.
const BEFORE_LIST = 0; // before the opening brace
const KEY_OR_CLOSE = 1; // after `{`: a key or `}`
const KEY = 2; // inside a key (a string)
const BEFORE_COLON = 3;
const BEFORE_VALUE = 4;
const VALUE = 5; // inside a value other than the items array
const AFTER_VALUE = 6; // `,` or `}`
const AFTER_COMMA = 7; // a key
const ITEM_OR_CLOSE = 8; // after `[`: an item or `]`
const ITEM = 9; // inside an item
const AFTER_ITEM = 10; // `,` or `]`
const BEFORE_ITEM = 11; // after `,` in the items array
const AFTER_LIST = 12; // only whitespace may follow

const isWhitespace = (c: number): boolean => c === SPACE || c === LF || c === CR || c === TAB;

/** Sets a property as `JSON.parse` does: as an own property, even one named `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/**
 * An incremental reader of a list response body. It walks the list object's own structure and
 * hands every value in it (each item, `metadata`, `kind`, …) to `JSON.parse` on its own, so no
 * call parses more than one item; to find where a value ends it only tracks strings, escapes and
 * bracket depth. `JSON.parse` still checks every value, so malformed JSON anywhere is an error.
 * Text arrives in chunks of any size and boundary; a value split between chunks is kept as its
 * pieces and joined once.
 */
export class ListBodyScanner {
  readonly #description: string;
  readonly #list: Record<string, unknown> = {};
  #state = BEFORE_LIST;
  #key = '';
  #items: unknown[] | undefined;
  // The chunk being read and how far.
  #text = '';
  #pos = 0;
  /** Characters of the body before `#text`. */
  #offset = 0;
  #head = '';
  // The value being read: its start, its pieces from earlier chunks, and the bracket scanner's state.
  #valueStart = 0;
  #pieces: string[] = [];
  #scalar = false;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Where the chunk's next backslash at or after some earlier position is (its length: none). */
  #backslash = -1;

  constructor(description: string) {
    this.#description = description;
  }

  /** Takes the next chunk; call only once {@link work} has consumed the previous one. */
  push(text: string): void {
    this.#offset += this.#text.length;
    this.#text = text;
    this.#pos = 0;
    this.#backslash = -1;
    if (this.#head.length < HEAD_CHARS) this.#head += text.slice(0, HEAD_CHARS - this.#head.length);
  }

  /**
   * Reads the current chunk until it is consumed (true) or `deadline` (a `performance.now()`
   * time) has passed (false: call again to go on).
   *
   * @throws {ResponseDecodeError} At the first thing that is not JSON or not a list.
   */
  work(deadline: number): boolean {
    const text = this.#text;
    const length = text.length;
    let i = this.#pos;
    let parsed = 0;
    while (i < length) {
      const state = this.#state;
      if (state === ITEM || state === VALUE || state === KEY) {
        const end = this.#scan(text, i);
        if (end === -1) {
          this.#pieces.push(i === 0 ? text : text.slice(i));
          i = length;
          break;
        }
        const last = text.slice(i, end);
        const raw = this.#pieces.length === 0 ? last : this.#pieces.join('') + last;
        this.#pieces = [];
        i = end;
        if (state === ITEM) {
          this.#addItem(raw);
          // Reading the clock costs little next to parsing an item, but not nothing.
          if ((++parsed & 7) === 0 && performance.now() >= deadline) {
            this.#pos = i;
            return false;
          }
        } else if (state === VALUE) {
          this.#setValue(raw);
        } else {
          this.#key = raw.includes('\\') ? (this.#parse(raw) as string) : raw.slice(1, -1);
          this.#state = BEFORE_COLON;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      switch (state) {
        case BEFORE_LIST:
          if (c !== OPEN_BRACE) throw this.#notAList(c, i);
          this.#state = KEY_OR_CLOSE;
          break;
        case KEY_OR_CLOSE:
        case AFTER_COMMA:
          if (c === CLOSE_BRACE && state === KEY_OR_CLOSE) this.#state = AFTER_LIST;
          else if (c === QUOTE) {
            this.#begin(KEY, c, i);
            continue; // the scanner reads the opening quote
          } else throw this.#unexpected(c, i);
          break;
        case BEFORE_COLON:
          if (c !== COLON) throw this.#unexpected(c, i);
          this.#state = BEFORE_VALUE;
          break;
        case BEFORE_VALUE:
          if (this.#key === 'items' && c === OPEN_BRACKET) {
            this.#items = [];
            define(this.#list, 'items', this.#items);
            this.#state = ITEM_OR_CLOSE;
            break;
          }
          if (!this.#begin(VALUE, c, i)) throw this.#unexpected(c, i);
          continue;
        case AFTER_VALUE:
          if (c === COMMA) this.#state = AFTER_COMMA;
          else if (c === CLOSE_BRACE) this.#state = AFTER_LIST;
          else throw this.#unexpected(c, i);
          break;
        case ITEM_OR_CLOSE:
        case BEFORE_ITEM:
          if (c === CLOSE_BRACKET && state === ITEM_OR_CLOSE) {
            this.#state = AFTER_VALUE;
            break;
          }
          if (!this.#begin(ITEM, c, i)) throw this.#unexpected(c, i);
          continue;
        case AFTER_ITEM:
          if (c === COMMA) this.#state = BEFORE_ITEM;
          else if (c === CLOSE_BRACKET) this.#state = AFTER_VALUE;
          else throw this.#unexpected(c, i);
          break;
        default:
          throw this.#unexpected(c, i);
      }
      i++;
    }
    this.#pos = i;
    return true;
  }

  /**
   * The body has ended: the list, with `metadata` made an object and `items` an array.
   *
   * @throws {ResponseDecodeError} When the body ended early or had no items array.
   */
  finish<T>(): ObjectList<T> {
    if (this.#state !== AFTER_LIST) {
      const at = this.#offset + this.#text.length;
      throw this.#error(`the response body is not JSON: it ends early, after ${String(at)} characters`);
    }
    const list = this.#list;
    if (this.#items === undefined) throw this.#noItems();
    if (typeof list.metadata !== 'object' || list.metadata === null) list.metadata = {};
    return list as unknown as ObjectList<T>;
  }

  /** Starts reading a value at character code `c`, index `i` of the chunk; false when no JSON value starts so. */
  #begin(state: number, c: number, i: number): boolean {
    const nested = c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE;
    if (!nested && c !== 0x2d && !(c >= 0x30 && c <= 0x39) && c !== 0x74 && c !== 0x66 && c !== 0x6e) return false; // - 0-9 t f n
    this.#state = state;
    this.#valueStart = this.#offset + i;
    this.#scalar = !nested;
    this.#depth = 0;
    this.#inString = false;
    this.#escaped = false;
    return true;
  }

  /**
   * Finds the end of the value being read, from `from` in `text`: the index after it, or -1 when
   * it goes on past the chunk (the state is kept for the next one).
   */
  #scan(text: string, from: number): number {
    const length = text.length;
    let i = from;
    if (this.#scalar) {
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isWhitespace(c)) return i;
      }
      return -1;
    }
    let depth = this.#depth;
    let inString = this.#inString;
    if (this.#escaped) {
      this.#escaped = false;
      i++; // the escaped character, first of this chunk
    }
    for (;;) {
      if (inString) {
        // Most of a Kubernetes object's text is inside strings: jump from quote to quote with
        // indexOf (much faster than a loop over characters), minding the backslashes in between.
        const quote = text.indexOf('"', i);
        const backslash = this.#backslashFrom(text, i);
        if (quote === -1) {
          // The string goes on in the next chunk, perhaps right after a backslash.
          for (let b = backslash; b < length; b = this.#backslashFrom(text, b + 2)) {
            if (b === length - 1) this.#escaped = true;
          }
          break;
        }
        if (backslash < quote) {
          i = backslash + 2; // past the escape sequence's first two characters
          if (i > length) {
            this.#escaped = true;
            break;
          }
          continue;
        }
        inString = false;
        i = quote + 1;
        if (depth === 0) return i;
        continue;
      }
      if (i >= length) break;
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
        return i + 1;
      }
      i++;
    }
    this.#depth = depth;
    this.#inString = inString;
    return -1;
  }

  /** The first backslash of the current chunk at or after `from`, or the chunk's length when none. */
  #backslashFrom(text: string, from: number): number {
    if (this.#backslash < from) {
      const found = text.indexOf('\\', from);
      this.#backslash = found === -1 ? text.length : found;
    }
    return this.#backslash;
  }

  #addItem(raw: string): void {
    (this.#items ?? []).push(this.#parse(raw));
    this.#state = AFTER_ITEM;
  }

  #setValue(raw: string): void {
    const value = this.#parse(raw);
    if (this.#key === 'items') {
      // Go encodes an empty slice as null in some versions: no items.
      if (value !== null) throw this.#noItems();
      this.#items = [];
      define(this.#list, 'items', this.#items);
    } else {
      define(this.#list, this.#key, value);
    }
    this.#state = AFTER_VALUE;
  }

  #parse(raw: string): unknown {
    try {
      return JSON.parse(raw);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw this.#error(`the response body is not JSON: ${detail} (in the value at character ${String(this.#valueStart)})`, cause);
    }
  }

  #notAList(c: number, i: number): ResponseDecodeError {
    // Something JSON but not an object (an array, a string…), or not JSON at all (an HTML page).
    const json = c === OPEN_BRACKET || c === QUOTE || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
    return json ? this.#error('the response body is not a list object') : this.#unexpected(c, i);
  }

  #unexpected(c: number, i: number): ResponseDecodeError {
    const at = this.#offset + i;
    return this.#error(`the response body is not JSON: unexpected ${JSON.stringify(String.fromCharCode(c))} at character ${String(at)}`);
  }

  #noItems(): ResponseDecodeError {
    return this.#error('the response body has no items array; is this a collection URL?');
  }

  #error(what: string, cause?: unknown): ResponseDecodeError {
    const excerpt = excerptOf(Buffer.from(this.#head, 'utf8'));
    return new ResponseDecodeError(`${this.#description}: ${what}`, cause === undefined ? { excerpt } : { excerpt, cause });
  }
}

