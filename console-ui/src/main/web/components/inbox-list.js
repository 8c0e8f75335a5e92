// The inbox list: views as tabs, a status filter, server-side search, and the conversations, newest
// activity first, paged from the API and never more than MAX_ROWS rows in the page.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { DeskElement, desk } from './base.js';
import { MAX_ROWS } from '../app/desk.js';
import { formatTime, t } from '../app/i18n.js';
import { channelName } from '../app/labels.js';

const VIEWS = ['mine', 'unassigned', 'all'];
const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'];
const SEARCH_DELAY_MS = 250;

class InboxList extends DeskElement {
  watched(state) {
    return [state.order, state.conversations, state.openId, state.names, state.view, state.status, state.queue, state.queues,
      state.next, state.listLoading];
  }

  /** Moves the open conversation by one row (Alt+↓ / Alt+↑). */
  step(by) {
    const { order, openId } = this.state;
    if (!order.length) return;
    const at = order.indexOf(openId);
    const next = order[Math.max(0, Math.min(order.length - 1, at < 0 ? 0 : at + by))];
    location.hash = `#/conversations/${next}`;
    this.updateComplete.then(() => this.querySelector(`a[data-id="${CSS.escape(next)}"]`)?.focus());
  }

  tabKey(event) {
    const at = VIEWS.indexOf(this.state.view);
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: VIEWS.length - 1 - at };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const view = VIEWS[(at + moves[event.key] + VIEWS.length) % VIEWS.length];
    desk.filter({ view });
    this.updateComplete.then(() => this.querySelector(`#view-${view}`)?.focus());
  }

  searchInput(event) {
    clearTimeout(this.searchTimer);
    const value = event.target.value;
    this.searchTimer = setTimeout(() => desk.filter({ search: value }), SEARCH_DELAY_MS);
  }

  render() {
    const { view, status, order, conversations, next, listLoading } = this.state;
    return html`<section class="list-pane">
      <div role="tablist" aria-label=${t('views.label')} @keydown=${this.tabKey}>
        ${VIEWS.map((name) => html`<button type="button" role="tab" id="view-${name}" aria-selected=${String(view === name)}
          aria-controls="conversations" tabindex=${view === name ? '0' : '-1'} @click=${() => desk.filter({ view: name })}>${t(`views.${name}`)}</button>`)}
      </div>
      <div class="filters">
        <label for="status-filter" class="visually-hidden">${t('status.label')}</label>
        <select id="status-filter" @change=${(event) => desk.filter({ status: event.target.value })}>
          ${STATUSES.map((name) => html`<option value=${name} ?selected=${status === name}>${t(`status.${name}`)}</option>`)}
        </select>
        <label for="queue-filter" class="visually-hidden">${t('queue.label')}</label>
        <select id="queue-filter" @change=${(event) => desk.filter({ queue: event.target.value })}>
          <option value="" ?selected=${!this.state.queue}>${t('queue.all')}</option>
          ${this.state.queues.map((queue) => html`<option value=${queue.id} ?selected=${this.state.queue === queue.id}>${queue.name}</option>`)}
        </select>
        <label for="search-conversations" class="visually-hidden">${t('search.label')}</label>
        <input id="search-conversations" type="search" maxlength="200" placeholder=${t('search.label')} @input=${this.searchInput}>
      </div>
      <ul id="conversations" role="list" aria-label=${t('list.label')} aria-busy=${String(listLoading)}>
        ${repeat(order, (id) => id, (id) => this.row(conversations.get(id)))}
      </ul>
      ${!order.length && !listLoading ? html`<p class="empty">${t('list.empty')}</p>` : ''}
      ${next && order.length < MAX_ROWS ? html`<button type="button" class="more" @click=${() => desk.loadMore()}>${t('list.loadMore')}</button>` : ''}
      ${next && order.length >= MAX_ROWS ? html`<p class="hint">${t('list.limit', { count: MAX_ROWS })}</p>` : ''}
    </section>`;
  }

  row(conversation) {
    const unread = conversation.unreadCount ?? 0;
    const open = this.state.openId === conversation.id;
    return html`<li class=${open ? 'open' : ''}>
      <a href="#/conversations/${conversation.id}" data-id=${conversation.id} aria-current=${open ? 'true' : 'false'}>
        <span class="who">${desk.customerName(conversation.customerId)}</span>
        <span class="channel">${t('list.via', { channel: channelName(conversation.lastChannelType ?? conversation.channels?.at(-1)) })}</span>
        ${unread ? html`<span class="unread">${t('list.unread', { count: unread })}</span>` : ''}
        <span class="preview">${conversation.lastPreview ?? ''}</span>
        <time datetime=${conversation.lastMessageAt ?? ''}>${formatTime(conversation.lastMessageAt)}</time>
      </a>
    </li>`;
  }
}

customElements.define('oh-inbox-list', InboxList);
