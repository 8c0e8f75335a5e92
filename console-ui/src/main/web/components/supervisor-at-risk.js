// table "Tickets at risk": open tickets by their nearest unmet SLA due time, each linking to its
// conversation, with a select to reassign the ticket and its conversation to another agent.
import { html } from 'lit';
import { BoardElement } from './board-element.js';
import { board } from '../app/supervisor.js';
import { t } from '../app/i18n.js';
import { formatDue } from '../app/supervisor-format.js';

class SupervisorAtRisk extends BoardElement {
  watched(state) {
    return [state.atRisk, state.agents, state.queues];
  }

  connectedCallback() {
    super.connectedCallback();
    this.ticker = setInterval(() => this.requestUpdate(), 15_000); // "in 12 min" needs no finer clock
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  async reassign(ticket, select) {
    try {
      await board.reassign(ticket, select.value);
    } catch (error) {
      select.value = ticket.assigneeId ?? '';
      board.fail(error);
    }
  }

  render() {
    const { atRisk, agents } = this.state;
    const now = Date.now();
    return html`<table class="board-table" aria-labelledby="at-risk-title">
      <caption id="at-risk-title">${t('supervisor.risk.title')}</caption>
      <thead><tr>
        <th scope="col">${t('supervisor.risk.ticket')}</th>
        <th scope="col">${t('supervisor.risk.due')}</th>
        <th scope="col">${t('supervisor.risk.priority')}</th>
        <th scope="col">${t('supervisor.risk.queue')}</th>
        <th scope="col">${t('supervisor.risk.assignee')}</th>
      </tr></thead>
      <tbody>
        ${atRisk.length ? '' : html`<tr><td colspan="5" class="empty">${t('supervisor.risk.empty')}</td></tr>`}
        ${atRisk.map((ticket) => html`<tr>
          <th scope="row"><a href=${`#/conversations/${ticket.conversationId}`}>${t('supervisor.risk.number', { number: ticket.number })}</a>
            ${ticket.reason ? html`<span class="hint">${ticket.reason}</span>` : ''}</th>
          <td class=${ticket.due.breached || Date.parse(ticket.due.at) <= now ? 'bad' : 'warn'}>
            ${t(`supervisor.target.${ticket.due.target}`)}: ${formatDue(ticket.due.at, now)}</td>
          <td>${t(`priority.${ticket.priority}`)}</td>
          <td>${board.queueName(ticket.queueId) ?? t('supervisor.none')}</td>
          <td><select aria-label=${t('supervisor.risk.reassign', { number: ticket.number })} .value=${ticket.assigneeId ?? ''}
              @change=${(event) => this.reassign(ticket, event.target)}>
            <option value="" disabled ?selected=${!ticket.assigneeId}>${t('supervisor.risk.unassigned')}</option>
            ${agents.map((agent) => html`<option value=${agent.agentId} ?selected=${agent.agentId === ticket.assigneeId}>${agent.name}</option>`)}
          </select></td>
        </tr>`)}
      </tbody>
    </table>`;
  }
}

customElements.define('oh-supervisor-at-risk', SupervisorAtRisk);
