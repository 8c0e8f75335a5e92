// Admin › Campaigns (#/admin/campaigns): proactive messages with their figures (targeted, sent,
// delivered, failed, skipped by reason, replied), created through a dialog and cancelled while they
// wait or run. The figures are read when the page opens and on "Refresh counts" — no polling.
import { html, nothing } from 'lit';
import { DeskElement } from './base.js';
import * as api from '../app/api.js';
import { t, formatTime, formatNumber } from '../app/i18n.js';
import { channelName } from '../app/labels.js';
import { invalid, describedBy, fieldError, formError } from './form-fields.js';
import { splitList, narrowed, openDialog, closeDialog } from './admin-editing.js';

const FORM = 'campaign';
const FIELDS = ['name', 'channelId', 'purpose', 'audience', 'audience.tags', 'audience.attributes', 'text', 'sendAt', 'ratePerMinute'];
const COUNTS = ['targeted', 'sent', 'delivered', 'failed', 'skippedNoConsent', 'skippedOptedOut', 'skippedNoAddress', 'replied'];

/**
 * "plan=gold\ncity = Berlin" → {plan: 'gold', city: 'Berlin'}; numbers and true/false as such.
 * A line without "=" is kept whole as the key, so the API names it rather than it vanishing.
 */
export function parseAttributes(text) {
  const attributes = {};
  for (const line of String(text ?? '').split('\n')) {
    if (!line.trim()) continue;
    const at = line.indexOf('=');
    const key = (at < 0 ? line : line.slice(0, at)).trim();
    const raw = at < 0 ? '' : line.slice(at + 1).trim();
    attributes[key] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return attributes;
}

class AdminCampaigns extends DeskElement {
  static properties = {
    campaigns: { state: true },
    channels: { state: true },
    problem: { state: true },
    error: { state: true },
    saving: { state: true },
    refreshedAt: { state: true },
  };

  constructor() {
    super();
    /** @type {any[]|null} */
    this.campaigns = null;
    this.channels = [];
  }

  watched() {
    return [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.loadChannels();
  }

  async load() {
    try {
      this.campaigns = (await api.get('/api/v1/campaigns?limit=200')).items;
      this.refreshedAt = new Date().toISOString();
      this.problem = null;
    } catch (error) {
      this.problem = error;
    }
  }

  async loadChannels() {
    try {
      this.channels = (await api.get('/api/v1/channels?limit=200')).items;
    } catch (error) {
      this.problem = error;
    }
  }

  channelLabel(id) {
    const channel = this.channels.find((c) => c.id === id);
    return channel ? `${channel.name} (${channelName(channel.type)})` : id;
  }

  async add() {
    this.error = null;
    this.querySelector('dialog.campaign-editor form')?.reset();
    await openDialog(this, 'dialog.campaign-editor');
  }

  async save(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const text = (name) => String(form.get(name) ?? '').trim();
    const audience = {};
    const tags = splitList(text('tags'));
    if (tags.length) audience.tags = tags;
    const attributes = parseAttributes(text('attributes'));
    if (Object.keys(attributes).length) audience.attributes = attributes;
    const body = { name: text('name'), channelId: text('channelId'), purpose: text('purpose'), audience, text: String(form.get('text') ?? '') };
    // datetime-local is the browser's local time; the API takes an instant.
    if (text('sendAt')) body.sendAt = new Date(text('sendAt')).toISOString();
    if (text('ratePerMinute')) body.ratePerMinute = Number(text('ratePerMinute'));
    this.saving = true;
    try {
      await api.post('/api/v1/campaigns', body);
      closeDialog(this, 'dialog.campaign-editor');
      await this.load();
    } catch (error) {
      this.error = error;
      await this.updateComplete;
      this.querySelector('dialog.campaign-editor [aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
    }
  }

  async cancel(campaign) {
    if (!confirm(t('editors.campaigns.confirmCancel', { name: campaign.name }))) return;
    try {
      await api.post(`/api/v1/campaigns/${campaign.id}/cancel`);
    } catch (error) {
      this.problem = error;
    }
    await this.load();
  }

  render() {
    const campaigns = this.campaigns;
    return html`<section class="editor-page" aria-labelledby="campaigns-heading">
      <h2 id="campaigns-heading">${t('editors.campaigns.heading')}</h2>
      <div class="editor-toolbar">
        <button type="button" @click=${this.add}>${t('editors.campaigns.add')}</button>
        <button type="button" class="quiet" @click=${this.load}>${t('editors.campaigns.refresh')}</button>
        <span class="hint" role="status">${this.refreshedAt ? t('editors.campaigns.refreshedAt', { time: formatTime(this.refreshedAt) }) : ''}</span>
      </div>
      ${this.problem ? html`<p role="alert" class="error">${this.problem.message}</p>` : nothing}
      <div class="table-scroll">
      <table class="editor-table" aria-labelledby="campaigns-heading">
        <thead><tr>
          <th scope="col">${t('editors.campaigns.name')}</th><th scope="col">${t('editors.campaigns.channel')}</th>
          <th scope="col">${t('editors.campaigns.purpose')}</th><th scope="col">${t('editors.campaigns.status')}</th>
          <th scope="col">${t('editors.campaigns.sendAt')}</th>
          ${COUNTS.map((count) => html`<th scope="col" class="number">${t(`editors.campaigns.count.${count}`)}</th>`)}
          <th scope="col">${t('editors.common.actions')}</th>
        </tr></thead>
        <tbody>
          ${campaigns === null ? html`<tr><td colspan=${COUNTS.length + 6} class="empty">${t('editors.common.loading')}</td></tr>` : nothing}
          ${campaigns?.length === 0 ? html`<tr><td colspan=${COUNTS.length + 6} class="empty">${t('editors.campaigns.none')}</td></tr>` : nothing}
          ${(campaigns ?? []).map((campaign) => html`<tr>
            <th scope="row">${campaign.name}</th>
            <td>${this.channelLabel(campaign.channelId)}</td>
            <td>${t(`editors.campaigns.purpose.${campaign.purpose}`)}</td>
            <td>${t(`editors.campaigns.status.${campaign.status}`)}</td>
            <td>${campaign.sendAt ? html`<time datetime=${campaign.sendAt}>${formatTime(campaign.sendAt)}</time>` : t('editors.campaigns.now')}</td>
            ${COUNTS.map((count) => html`<td class="number">${formatNumber(campaign.counts?.[count] ?? 0)}</td>`)}
            <td>${campaign.status === 'scheduled' || campaign.status === 'running'
              ? html`<button type="button" class="quiet danger" @click=${() => this.cancel(campaign)}
                  aria-label=${t('editors.campaigns.cancelNamed', { name: campaign.name })}>${t('editors.campaigns.cancel')}</button>`
              : nothing}</td>
          </tr>`)}
        </tbody>
      </table>
      </div>
      ${this.renderEditor()}
    </section>`;
  }

  renderEditor() {
    const error = narrowed(this.error, FIELDS);
    const a = (name) => ({ invalid: invalid(error, name), described: describedBy(error, name, FORM) });
    const audienceError = error?.field === 'audience';
    return html`<dialog class="campaign-editor editor-wide" aria-labelledby="campaign-title">
      <form @submit=${this.save} novalidate>
        <h2 id="campaign-title">${t('editors.campaigns.add')}</h2>
        <label for="campaign-name">${t('editors.campaigns.name')}</label>
        <input id="campaign-name" name="name" maxlength="200" aria-invalid=${a('name').invalid} aria-describedby=${a('name').described}>
        ${fieldError(error, 'name', FORM)}
        <label for="campaign-channel">${t('editors.campaigns.channel')}</label>
        <select id="campaign-channel" name="channelId" aria-invalid=${a('channelId').invalid} aria-describedby=${a('channelId').described}>
          ${this.channels.map((channel) => html`<option value=${channel.id}>${channel.name} (${channelName(channel.type)})</option>`)}
        </select>
        ${fieldError(error, 'channelId', FORM)}
        <label for="campaign-purpose">${t('editors.campaigns.purpose')}</label>
        <select id="campaign-purpose" name="purpose" aria-invalid=${a('purpose').invalid} aria-describedby=${a('purpose').described}>
          <option value="service">${t('editors.campaigns.purpose.service')}</option>
          <option value="marketing">${t('editors.campaigns.purpose.marketing')}</option>
        </select>
        <p class="hint">${t('editors.campaigns.purposeHint')}</p>
        ${fieldError(error, 'purpose', FORM)}
        <fieldset aria-invalid=${a('audience').invalid} aria-describedby=${a('audience').described}>
          <legend>${t('editors.campaigns.audience')}</legend>
          <label for="campaign-tags">${t('editors.campaigns.tags')}</label>
          <input id="campaign-tags" name="tags" aria-invalid=${audienceError ? 'true' : a('audience.tags').invalid}
            aria-describedby=${audienceError ? a('audience').described : a('audience.tags').described}>
          ${fieldError(error, 'audience.tags', FORM)}
          <label for="campaign-attributes">${t('editors.campaigns.attributes')}</label>
          <textarea id="campaign-attributes" name="attributes" rows="2" placeholder="plan=gold"
            aria-invalid=${a('audience.attributes').invalid} aria-describedby=${a('audience.attributes').described}></textarea>
          <p class="hint">${t('editors.campaigns.audienceHint')}</p>
          ${fieldError(error, 'audience.attributes', FORM)} ${fieldError(error, 'audience', FORM)}
        </fieldset>
        <label for="campaign-text">${t('editors.campaigns.text')}</label>
        <textarea id="campaign-text" name="text" rows="4" maxlength="4000" aria-invalid=${a('text').invalid}
          aria-describedby=${a('text').described === nothing ? 'campaign-text-hint' : `campaign-text-hint ${a('text').described}`}></textarea>
        <p id="campaign-text-hint" class="hint">${t('editors.campaigns.textHint')}</p>
        ${fieldError(error, 'text', FORM)}
        <label for="campaign-send-at">${t('editors.campaigns.sendAt')}</label>
        <input id="campaign-send-at" name="sendAt" type="datetime-local" aria-invalid=${a('sendAt').invalid} aria-describedby=${a('sendAt').described}>
        ${fieldError(error, 'sendAt', FORM)}
        <label for="campaign-rate">${t('editors.campaigns.rate')}</label>
        <input id="campaign-rate" name="ratePerMinute" type="number" min="1" max="12000" placeholder="600"
          aria-invalid=${a('ratePerMinute').invalid} aria-describedby=${a('ratePerMinute').described}>
        ${fieldError(error, 'ratePerMinute', FORM)}
        ${formError(error, FIELDS)}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => closeDialog(this, 'dialog.campaign-editor')}>${t('editors.common.cancel')}</button>
          <button type="submit" ?disabled=${this.saving}>${t('editors.common.save')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

customElements.define('oh-admin-campaigns', AdminCampaigns);
