// A small store: one state object replaced on each change, and the components that re-render after it.
// Lit compares templates, so a whole-state notification costs only what actually changed on screen.

export class Store {
  /** @param {object} initial */
  constructor(initial) {
    this.state = initial;
    /** @type {Set<() => void>} */
    this.listeners = new Set();
    this.scheduled = false;
  }

  /** Merges a patch into the state; listeners run once per task, however many patches came in it. */
  update(patch) {
    this.state = { ...this.state, ...patch };
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.listeners.forEach((listener) => listener());
      });
    }
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A Lit reactive controller: the host re-renders whenever the store changes. */
export class StoreController {
  constructor(host, store) {
    this.host = host;
    this.store = store;
    host.addController(this);
  }

  hostConnected() {
    this.unsubscribe = this.store.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected() {
    this.unsubscribe?.();
  }
}
