// The customer beside the thread: who they are on every channel, what they agreed to, who they might
// also be, and their timeline (every conversation and outside event, newest first): the agent who
// picks up today's call already sees yesterday's SMS and this morning's order.
import { html } from 'lit';
import { DeskElement, desk } from './base.js';
import { at } from '../app/desk.js';
import { formatTime, t } from '../app/i18n.js';
import { channelName } from '../app/labels.js';
import * as api from '../app/api.js';

const TIMELINE_SIZE = 20;

class CustomerPanel extends DeskElement {
  static properties = { customer: { state: true }, timeline: { state: true }, merges: { state: true } };

  watched(state) {
    return [Boolean(state.thread), state.thread?.conversation?.customerId];
  }

  willUpdate() {
    const customerId = this.state.thread?.conversation?.customerId ?? null;
    if (customerId !== this.customerId) {
      this.customerId = customerId;
      this.customer = null;
      this.timeline = [];
      this.merges = [];
      if (customerId) this.load(customerId);
    }
  }

  async load(customerId) {
    try {
      const [customer, conversations, events, merges] = await Promise.all([
        api.get(`/api/v1/customers/${customerId}`),
        api.get(`/api/v1/customers/${customerId}/conversations?limit=${TIMELINE_SIZE}`),
        api.get(`/api/v1/customers/${customerId}/timeline?limit=${TIMELINE_SIZE * 3}`),
        api.get(`/api/v1/merge-suggestions?customerId=${encodeURIComponent(customerId)}&status=open`).catch(() => ({ items: [] })),
      ]);
      if (customerId !== this.customerId) return;
      const items = [
        ...conversations.items.map((conversation) => ({ kind: 'conversation', at: conversation.lastMessageAt ?? conversation.createdAt, conversation })),
        ...events.items.filter((item) => item.kind === 'event').map((event) => ({ kind: 'event', at: event.at, event })),
      ].sort((a, b) => at(b.at) - at(a.at)).slice(0, TIMELINE_SIZE);
      this.customer = customer;
      this.timeline = items;
      this.merges = merges.items;
    } catch (error) {
      desk.fail(error);
    }
  }

  async acceptMerge(suggestion) {
    try {
      await api.post(`/api/v1/merge-suggestions/${suggestion.id}/accept`);
      this.customerId = undefined;
      this.requestUpdate();
    } catch (error) {
      desk.fail(error);
    }
  }

  render() {
    if (!this.state.thread) return html``;
    const customer = this.customer;
    const consent = customer?.consent?.marketing ?? {};
    return html`<aside aria-label=${t('panel.label')} class="customer-pane">
      <h2>${customer ? customer.name || t('customer.unnamed') : ''}</h2>
      <h3 id="identities-heading">${t('panel.identities')}</h3>
      <ul aria-label=${t('panel.identities')}>
        ${(customer?.identities ?? []).map((identity) => html`<li><span class="kind">${identity.kind}</span> ${identity.value}</li>`)}
      </ul>
      ${customer && Object.keys(customer.attributes ?? {}).length ? html`<h3>${t('panel.attributes')}</h3>
        <dl>${Object.entries(customer.attributes).map(([name, value]) => html`<dt>${name}</dt><dd>${String(value)}</dd>`)}</dl>` : ''}
      ${customer ? html`<h3>${t('panel.consent')}</h3>
        <p>${channelName('email')}: ${t(consent.email ? 'panel.consentYes' : 'panel.consentNo')} ·
          ${channelName('sms')}: ${t(consent.sms ? 'panel.consentYes' : 'panel.consentNo')}</p>` : ''}
      ${this.merges.map((suggestion) => html`<p class="merge">${t('panel.merge', { name: suggestion.identity.value })}
        <button type="button" @click=${() => this.acceptMerge(suggestion)}>${t('panel.acceptMerge', { name: suggestion.identity.value })}</button></p>`)}
      <h3>${t('panel.timeline')}</h3>
      <ul aria-label=${t('panel.timeline')} class="timeline">
        ${this.timeline.map((item) => this.item(item))}
      </ul>
    </aside>`;
  }

  item(item) {
    if (item.kind === 'event') {
      return html`<li class="event"><time datetime=${item.at}>${formatTime(item.at)}</time> ${item.event.title ?? item.event.type}</li>`;
    }
    const conversation = item.conversation;
    const channels = (conversation.channels ?? []).map(channelName).join(', ');
    return html`<li class="conversation"><time datetime=${item.at}>${formatTime(item.at)}</time>
      <a href="#/conversations/${conversation.id}">${t('panel.conversation', { channels, status: t(`status.${conversation.status}`) })}</a>
      ${conversation.lastPreview ? html`<span class="preview">${conversation.lastPreview}</span>` : ''}</li>`;
  }
}

customElements.define('oh-customer-panel', CustomerPanel);
