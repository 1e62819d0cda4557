// The event emitter every kcache package's `on()` is built on. Private to the workspace: tsup
// bundles it into each package (a devDependency, never a runtime one), so the packages share one
// implementation and their users install nothing more.

export class Emitter {
  /** @type {readonly { type: string; listener: (event: unknown) => void }[]} */
  #entries = [];
  #onListenerError;
  #types;
  /** @type {Record<string, boolean>} */
  wanted = {};

  /** @param {(err: unknown, event: unknown) => void} onListenerError @param {readonly string[]} [types] */
  constructor(onListenerError, types = []) {
    this.#onListenerError = onListenerError;
    this.#types = types;
    for (const type of types) this.wanted[type] = false;
  }

  /** @param {string} type @param {(event: unknown) => void} listener */
  on(type, listener) {
    // A fresh entry per call, so one function added twice runs twice and unsubscribes independently.
    const entry = { type, listener };
    this.#entries = [...this.#entries, entry];
    this.#recount();
    return () => {
      this.#entries = this.#entries.filter((e) => e !== entry);
      this.#recount();
    };
  }

  /** @param {string} type */
  hasListeners(type) {
    return this.#entries.some((e) => e.type === type || e.type === '*');
  }

  /** @param {{ type: string }} event */
  emit(event) {
    // Copy-on-write: listeners added or removed while emitting take effect from the next event.
    const entries = this.#entries;
    for (const { type, listener } of entries) {
      if (type !== event.type && type !== '*') continue;
      try {
        listener(event);
      } catch (err) {
        try {
          this.#onListenerError(err, event);
        } catch {
          // The error handler failed too; whoever emits must go on regardless.
        }
      }
    }
  }

  #recount() {
    for (const type of this.#types) this.wanted[type] = this.hasListeners(type);
  }
}
