// The supervisor's live board (#/supervisor): queues, agents, tickets at risk, alerts and reports.
import { html } from 'lit';
import { DeskElement } from './base.js';
import { t } from '../app/i18n.js';

class SupervisorBoard extends DeskElement {
  watched() {
    return [];
  }

  render() {
    return html`<h1>${t('supervisor.heading')}</h1>`;
  }
}

customElements.define('oh-supervisor-board', SupervisorBoard);
