// The agent socket (/ws/agent): resumes from the last cursor after any drop, so nothing that happened
// meanwhile is missed; pings every 30 s (the socket is the agent's presence); the state is always shown.
import { socketToken, refresh } from './api.js';

const PING_MS = 30_000;
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_BAD_REQUEST = 4400;

export class LiveConnection {
  /**
   * @param {{onEvent: (frame: object) => void, onSignal: (frame: object) => void,
   *   onStatus: (status: 'live'|'reconnecting'|'offline') => void, onResumeGap: () => void,
   *   onSignedOut: () => void}} handlers
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.cursor = null;
    this.attempts = 0;
    this.stopped = false;
    this.viewing = null;
    this.socket = null;
  }

  start() {
    this.stopped = false;
    this.connect();
    this.onOnline = () => this.socket || this.connect();
    addEventListener('online', this.onOnline);
  }

  stop() {
    this.stopped = true;
    removeEventListener('online', this.onOnline);
    clearInterval(this.pinger);
    clearTimeout(this.retry);
    this.socket?.close(1000);
    this.socket = null;
  }

  /** The conversation on screen: its suggestions and viewers come on this socket (sent again after a reconnect). */
  view(conversationId) {
    this.viewing = conversationId;
    this.send({ type: 'view', conversationId });
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  /** Drops the connection as a network would (used by the reconnect test through the page's own API). */
  drop() {
    this.socket?.close(4000, 'dropped');
  }

  async connect() {
    clearTimeout(this.retry);
    if (this.stopped) return;
    let token;
    try {
      token = await socketToken();
    } catch {
      return this.scheduleRetry();
    }
    if (!token) return this.handlers.onSignedOut();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const since = this.cursor ? `&since=${encodeURIComponent(this.cursor)}` : '';
    const socket = new WebSocket(`${scheme}://${location.host}/ws/agent?token=${encodeURIComponent(token)}${since}`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.handlers.onStatus('live');
      this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_MS);
      if (this.viewing) this.send({ type: 'view', conversationId: this.viewing });
    };
    socket.onmessage = (message) => this.received(message.data);
    socket.onclose = (event) => this.closed(socket, event.code);
  }

  received(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === 'resync') {
      // The hub no longer keeps what followed our cursor: what is on screen is loaded again.
      this.handlers.onResumeGap();
      return;
    }
    if (frame.cursor) {
      this.cursor = frame.cursor;
      this.handlers.onEvent(frame);
    } else {
      this.handlers.onSignal(frame);
    }
  }

  async closed(socket, code) {
    if (socket !== this.socket) return;
    clearInterval(this.pinger);
    this.socket = null;
    if (this.stopped) return;
    if (code === CLOSE_UNAUTHENTICATED) {
      const agent = await refresh().catch(() => undefined);
      if (agent === null) return this.handlers.onSignedOut();
    }
    if (code === CLOSE_BAD_REQUEST) {
      // A cursor the hub no longer knows: start afresh and load what is on screen again.
      this.cursor = null;
      this.handlers.onResumeGap();
    }
    this.scheduleRetry();
  }

  scheduleRetry() {
    if (this.stopped) return;
    this.attempts += 1;
    this.handlers.onStatus(this.attempts > 5 || !navigator.onLine ? 'offline' : 'reconnecting');
    const delay = Math.min(10_000, 250 * 2 ** Math.min(this.attempts, 6)) * (0.75 + Math.random() / 2);
    this.retry = setTimeout(() => this.connect(), delay);
  }
}
