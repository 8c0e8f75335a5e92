// region "Alerts": trending questions, rules' notices, SLA warnings and breaches, newest first, the newest MAX_ALERTS.
import { html } from 'lit';
import { BoardElement } from './board-element.js';
import { t, formatTime } from '../app/i18n.js';

class SupervisorAlerts extends BoardElement {
  watched(state) {
    return [state.alerts];
  }

  render() {
    const { alerts } = this.state;
    return html`<section class="board-panel alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">${t('supervisor.alerts.title')}</h2>
      ${alerts.length ? html`<ul>
        ${alerts.map((alert) => html`<li class=${alert.kind === 'sla.breached' ? 'bad' : alert.kind === 'sla.warning' ? 'warn' : ''}>
          <time datetime=${alert.at}>${formatTime(alert.at)}</time> ${text(alert)}
          ${alert.conversationId ? html`<a href=${`#/conversations/${alert.conversationId}`}>${t('supervisor.alerts.open')}</a>` : ''}
        </li>`)}
      </ul>` : html`<p class="empty">${t('supervisor.alerts.empty')}</p>`}
    </section>`;
  }
}

function text(alert) {
  if (alert.kind === 'rule') return t('supervisor.alerts.rule', { title: alert.title ?? '' });
  if (alert.kind === 'trending') return t('supervisor.alerts.trending', { title: alert.title ?? '', count: alert.count ?? 0, customers: alert.customers ?? 0 });
  const what = alert.ticketNumber ? t('supervisor.risk.number', { number: alert.ticketNumber }) : t('supervisor.alerts.conversation');
  const key = alert.kind === 'sla.breached' ? 'supervisor.alerts.breached' : 'supervisor.alerts.warning';
  return t(key, { target: t(`supervisor.target.${alert.target}`), what, due: formatTime(alert.dueAt) });
}

customElements.define('oh-supervisor-alerts', SupervisorAlerts);
