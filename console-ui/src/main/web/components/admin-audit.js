// Admin › Audit: the audit trail (GET /api/v1/audit), newest first, filtered by actor, action, customer
// and time, a page at a time.
import { html, nothing } from 'lit';
import { DeskElement } from './base.js';
import * as api from '../app/api.js';
import { t } from '../app/i18n.js';
import { everyPage } from '../app/admin/agents.js';

const ACTIONS = ['login.succeeded', 'login.failed', 'customer.read', 'conversation.read', 'customer.merged', 'customer.unmerged'];
const PAGE = 50;

class AdminAudit extends DeskElement {
  static properties = {
    rows: { state: true },
    next: { state: true },
    agents: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.rows = null;
    this.next = null;
    this.agents = [];
    this.filter = {};
  }

  watched() {
    return [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    everyPage('/api/v1/agents').then((agents) => { this.agents = agents; }).catch(() => {});
  }

  async load(cursor = null) {
    try {
      const page = await api.get(`/api/v1/audit${api.query({ ...this.filter, limit: PAGE, cursor })}`);
      this.rows = cursor ? [...this.rows, ...page.items] : page.items;
      this.next = page.next ?? null;
      this.error = null;
    } catch (error) {
      this.error = error;
    }
  }

  applyFilter(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const text = (name) => String(form.get(name) ?? '').trim();
    const time = (name) => (text(name) ? new Date(text(name)).toISOString() : '');
    this.filter = { actor: text('actor'), action: text('action'), customerId: text('customerId'), from: time('from'), to: time('to') };
    this.load();
  }

  render() {
    return html`
      <div class="admin-head"><h2 id="audit-title">${t('admin.nav.audit')}</h2></div>
      <form class="admin-filters" @submit=${this.applyFilter} aria-label=${t('admin.audit.filters')}>
        <div class="field"><label for="audit-actor">${t('admin.audit.actor')}</label>
          <select id="audit-actor" name="actor">
            <option value="">${t('admin.audit.anyone')}</option>
            ${this.agents.map((agent) => html`<option value=${agent.id}>${agent.name}</option>`)}
          </select></div>
        <div class="field"><label for="audit-action">${t('admin.audit.action')}</label>
          <input id="audit-action" name="action" list="audit-actions" autocomplete="off">
          <datalist id="audit-actions">${ACTIONS.map((action) => html`<option value=${action}></option>`)}</datalist></div>
        <div class="field"><label for="audit-customer">${t('admin.audit.customer')}</label>
          <input id="audit-customer" name="customerId" autocomplete="off"></div>
        <div class="field"><label for="audit-from">${t('admin.audit.from')}</label>
          <input id="audit-from" name="from" type="datetime-local"></div>
        <div class="field"><label for="audit-to">${t('admin.audit.to')}</label>
          <input id="audit-to" name="to" type="datetime-local"></div>
        <button type="submit">${t('admin.audit.apply')}</button>
      </form>
      ${this.error ? html`<p role="alert" class="error">${this.error.message}</p>` : nothing}
      ${this.rows === null ? html`<p class="hint">${t('admin.loading')}</p>` : html`<div class="table-wrap">
        <table class="admin-table" aria-labelledby="audit-title">
          <thead><tr>
            <th scope="col">${t('admin.audit.time')}</th><th scope="col">${t('admin.audit.actor')}</th>
            <th scope="col">${t('admin.audit.action')}</th><th scope="col">${t('admin.audit.target')}</th>
            <th scope="col">${t('admin.audit.customer')}</th><th scope="col">${t('admin.audit.address')}</th>
          </tr></thead>
          <tbody>
            ${this.rows.length === 0 ? html`<tr><td colspan="6" class="empty">${t('admin.empty')}</td></tr>` : nothing}
            ${this.rows.map((entry) => html`<tr>
              <td><time datetime=${entry.at}>${new Date(entry.at).toLocaleString(document.documentElement.lang)}</time></td>
              <td>${entry.actor?.name ?? entry.actor?.id ?? entry.actor?.type ?? ''}</td>
              <td>${entry.action}</td>
              <td>${[entry.target?.type, entry.target?.id].filter(Boolean).join(' ')}</td>
              <td>${entry.customerId ?? ''}</td>
              <td>${entry.ip ?? ''}</td>
            </tr>`)}
          </tbody>
        </table></div>`}
      ${this.next ? html`<button type="button" class="more" @click=${() => this.load(this.next)}>${t('admin.more')}</button>` : nothing}`;
  }
}

customElements.define('oh-admin-audit', AdminAudit);
