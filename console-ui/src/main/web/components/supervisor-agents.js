// table "Agents": presence (live from presence frames), open conversations and load against capacity
// per channel type (fetched again after assignments and status changes), and a select per agent to set
// their presence (its .value binding keeps it right after a change from elsewhere, which ?selected alone
// does not once the select was used).
import { html } from 'lit';
import { BoardElement } from './board-element.js';
import { board } from '../app/supervisor.js';
import { t, formatNumber } from '../app/i18n.js';
import { formatLoad } from '../app/supervisor-format.js';

const PRESENCES = ['online', 'away', 'offline'];

class SupervisorAgents extends BoardElement {
  watched(state) {
    return [state.agents];
  }

  async setPresence(agent, select) {
    try {
      await board.setPresence(agent.agentId, select.value);
    } catch (error) {
      select.value = agent.presence;
      board.fail(error);
    }
  }

  render() {
    const { agents } = this.state;
    return html`<table class="board-table" aria-labelledby="agents-title">
      <caption id="agents-title">${t('supervisor.agents.title')}</caption>
      <thead><tr>
        <th scope="col">${t('supervisor.agents.agent')}</th>
        <th scope="col">${t('supervisor.agents.presence')}</th>
        <th scope="col" class="number">${t('supervisor.agents.open')}</th>
        <th scope="col">${t('supervisor.agents.capacity')}</th>
        <th scope="col">${t('supervisor.agents.setPresence')}</th>
      </tr></thead>
      <tbody>
        ${agents.length ? '' : html`<tr><td colspan="5" class="empty">${t('supervisor.agents.empty')}</td></tr>`}
        ${agents.map((agent) => html`<tr>
          <th scope="row">${agent.name}</th>
          <td><span class="presence-dot ${agent.presence}"></span>${t(`presence.${agent.presence}`)}</td>
          <td class="number">${formatNumber(agent.openConversations ?? 0)}</td>
          <td>${formatLoad(agent)}</td>
          <td><select aria-label=${t('supervisor.agents.presenceOf', { name: agent.name })} .value=${agent.presence}
              @change=${(event) => this.setPresence(agent, event.target)}>
            ${PRESENCES.map((status) => html`<option value=${status} ?selected=${agent.presence === status}>${t(`presence.${status}`)}</option>`)}
          </select></td>
        </tr>`)}
      </tbody>
    </table>`;
  }
}

customElements.define('oh-supervisor-agents', SupervisorAgents);
