// The supervisor board's model: queues, agents, tickets at risk and alerts, loaded from the REST API and
// kept live by the desk's socket frames (queue.stats, presence, conversation.*, ticket.*, sla.*, alert.created).
// Figures that no frame carries (an agent's load, the tickets' due times) are fetched again after the
// events that change them, at most once per REFRESH_MS however many arrive: never polled.
import * as api from './api.js';
import { Store } from './store.js';

/** The least time between two fetches of the same figures (agents' load, tickets at risk). */
export const REFRESH_MS = 2_000;
/** The alerts region keeps the newest this many. */
export const MAX_ALERTS = 50;
/** The tickets-at-risk table shows the nearest this many. */
export const MAX_AT_RISK = 25;

/** @typedef {{queueId: string, name: string, waiting: number, longestWaitSeconds: number, averageWaitSeconds: number,
 *   slaAtRisk: number, slaBreached: number, agentsOnline: number, agentsAway: number, agentsBusy: number, receivedAt: number}} QueueFigures */
/** @typedef {{agentId: string, name: string, presence: string, queues: string[], load: Record<string, number>,
 *   capacity: Record<string, number>, openConversations: number}} AgentFigures */
/** @typedef {{key: string, kind: 'trending'|'rule'|'sla.warning'|'sla.breached', at: string, title?: string, count?: number,
 *   target?: string, dueAt?: string, ticketNumber?: number, conversationId?: string}} Alert */

export class SupervisorBoard {
  constructor() {
    this.store = new Store({
      loaded: false,
      /** @type {QueueFigures[]} by name */
      queues: [],
      /** @type {AgentFigures[]} by name */
      agents: [],
      /** @type {object[]} open tickets with an unmet due time, nearest first */
      atRisk: [],
      /** @type {Alert[]} newest first */
      alerts: [],
      error: null,
    });
    /** @type {Map<string, {status: string, at: number}>} the last presence frame per agent, so a fetch older than it does not undo it */
    this.presenceSeen = new Map();
    this.refreshers = {
      agents: throttled(() => this.loadAgents(), REFRESH_MS),
      tickets: throttled(() => this.loadTickets(), REFRESH_MS),
    };
  }

  get state() {
    return this.store.state;
  }

  update(patch) {
    this.store.update(patch);
  }

  fail(error) {
    this.update({ error: error?.message || String(error) });
  }

  /** Everything, from the API (at start and after a gap the socket could not fill). */
  async load() {
    await Promise.all([this.loadQueues(), this.loadAgents(), this.loadTickets(), this.loadAlerts()]);
    this.update({ loaded: true });
  }

  /** The queues' figures; a queue whose frame arrived while they were asked for keeps the frame's (newer) ones. */
  async loadQueues() {
    try {
      const asked = Date.now();
      const { items } = await api.get('/api/v1/supervisor/queues');
      const receivedAt = Date.now();
      const framed = new Map(this.state.queues.filter((queue) => queue.receivedAt >= asked).map((queue) => [queue.queueId, queue]));
      this.update({ queues: byName(items.map((queue) => framed.get(queue.queueId) ?? { ...queue, receivedAt })) });
    } catch (error) {
      this.fail(error);
    }
  }

  /** The agents' figures; a presence frame that arrived while they were asked for wins over the answer's. */
  async loadAgents() {
    try {
      const asked = Date.now();
      const { items } = await api.get('/api/v1/supervisor/agents');
      const agents = items.map((agent) => {
        const seen = this.presenceSeen.get(agent.agentId);
        return seen && seen.at >= asked ? { ...agent, presence: seen.status } : agent;
      });
      this.update({ agents: byName(agents) });
    } catch (error) {
      this.fail(error);
    }
  }

  async loadTickets() {
    try {
      const { items } = await api.get(`/api/v1/tickets${api.query({ status: 'open', limit: 200 })}`);
      const atRisk = items.map((ticket) => ({ ...ticket, due: nearestDue(ticket.sla) }))
        .filter((ticket) => ticket.due)
        .sort((a, b) => Date.parse(a.due.at) - Date.parse(b.due.at))
        .slice(0, MAX_AT_RISK);
      this.update({ atRisk });
      this.addBreaches(items);
    } catch (error) {
      this.fail(error);
    }
  }

  async loadAlerts() {
    try {
      const { items } = await api.get('/api/v1/alerts?limit=50');
      const live = this.state.alerts.filter((alert) => alert.kind.startsWith('sla.')); // SLA alarms are not stored alerts
      this.update({ alerts: newestFirst([...items.map(storedAlert), ...live]) });
    } catch (error) {
      this.fail(error);
    }
  }

  /** A frame of the desk's socket (see Desk.listen). */
  onFrame(frame) {
    switch (frame.type) {
      case 'queue.stats':
        this.applyQueue(frame);
        break;
      case 'presence':
        this.applyPresence(frame.agentId, frame.status);
        break;
      case 'conversation.updated':
        if ((frame.changes ?? []).some((change) => change === 'assignee' || change === 'status')) this.refreshers.agents();
        break;
      case 'ticket.created':
      case 'ticket.updated':
        this.refreshers.tickets();
        break;
      case 'sla.warning':
      case 'sla.breached':
        this.addAlert(slaAlert(frame));
        this.refreshers.tickets();
        break;
      case 'alert.created':
        if (frame.alert) this.addAlert(storedAlert(frame.alert));
        break;
      case 'reload':
        this.load();
        break;
      default:
    }
  }

  applyQueue(frame) {
    const { type, cursor, ...figures } = frame;
    const queue = { ...figures, receivedAt: Date.now() };
    const known = this.state.queues.some((each) => each.queueId === queue.queueId);
    const queues = known ? this.state.queues.map((each) => (each.queueId === queue.queueId ? queue : each)) : byName([...this.state.queues, queue]);
    this.update({ queues });
  }

  applyPresence(agentId, presence) {
    this.presenceSeen.set(agentId, { status: presence, at: Date.now() });
    if (!this.state.agents.some((agent) => agent.agentId === agentId)) {
      this.refreshers.agents(); // someone new: their figures come with the next fetch
      return;
    }
    this.update({ agents: this.state.agents.map((agent) => (agent.agentId === agentId ? { ...agent, presence } : agent)) });
  }

  /**
   * The breaches the open tickets record, as the alerts their frames made: a board opened (or reloaded)
   * after a breach still lists it. Warnings are not recorded; the tickets at risk show those tickets.
   */
  addBreaches(tickets) {
    const known = new Set(this.state.alerts.map((alert) => alert.key));
    const recorded = tickets.flatMap((ticket) => (ticket.sla?.breaches ?? []).map((breach) => slaAlert({ type: 'sla.breached',
      sla: { ticket: { id: ticket.id, number: ticket.number }, conversationId: ticket.conversationId, target: breach.target,
        dueAt: breach.dueAt, at: breach.at } })));
    const fresh = recorded.filter((alert) => !known.has(alert.key));
    if (fresh.length) this.update({ alerts: newestFirst([...this.state.alerts, ...fresh]) });
  }

  addAlert(alert) {
    const alerts = newestFirst([alert, ...this.state.alerts.filter((each) => each.key !== alert.key)]);
    this.update({ alerts });
  }

  // Actions: each throws the API's error for the caller to show.

  async setPresence(agentId, status) {
    const agent = await api.put(`/api/v1/agents/${agentId}/presence`, { status });
    this.applyPresence(agentId, agent.presence ?? status);
  }

  /** The queue's members are exactly `agentIds`; the agents' figures (their queues) follow. */
  async setMembers(queueId, agentIds) {
    await api.put(`/api/v1/queues/${queueId}/agents`, { agentIds });
    const members = new Set(agentIds);
    this.update({
      agents: this.state.agents.map((agent) => {
        const others = (agent.queues ?? []).filter((id) => id !== queueId);
        return { ...agent, queues: members.has(agent.agentId) ? [...others, queueId] : others };
      }),
    });
  }

  /**
   * A ticket's conversation to another agent, and the ticket with it: the conversation's assignment
   * (POST …/assign) is what routes it; the ticket keeps its own assignee, which the board shows.
   */
  async reassign(ticket, agentId) {
    await api.post(`/api/v1/conversations/${ticket.conversationId}/assign`, { agentId });
    await api.patch(`/api/v1/tickets/${ticket.number}`, { assigneeId: agentId });
    this.refreshers.tickets();
    this.refreshers.agents();
  }

  agentName(agentId) {
    return this.state.agents.find((agent) => agent.agentId === agentId)?.name;
  }

  queueName(queueId) {
    return this.state.queues.find((queue) => queue.queueId === queueId)?.name;
  }
}

/**
 * A ticket's nearest unmet due time: the first response until it was given, the next response while one
 * is owed, the resolution; null for a ticket with no SLA.
 * @returns {{target: string, at: string, breached: boolean}|null}
 */
export function nearestDue(sla) {
  if (!sla) return null;
  const candidates = [];
  if (!sla.firstRespondedAt && sla.firstResponseDueAt) candidates.push({ target: 'firstResponse', at: sla.firstResponseDueAt });
  if (sla.nextResponseDueAt) candidates.push({ target: 'nextResponse', at: sla.nextResponseDueAt });
  if (sla.resolutionDueAt) candidates.push({ target: 'resolution', at: sla.resolutionDueAt });
  if (!candidates.length) return null;
  const nearest = candidates.reduce((a, b) => (Date.parse(a.at) <= Date.parse(b.at) ? a : b));
  const breached = (sla.breaches ?? []).some((breach) => breach.target === nearest.target && breach.dueAt === nearest.at)
    || Date.parse(nearest.at) <= Date.now();
  return { ...nearest, breached };
}

/** A stored alert (GET /api/v1/alerts, `alert.created`): a trending question, or a rule's `notify` about one conversation. */
function storedAlert(alert) {
  const rule = alert.type === 'rule';
  return { key: `alert:${alert.id}`, kind: rule ? 'rule' : 'trending', at: alert.at, title: alert.title, count: alert.count,
    customers: alert.customers?.length ?? 0, conversationId: rule ? alert.examples?.[0]?.conversationId : undefined };
}

function slaAlert(frame) {
  const sla = frame.sla ?? {};
  return {
    key: `${frame.type}:${sla.ticket?.id ?? sla.conversationId}:${sla.target}:${Date.parse(sla.dueAt)}`, // the instant, however written
    kind: frame.type,
    at: sla.at ?? new Date().toISOString(),
    target: sla.target,
    dueAt: sla.dueAt,
    ticketNumber: sla.ticket?.number,
    conversationId: sla.conversationId,
  };
}

function newestFirst(alerts) {
  return alerts.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, MAX_ALERTS);
}

function byName(items) {
  return [...items].sort((a, b) => String(a.name).localeCompare(String(b.name)) || String(a.queueId ?? a.agentId).localeCompare(String(b.queueId ?? b.agentId)));
}

/**
 * `run` at once, then at most once per `ms`: calls in between are folded into one run at the end of the
 * window, so the last event's change is always fetched.
 */
export function throttled(run, ms) {
  let last = 0;
  let timer = null;
  return () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      run();
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      run();
    }, wait);
  };
}

export const board = new SupervisorBoard();
