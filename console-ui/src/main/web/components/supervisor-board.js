// The supervisor's live board (#/supervisor): queues, agents, tickets at risk, alerts and reports. The
// board's model (app/supervisor.js) loads when the page opens and follows the desk's socket frames
// while it is shown; a `reload` frame (a gap the socket could not fill) loads it again.
import '../app/texts-supervisor.js'; // first: the board's texts before any of its elements renders
import { html } from 'lit';
import { BoardElement } from './board-element.js';
import { desk } from './base.js';
import { board } from '../app/supervisor.js';
import { t } from '../app/i18n.js';
import './supervisor-queues.js';
import './supervisor-agents.js';
import './supervisor-at-risk.js';
import './supervisor-alerts.js';
import './supervisor-reports.js';

class SupervisorBoardPage extends BoardElement {
  watched(state) {
    return [state.error, state.loaded];
  }

  connectedCallback() {
    super.connectedCallback();
    this.unlisten = desk.listen((frame) => board.onFrame(frame));
    board.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unlisten?.();
  }

  render() {
    const { error, loaded } = this.state;
    return html`<h1>${t('supervisor.heading')}</h1>
      ${error ? html`<div role="alert" class="banner error">${error}
        <button type="button" class="quiet" @click=${() => board.update({ error: null })}>${t('supervisor.dismiss')}</button></div>` : ''}
      <div class="board" aria-busy=${loaded ? 'false' : 'true'}>
        <oh-supervisor-queues class="board-wide"></oh-supervisor-queues>
        <oh-supervisor-agents></oh-supervisor-agents>
        <oh-supervisor-alerts></oh-supervisor-alerts>
        <oh-supervisor-at-risk class="board-wide"></oh-supervisor-at-risk>
        <oh-supervisor-reports class="board-wide"></oh-supervisor-reports>
      </div>`;
  }
}

customElements.define('oh-supervisor-board', SupervisorBoardPage);
