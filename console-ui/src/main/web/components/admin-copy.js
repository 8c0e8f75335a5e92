// A value to take elsewhere (a new token, a signing secret, the widget's script tag): a read-only textbox
// showing it and a button copying it to the clipboard, with a status saying it was copied.
import { html, LitElement, nothing } from 'lit';
import { t } from '../app/i18n.js';

let counter = 0;

class AdminCopy extends LitElement {
  static properties = {
    label: { attribute: false },
    value: { attribute: false },
    copyLabel: { attribute: false },
    copied: { state: true },
  };

  constructor() {
    super();
    this.fieldId = `copy-${++counter}`;
    this.copied = null;
  }

  createRenderRoot() {
    return this;
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.value);
      this.copied = t('admin.copied');
    } catch {
      // Without clipboard access the text stays selected in its box, for Ctrl+C.
      this.querySelector('input, textarea')?.select();
      this.copied = t('admin.copyFailed');
    }
  }

  render() {
    const long = this.value.length > 80;
    return html`<div class="field copy">
      <label for=${this.fieldId}>${this.label}</label>
      ${long
        ? html`<textarea id=${this.fieldId} readonly rows="3" .value=${this.value} @focus=${(event) => event.target.select()}></textarea>`
        : html`<input id=${this.fieldId} readonly .value=${this.value} @focus=${(event) => event.target.select()}>`}
      <button type="button" @click=${() => this.copy()}>${this.copyLabel}</button>
      <span role="status">${this.copied ?? nothing}</span>
    </div>`;
  }
}

customElements.define('oh-admin-copy', AdminCopy);
