// The agent's desk: what is on screen (the inbox list, the open thread, who else is there) and every
// action an agent takes. Components render `desk.store.state` and call these methods; the REST API
// loads pages, the agent socket keeps them live, and a resume from the last cursor fills any gap.
import * as api from './api.js';
import { LiveConnection } from './live.js';
import { Store } from './store.js';
import { t } from './i18n.js';

const PAGE = 50;
/** The list never holds more rows than this: a few hundred rows keep the page fast at any inbox size. */
export const MAX_ROWS = 300;
const THREAD_PAGE = 50;
const TYPING_MS = 6_000;

/** @typedef {{id: string, customerId: string, status: string, assigneeId: string|null, lastMessageAt: string,
 *   updatedAt: string, channels: string[], lastChannelType: string, lastPreview: string, unreadCount?: number,
 *   customer?: {id: string, name: string|null}, ticket?: object, sla?: object}} Conversation */

export class Desk {
  constructor() {
    this.store = new Store({
      phase: 'starting', // starting | signedOut | signedIn
      me: null,
      connection: 'offline',
      view: 'mine',
      status: 'open',
      queue: '',
      queues: [],
      search: '',
      /** @type {Map<string, Conversation>} */
      conversations: new Map(),
      order: [],
      next: null,
      listLoading: false,
      /** @type {Map<string, string|null>} customer id → name */
      names: new Map(),
      agents: [],
      openId: null,
      thread: null, // {conversation, messages, earlier, loading}
      viewers: [],
      typing: new Map(), // agent id → until (ms)
      suggestions: [],
      call: null,
      error: null,
    });
    this.live = new LiveConnection({
      onEvent: (frame) => this.onEvent(frame),
      onSignal: (frame) => this.onSignal(frame),
      onStatus: (connection) => this.update({ connection }),
      onResumeGap: () => this.reloadScreen(),
      onSignedOut: () => this.signedOut(),
    });
    this.listGeneration = 0;
    /** @type {Set<(frame: object) => void>} the other pages' models (supervisor board, admin) */
    this.frameListeners = new Set();
    this.inboxShown = true;
    this.listStale = false;
  }

  /**
   * Whether the inbox is on screen. While it is not (the supervisor board, the admin pages), events keep
   * updating the rows held, but nothing is fetched to place a row that is not held: a supervisor watching
   * the board would otherwise ask for every customer's conversation as their messages arrive. The list is
   * loaded again when the inbox comes back.
   */
  showing(inbox) {
    const wasShown = this.inboxShown;
    this.inboxShown = inbox;
    if (inbox && !wasShown && this.listStale && this.state.phase === 'signedIn') {
      this.listStale = false;
      this.loadList();
    }
  }

  /**
   * Every frame of the agent socket (events and signals) also goes to `listener`, and `{type: 'reload'}`
   * after a gap the socket cannot fill: the supervisor board and the admin pages keep their own models.
   * @returns {() => void} the unsubscribe
   */
  listen(listener) {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  tell(frame) {
    this.frameListeners.forEach((listener) => listener(frame));
  }

  get state() {
    return this.store.state;
  }

  update(patch) {
    this.store.update(patch);
  }

  fail(error) {
    this.update({ error: t('error.generic', { reason: error.message || String(error) }) });
  }

  // Signing in and out

  async boot() {
    try {
      const me = await api.resume();
      me ? await this.signedIn(me) : this.update({ phase: 'signedOut' });
    } catch (error) {
      this.update({ phase: 'signedOut' });
      this.fail(error);
    }
  }

  /** Throws the API's error (the sign-in form shows it). */
  async signIn(email, password) {
    const me = await api.signIn(email, password);
    await this.signedIn(me);
  }

  async signedIn(me) {
    this.update({ phase: 'signedIn', me, error: null });
    // The socket first, then the pages: whatever changes while they load arrives on the socket.
    this.live.start();
    await Promise.all([this.loadAgents(), this.loadQueues(), this.loadList()]);
  }

  async signOut() {
    this.live.stop();
    await api.signOut().catch(() => {});
    this.signedOut();
  }

  signedOut() {
    this.live.stop();
    this.update({ phase: 'signedOut', me: null, conversations: new Map(), order: [], openId: null, thread: null, connection: 'offline' });
  }

  async setPresence(status) {
    try {
      const agent = await api.put(`/api/v1/agents/${this.state.me.id}/presence`, { status });
      this.update({ me: { ...this.state.me, presence: agent.presence, presenceChosen: agent.presenceChosen } });
    } catch (error) {
      this.fail(error);
    }
  }

  async loadAgents() {
    try {
      const page = await api.get('/api/v1/agents?limit=200');
      this.update({ agents: page.items.filter((agent) => agent.active !== false) });
    } catch (error) {
      this.fail(error);
    }
  }

  async loadQueues() {
    try {
      this.update({ queues: (await api.get('/api/v1/queues?limit=200')).items });
    } catch (error) {
      this.fail(error);
    }
  }

  agentName(id) {
    return this.state.agents.find((agent) => agent.id === id)?.name ?? id;
  }

  // The list

  /** A change of view, status, queue or search (`{view}`, `{status}`…): the list from its first page. */
  filter(patch) {
    this.update(patch);
    this.loadList();
  }

  listQuery(cursor) {
    const { view, status, queue, search, me } = this.state;
    const assignee = view === 'mine' ? me.id : view === 'unassigned' ? 'none' : undefined;
    return api.query({ status, assignee, queue, q: search.trim(), limit: PAGE, cursor });
  }

  async loadList() {
    const generation = ++this.listGeneration;
    this.update({ listLoading: true });
    try {
      const page = await api.get(`/api/v1/conversations${this.listQuery()}`);
      if (generation !== this.listGeneration) return; // a newer filter won
      const conversations = new Map();
      page.items.forEach((conversation) => conversations.set(conversation.id, conversation));
      this.rememberNames(page.items);
      this.update({ ...placed(conversations), next: page.next, listLoading: false });
    } catch (error) {
      if (generation === this.listGeneration) this.update({ listLoading: false });
      this.fail(error);
    }
  }

  async loadMore() {
    const { next, conversations } = this.state;
    if (!next || conversations.size >= MAX_ROWS) return;
    const generation = this.listGeneration;
    try {
      const page = await api.get(`/api/v1/conversations${this.listQuery(next)}`);
      if (generation !== this.listGeneration) return;
      const merged = new Map(this.state.conversations);
      page.items.forEach((conversation) => merged.set(conversation.id, conversation));
      this.rememberNames(page.items);
      this.update({ ...placed(merged), next: page.next });
    } catch (error) {
      this.fail(error);
    }
  }

  rememberNames(conversations) {
    const names = new Map(this.state.names);
    conversations.forEach((conversation) => conversation.customer && names.set(conversation.customerId, conversation.customer.name));
    this.update({ names });
    conversations.filter((conversation) => !names.has(conversation.customerId)).forEach((conversation) => this.fetchName(conversation.customerId));
  }

  customerName(customerId) {
    return this.state.names.get(customerId) || t('customer.unnamed');
  }

  /** Whether a conversation belongs in the list as filtered now. */
  matches(conversation) {
    const { view, status, queue, me, search } = this.state;
    if (search.trim()) return this.state.conversations.has(conversation.id); // a search's rows only change in place
    if (status && conversation.status !== status) return false;
    if (queue && conversation.queueId !== queue) return false;
    if (view === 'mine') return conversation.assigneeId === me.id;
    if (view === 'unassigned') return !conversation.assigneeId;
    return true;
  }

  /** A newer view of a conversation (from an event or an answer): placed, moved or removed. */
  applyConversation(conversation) {
    const known = this.state.conversations.get(conversation.id) || (this.state.thread?.conversation.id === conversation.id
      ? this.state.thread.conversation : null);
    if (known && at(known.updatedAt) > at(conversation.updatedAt)) return; // an older view arrived late
    const merged = { ...known, ...conversation, customer: conversation.customer ?? known?.customer };
    const conversations = new Map(this.state.conversations);
    if (this.matches(merged)) {
      conversations.set(merged.id, merged);
    } else {
      conversations.delete(merged.id);
    }
    const patch = placed(conversations);
    if (this.state.thread?.conversation.id === merged.id) patch.thread = { ...this.state.thread, conversation: merged };
    this.update(patch);
    if (!this.state.names.has(merged.customerId)) {
      if (this.inboxShown) this.fetchName(merged.customerId);
      else this.listStale = true; // the list's pages carry the names
    }
  }

  async fetchName(customerId) {
    const names = new Map(this.state.names);
    names.set(customerId, null); // asked once
    this.update({ names });
    try {
      const customer = await api.get(`/api/v1/customers/${customerId}`);
      this.update({ names: new Map(this.state.names).set(customerId, customer.name) });
    } catch {
      // erased or out of scope: the row stays "Unnamed customer"
    }
  }

  // The thread

  async open(id) {
    if (!id) {
      this.update({ openId: null, thread: null, viewers: [], suggestions: [] });
      this.live.view(null);
      return;
    }
    this.update({ openId: id, thread: { conversation: this.state.conversations.get(id) ?? null, messages: [], earlier: null, loading: true },
      viewers: [], suggestions: [], typing: new Map() });
    this.live.view(id);
    try {
      const [conversation, page] = await Promise.all([
        api.get(`/api/v1/conversations/${id}`),
        api.get(`/api/v1/conversations/${id}/messages${api.query({ order: 'desc', limit: THREAD_PAGE })}`),
      ]);
      if (this.state.openId !== id) return;
      const arrived = this.state.thread.messages; // live ones that came while the page loaded
      const messages = mergeMessages(page.items.reverse(), arrived);
      this.update({ thread: { conversation, messages, earlier: page.next, loading: false } });
      this.rememberNames([conversation]);
      this.markRead(conversation);
    } catch (error) {
      this.update({ thread: { ...this.state.thread, loading: false } });
      this.fail(error);
    }
  }

  async loadEarlier() {
    const thread = this.state.thread;
    if (!thread?.earlier || thread.loading) return;
    const id = thread.conversation.id;
    this.update({ thread: { ...thread, loading: true } });
    try {
      const page = await api.get(`/api/v1/conversations/${id}/messages${api.query({ order: 'desc', limit: THREAD_PAGE, cursor: thread.earlier })}`);
      if (this.state.openId !== id) return;
      const current = this.state.thread;
      this.update({ thread: { ...current, messages: mergeMessages(page.items.reverse(), current.messages), earlier: page.next, loading: false } });
    } catch (error) {
      this.update({ thread: { ...this.state.thread, loading: false } });
      this.fail(error);
    }
  }

  markRead(conversation) {
    this.live.send({ type: 'read', conversationId: conversation.id });
    const listed = this.state.conversations.get(conversation.id);
    if (listed?.unreadCount) {
      this.update({ conversations: new Map(this.state.conversations).set(conversation.id, { ...listed, unreadCount: 0 }) });
    }
  }

  /** Sends a reply (or a note); throws the API's error so the composer keeps the draft. */
  async write(text, { note = false, channel, attachmentIds = [] } = {}) {
    const id = this.state.openId;
    const files = attachmentIds.length ? { attachmentIds } : {};
    const message = await api.post(`/api/v1/conversations/${id}/messages`, note ? { text, private: true, ...files } : { text, channel, ...files });
    this.addMessage(message);
    return message;
  }

  addMessage(message) {
    const thread = this.state.thread;
    if (thread && thread.conversation.id === message.conversationId) {
      this.update({ thread: { ...thread, messages: mergeMessages(thread.messages, [message]) } });
    }
  }

  typing() {
    const now = Date.now();
    if (this.state.openId && (!this.lastTyping || now - this.lastTyping > 3_000)) {
      this.lastTyping = now;
      this.live.send({ type: 'typing', conversationId: this.state.openId });
    }
  }

  async act(promise) {
    try {
      const conversation = await promise;
      if (conversation?.id) this.applyConversation(conversation);
      return conversation;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  assign(agentId) {
    return this.act(api.post(`/api/v1/conversations/${this.state.openId}/assign`, { agentId: agentId || null }));
  }

  changeStatus(status, until) {
    return this.act(api.post(`/api/v1/conversations/${this.state.openId}/status`, until ? { status, until } : { status }));
  }

  /** Throws the API's error (the dialog shows it next to its field). */
  async escalate(priority, reason, queueId) {
    const id = this.state.openId;
    await api.post(`/api/v1/conversations/${id}/escalate`, { priority, reason: reason || undefined, queueId: queueId || undefined });
    this.applyConversation(await api.get(`/api/v1/conversations/${id}`));
  }

  async suggestionFeedback(suggestion, useful) {
    const id = this.state.openId;
    try {
      await api.post(`/api/v1/conversations/${id}/suggestions/feedback`, { kind: suggestion.kind, id: suggestion.id, useful });
      if (!useful) this.update({ suggestions: this.state.suggestions.filter((item) => item !== suggestion) });
    } catch (error) {
      this.fail(error);
    }
  }

  /** The text a suggestion puts into the reply: an article's body, an earlier answer's words. */
  async suggestionText(suggestion) {
    if (suggestion.kind !== 'article') return suggestion.snippet;
    try {
      return (await api.get(`/api/v1/kb/articles/${suggestion.articleId}`)).body;
    } catch {
      return suggestion.snippet;
    }
  }

  /** After a gap the socket cannot fill: what is on screen, loaded again. */
  reloadScreen() {
    this.tell({ type: 'reload' });
    this.loadList();
    if (this.state.openId) this.open(this.state.openId);
  }

  // Live

  onEvent(frame) {
    this.tell(frame);
    switch (frame.type) {
      case 'message.created':
      case 'message.updated':
        this.onMessage(frame.message);
        break;
      case 'conversation.created':
      case 'conversation.updated':
        this.applyConversation(frame.conversation);
        if (frame.type === 'conversation.updated' && frame.assigneeId === this.state.me.id && frame.previousAssigneeId !== frame.assigneeId) {
          this.notifyAssigned(frame.conversation);
        }
        break;
      case 'customer.updated':
      case 'customer.created':
        if (frame.customer) this.update({ names: new Map(this.state.names).set(frame.customer.id, frame.customer.name) });
        break;
      case 'call.incoming':
        this.update({ call: frame });
        break;
      case 'ticket.created':
      case 'ticket.updated':
        if (frame.ticket?.conversationId === this.state.openId) this.refreshOpen();
        break;
      default:
    }
  }

  onMessage(message) {
    this.addMessage(message);
    const listed = this.state.conversations.get(message.conversationId);
    if (listed) {
      const inbound = message.direction === 'inbound';
      const reading = this.state.openId === message.conversationId && document.visibilityState === 'visible';
      this.applyConversation({ ...listed, lastMessageAt: message.createdAt, updatedAt: listed.updatedAt,
        lastPreview: message.direction === 'note' || message.direction === 'system' ? listed.lastPreview : message.text,
        unreadCount: inbound && !reading ? (listed.unreadCount ?? 0) + 1 : listed.unreadCount });
      if (inbound && reading) this.live.send({ type: 'read', conversationId: message.conversationId });
    } else if (!this.inboxShown) {
      this.listStale = true;
    } else if (!this.state.search.trim()) {
      // Not on screen yet: fetched once and placed if it belongs here.
      api.get(`/api/v1/conversations/${message.conversationId}`).then((conversation) => this.applyConversation(conversation), () => {});
    }
  }

  async refreshOpen() {
    const id = this.state.openId;
    try {
      this.applyConversation(await api.get(`/api/v1/conversations/${id}`));
    } catch {
      // gone from view: nothing to refresh
    }
  }

  onSignal(frame) {
    this.tell(frame);
    const openId = this.state.openId;
    if (frame.type === 'viewers' && frame.conversationId === openId) {
      this.update({ viewers: frame.agents.filter((agent) => agent.id !== this.state.me.id) });
    } else if (frame.type === 'typing' && frame.conversationId === openId && frame.author?.type === 'agent') {
      const typing = new Map(this.state.typing).set(frame.author.id, Date.now() + TYPING_MS);
      this.update({ typing });
      setTimeout(() => this.update({ typing: new Map(this.state.typing) }), TYPING_MS + 50);
    } else if (frame.type === 'suggestions' && frame.conversationId === openId) {
      this.update({ suggestions: frame.items });
    }
  }

  notifyAssigned(conversation) {
    if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
      new Notification(t('notify.title'), { body: this.customerName(conversation.customerId), tag: conversation.id });
    }
  }
}

/**
 * An ISO time as milliseconds: compared as numbers, never as text (the hub writes `…:31Z` on a whole
 * second, which as text sorts after `…:31.999Z`).
 */
export function at(iso) {
  return iso ? Date.parse(iso) : 0;
}

/** The list's rows, newest activity first, at most MAX_ROWS; the map keeps only those (it does not grow over a shift). */
function placed(conversations) {
  const rows = [...conversations.values()]
    .sort((a, b) => at(b.lastMessageAt) - at(a.lastMessageAt) || b.id.localeCompare(a.id))
    .slice(0, MAX_ROWS);
  return { conversations: new Map(rows.map((conversation) => [conversation.id, conversation])), order: rows.map((row) => row.id) };
}

/** Messages by id, oldest first; a later copy of one (an update) replaces the earlier. */
function mergeMessages(first, second) {
  const byId = new Map();
  [...first, ...second].forEach((message) => byId.set(message.id, message));
  return [...byId.values()].sort((a, b) => at(a.createdAt) - at(b.createdAt) || a.id.localeCompare(b.id));
}
