// Admin › Privacy (#/admin/privacy): the privacy settings (GET/PUT /api/v1/settings/privacy) — which
// customer attributes are kept encrypted and the least role that sees them in clear.
import { html, nothing } from 'lit';
import { DeskElement } from './base.js';
import * as api from '../app/api.js';
import { t } from '../app/i18n.js';
import { invalid, describedBy, fieldError, formError } from './form-fields.js';
import { splitList, joinList, narrowed } from './admin-editing.js';

const FORM = 'privacy';
const FIELDS = ['sensitiveAttributes', 'sensitiveAttributesVisibleTo'];
const ROLES = ['agent', 'supervisor', 'admin'];

class AdminPrivacy extends DeskElement {
  static properties = {
    settings: { state: true },
    problem: { state: true },
    error: { state: true },
    saving: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    this.settings = null;
  }

  watched() {
    return [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.settings = await api.get('/api/v1/settings/privacy');
      this.problem = null;
    } catch (error) {
      this.problem = error;
    }
  }

  async save(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = {
      sensitiveAttributes: splitList(form.get('sensitiveAttributes')),
      sensitiveAttributesVisibleTo: String(form.get('sensitiveAttributesVisibleTo')),
    };
    this.saving = true;
    this.notice = '';
    try {
      this.settings = await api.put('/api/v1/settings/privacy', body);
      this.error = null;
      this.notice = t('editors.privacy.saved');
    } catch (error) {
      this.error = error;
      await this.updateComplete;
      this.querySelector('[aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
    }
  }

  render() {
    const settings = this.settings;
    const error = narrowed(this.error, FIELDS);
    const hinted = (name, hint) => {
      const described = describedBy(error, name, FORM);
      return described === nothing ? hint : `${hint} ${described}`;
    };
    return html`<section class="editor-page" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">${t('editors.privacy.heading')}</h2>
      ${this.problem ? html`<p role="alert" class="error">${this.problem.message}</p>` : nothing}
      ${settings === null ? html`<p class="hint">${t('editors.common.loading')}</p>` : html`
        <form class="settings-form" aria-labelledby="privacy-heading" @submit=${this.save} novalidate>
          <label for="privacy-attributes">${t('editors.privacy.attributes')}</label>
          <textarea id="privacy-attributes" name="sensitiveAttributes" rows="3" .value=${joinList(settings.sensitiveAttributes)}
            aria-invalid=${invalid(error, 'sensitiveAttributes')}
            aria-describedby=${hinted('sensitiveAttributes', 'privacy-attributes-hint')}></textarea>
          <p id="privacy-attributes-hint" class="hint">${t('editors.privacy.attributesHint')}</p>
          ${fieldError(error, 'sensitiveAttributes', FORM)}
          <label for="privacy-visible-to">${t('editors.privacy.visibleTo')}</label>
          <select id="privacy-visible-to" name="sensitiveAttributesVisibleTo" aria-invalid=${invalid(error, 'sensitiveAttributesVisibleTo')}
            aria-describedby=${hinted('sensitiveAttributesVisibleTo', 'privacy-visible-hint')}>
            ${ROLES.map((role) => html`<option value=${role} ?selected=${(settings.sensitiveAttributesVisibleTo ?? 'supervisor') === role}>
              ${t(`editors.privacy.role.${role}`)}</option>`)}
          </select>
          <p id="privacy-visible-hint" class="hint">${t('editors.privacy.visibleToHint')}</p>
          ${fieldError(error, 'sensitiveAttributesVisibleTo', FORM)}
          ${formError(error, FIELDS)}
          <div class="buttons">
            <button type="submit" ?disabled=${this.saving}>${t('editors.common.save')}</button>
          </div>
          <p role="status" class="notice">${this.notice ?? ''}</p>
        </form>`}
    </section>`;
  }
}

customElements.define('oh-admin-privacy', AdminPrivacy);
