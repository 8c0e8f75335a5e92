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

  /**
   * Merges a patch into the state; listeners run once per frame however many patches came (a message's
   * two events, a burst of them), or every 100 ms while the tab is hidden and frames do not run.
   */
  update(patch) {
    this.state = { ...this.state, ...patch };
    if (!this.scheduled) {
      this.scheduled = true;
      const notify = () => {
        this.scheduled = false;
        this.listeners.forEach((listener) => listener());
      };
      document.visibilityState === 'visible' ? requestAnimationFrame(notify) : setTimeout(notify, 100);
    }
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * A Lit reactive controller: the host re-renders when the parts of the state it reads changed. A host's
 * `watched(state)` names them as an array of values; the store replaces only what changed, so comparing
 * them one by one (by identity) is exact. A host without `watched` re-renders on every change.
 */
export class StoreController {
  constructor(host, store) {
    this.host = host;
    this.store = store;
    this.seen = null;
    host.addController(this);
  }

  hostConnected() {
    this.unsubscribe = this.store.subscribe(() => {
      const now = this.host.watched?.(this.store.state);
      if (now && this.seen && now.length === this.seen.length && now.every((value, index) => value === this.seen[index])) return;
      this.seen = now ?? null;
      this.host.requestUpdate();
    });
  }

  hostDisconnected() {
    this.unsubscribe?.();
  }
}
