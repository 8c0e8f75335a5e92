// The incoming-call pop (call.incoming): who is calling, and one button to open their conversation.
import { html } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';

class CallPop extends DeskElement {
  watched(state) {
    return [state.call];
  }

  updated() {
    if (this.state.call) this.querySelector('#call-open')?.focus();
  }

  openCall() {
    const call = this.state.call;
    desk.update({ call: null });
    if (call.conversation?.id) location.hash = `#/conversations/${call.conversation.id}`;
  }

  render() {
    const call = this.state.call;
    if (!call) return html``;
    const caller = call.customer?.name ? `${call.customer.name} (${call.from})` : call.from;
    return html`<div role="alertdialog" aria-labelledby="call-title" aria-describedby="call-from" class="call-pop">
      <h2 id="call-title">${t('call.label')}</h2>
      <p id="call-from">${t('call.from', { caller })}</p>
      <button type="button" id="call-open" @click=${this.openCall}>${t('call.open')}</button>
      <button type="button" class="quiet" @click=${() => desk.update({ call: null })}>${t('call.dismiss')}</button>
    </div>`;
  }
}

customElements.define('oh-call-pop', CallPop);
