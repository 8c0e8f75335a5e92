// table "Queues": each queue's waiting line and agents, live from queue.stats frames; the longest wait
// ticks on locally between frames. A button per queue opens a dialog to choose its members.
import { html } from 'lit';
import { BoardElement } from './board-element.js';
import { board } from '../app/supervisor.js';
import { t, formatNumber } from '../app/i18n.js';
import { formatDuration } from '../app/supervisor-format.js';

class SupervisorQueues extends BoardElement {
  static properties = { now: { state: true }, editing: { state: true }, error: { state: true }, saving: { state: true } };

  watched(state) {
    return [state.queues, state.agents];
  }

  constructor() {
    super();
    this.now = Date.now();
    this.editing = null;
  }

  connectedCallback() {
    super.connectedCallback();
    // Only while someone waits does the clock change anything on screen.
    this.ticker = setInterval(() => {
      if (board.state.queues.some((queue) => queue.waiting > 0)) this.now = Date.now();
    }, 1_000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  longestWait(queue) {
    if (!queue.waiting) return 0;
    return queue.longestWaitSeconds + Math.max(0, (this.now - queue.receivedAt) / 1000);
  }

  openMembers(queue) {
    this.editing = queue;
    this.error = null;
    this.updateComplete.then(() => this.querySelector('#queue-members')?.showModal());
  }

  async saveMembers(event) {
    event.preventDefault();
    const agentIds = [...event.target.querySelectorAll('input[name="agentId"]:checked')].map((input) => input.value);
    this.saving = true;
    try {
      await board.setMembers(this.editing.queueId, agentIds);
      this.querySelector('#queue-members').close();
      this.editing = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.saving = false;
    }
  }

  render() {
    const { queues } = this.state;
    return html`<table class="board-table" aria-labelledby="queues-title">
      <caption id="queues-title">${t('supervisor.queues.title')}</caption>
      <thead><tr>
        <th scope="col">${t('supervisor.queues.queue')}</th>
        <th scope="col" class="number">${t('supervisor.queues.waiting')}</th>
        <th scope="col" class="number">${t('supervisor.queues.longestWait')}</th>
        <th scope="col" class="number">${t('supervisor.queues.slaAtRisk')}</th>
        <th scope="col" class="number">${t('supervisor.queues.slaBreached')}</th>
        <th scope="col" class="number">${t('supervisor.queues.agentsOnline')}</th>
        <th scope="col" class="number">${t('supervisor.queues.agentsAway')}</th>
        <th scope="col" class="number">${t('supervisor.queues.busy')}</th>
        <th scope="col">${t('supervisor.queues.members')}</th>
      </tr></thead>
      <tbody>
        ${queues.length ? '' : html`<tr><td colspan="9" class="empty">${t('supervisor.queues.empty')}</td></tr>`}
        ${queues.map((queue) => html`<tr>
          <th scope="row">${queue.name}</th>
          <td class="number">${formatNumber(queue.waiting)}</td>
          <td class="number">${queue.waiting ? formatDuration(this.longestWait(queue)) : t('supervisor.none')}</td>
          <td class="number ${queue.slaAtRisk ? 'warn' : ''}">${formatNumber(queue.slaAtRisk)}</td>
          <td class="number ${queue.slaBreached ? 'bad' : ''}">${formatNumber(queue.slaBreached)}</td>
          <td class="number">${formatNumber(queue.agentsOnline)}</td>
          <td class="number">${formatNumber(queue.agentsAway)}</td>
          <td class="number">${formatNumber(queue.agentsBusy)}</td>
          <td><button type="button" class="quiet" @click=${() => this.openMembers(queue)}>${t('supervisor.members.open', { queue: queue.name })}</button></td>
        </tr>`)}
      </tbody>
    </table>
    ${this.membersDialog()}`;
  }

  membersDialog() {
    const queue = this.editing;
    const agents = this.state.agents;
    return html`<dialog id="queue-members" aria-labelledby="queue-members-title" @close=${() => { this.editing = null; }}>
      ${queue ? html`<form @submit=${this.saveMembers}>
        <h2 id="queue-members-title">${t('supervisor.members.title', { queue: queue.name })}</h2>
        <fieldset class="members">
          <legend>${t('supervisor.members.legend')}</legend>
          ${agents.map((agent) => html`<label class="check">
            <input type="checkbox" name="agentId" value=${agent.agentId} .checked=${(agent.queues ?? []).includes(queue.queueId)}>
            ${agent.name}</label>`)}
        </fieldset>
        ${this.error ? html`<p role="alert" class="error">${this.error.message}</p>` : ''}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => this.querySelector('#queue-members').close()}>${t('supervisor.cancel')}</button>
          <button type="submit" ?disabled=${this.saving}>${t('supervisor.save')}</button>
        </div>
      </form>` : ''}
    </dialog>`;
  }
}

customElements.define('oh-supervisor-queues', SupervisorQueues);
