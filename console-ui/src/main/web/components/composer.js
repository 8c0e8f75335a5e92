// The composer: a reply on the customer's channel (a choice where they used several) or a private
// note; "/" at the start offers canned responses; Ctrl/Cmd+Enter sends; a failed send keeps the text.
import { html, nothing } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';
import { channelName } from '../app/labels.js';
import * as api from '../app/api.js';

/** Drafts by conversation and mode, so switching conversations loses nothing typed. */
const drafts = new Map();

class Composer extends DeskElement {
  static properties = { mode: { state: true }, error: { state: true }, sending: { state: true }, canned: { state: true },
    active: { state: true } };

  constructor() {
    super();
    this.mode = 'reply';
    this.canned = null; // the canned responses offered, or null when the list is closed
    this.active = 0;
  }

  willUpdate() {
    if (this.shownFor !== this.state.openId) {
      this.shownFor = this.state.openId; // another conversation: its own draft, no stale error or list
      this.error = null;
      this.canned = null;
    }
  }

  get conversation() {
    return this.state.thread?.conversation;
  }

  get draftKey() {
    return `${this.state.openId}:${this.mode}`;
  }

  get box() {
    return this.querySelector('textarea');
  }

  switchMode(mode) {
    this.mode = mode;
    this.canned = null;
    this.error = null;
    this.updateComplete.then(() => this.box?.focus());
  }

  tabKey(event) {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      this.switchMode(this.mode === 'reply' ? 'note' : 'reply');
      this.updateComplete.then(() => this.querySelector(`#composer-${this.mode}-tab`)?.focus());
    }
  }

  async input(event) {
    const text = event.target.value;
    drafts.set(this.draftKey, text);
    if (this.mode === 'reply') desk.typing();
    if (this.mode === 'reply' && text.startsWith('/') && !text.includes('\n')) {
      try {
        const page = await api.get(`/api/v1/canned-responses${api.query({ q: text.slice(1), limit: 8 })}`);
        if (this.box?.value === text) {
          this.canned = page.items;
          this.active = 0;
        }
      } catch {
        this.canned = null;
      }
    } else {
      this.canned = null;
    }
  }

  keydown(event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.shiftKey) {
      event.preventDefault();
      this.send();
      return;
    }
    if (!this.canned?.length) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + this.canned.length) % this.canned.length;
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      this.choose(this.canned[this.active]);
    } else if (event.key === 'Escape') {
      this.canned = null;
    }
  }

  /** Puts a canned response's text into the box with the placeholders the console knows filled in. */
  choose(response) {
    const customerName = desk.customerName(this.conversation.customerId);
    const text = response.text
      .replaceAll('{{customer.name}}', customerName)
      .replaceAll('{{customer.firstName}}', customerName.split(/\s+/)[0])
      .replaceAll('{{agent.name}}', this.state.me.name)
      .replaceAll('{{ticket.number}}', String(this.conversation.ticket?.number ?? ''));
    this.box.value = text;
    drafts.set(this.draftKey, text);
    this.canned = null;
    this.box.focus();
  }

  async send() {
    const text = this.box.value;
    if (!text.trim() || this.sending) return;
    const key = this.draftKey;
    const channel = this.querySelector('#reply-channel')?.value || undefined;
    this.sending = true;
    this.error = null;
    try {
      await desk.write(text, { note: this.mode === 'note', channel });
      drafts.delete(key);
      if (this.draftKey === key) this.box.value = '';
    } catch (error) {
      this.error = t('composer.failed', { reason: error.message }); // the text stays in the box
    } finally {
      this.sending = false;
    }
  }

  render() {
    const conversation = this.conversation;
    if (!conversation) return html``;
    const note = this.mode === 'note';
    const label = t(note ? 'composer.note' : 'composer.reply');
    const channels = conversation.channels ?? [];
    const current = conversation.lastChannelType ?? channels.at(-1);
    return html`<form class="composer" @submit=${(event) => { event.preventDefault(); this.send(); }}>
      <div role="tablist" aria-label=${t('composer.label')} @keydown=${this.tabKey}>
        ${['reply', 'note'].map((mode) => html`<button type="button" role="tab" id="composer-${mode}-tab" aria-selected=${String(this.mode === mode)}
          aria-controls="composer-panel" tabindex=${this.mode === mode ? '0' : '-1'} @click=${() => this.switchMode(mode)}>${t(`composer.${mode}`)}</button>`)}
      </div>
      <div id="composer-panel" role="tabpanel" aria-labelledby="composer-${this.mode}-tab" class=${note ? 'note' : ''}>
        ${!note && channels.length > 1 ? html`<label for="reply-channel">${t('composer.channel')}</label>
          <select id="reply-channel">${channels.map((type) => html`<option value=${type} ?selected=${type === current}>${channelName(type)}</option>`)}</select>` : ''}
        <textarea aria-label=${label} rows="3" .value=${drafts.get(this.draftKey) ?? ''} @input=${this.input} @keydown=${this.keydown}
          aria-describedby="composer-hint" aria-controls=${this.canned?.length ? 'canned-list' : nothing}
          aria-activedescendant=${this.canned?.length ? `canned-${this.active}` : nothing}></textarea>
        ${this.canned?.length ? html`<ul role="listbox" id="canned-list" aria-label=${t('composer.canned')}>
          ${this.canned.map((response, index) => html`<li role="option" id="canned-${index}" aria-selected=${String(index === this.active)}
            @mousedown=${(event) => { event.preventDefault(); this.choose(response); }}><strong>/${response.shortcut}</strong> ${response.title}</li>`)}
        </ul>` : ''}
        <p id="composer-hint" class="hint">${t('composer.hint')}</p>
        ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : ''}
        <button type="submit" ?disabled=${this.sending}>${t(note ? 'composer.addNote' : 'composer.send')}</button>
      </div>
    </form>`;
  }
}

customElements.define('oh-composer', Composer);
