// The composer: a reply on the customer's channel (a choice where they used several) or a private
// note; "/" at the start offers canned responses; Ctrl/Cmd+Enter sends; a failed send keeps the text.
import { html, nothing } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';
import { channelName } from '../app/labels.js';
import * as api from '../app/api.js';

/** The attach button's icon: drawn, so it needs no emoji font. */
const paperclip = html`<svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor"
  stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9"/></svg>`;

/** Drafts by conversation and mode, so switching conversations loses nothing typed. */
const drafts = new Map();

class Composer extends DeskElement {
  static properties = { mode: { state: true }, error: { state: true }, sending: { state: true }, canned: { state: true },
    active: { state: true }, files: { state: true } };

  watched(state) {
    return [state.openId, state.thread?.conversation, state.me];
  }

  constructor() {
    super();
    this.mode = 'reply';
    this.canned = null; // the canned responses offered, or null when the list is closed
    this.active = 0;
    /** @type {{key: number, name: string, upload?: {id: string}, failed?: string}[]} files chosen for this message */
    this.files = [];
    this.nextFile = 0;
  }

  async attach(event) {
    const chosen = [...event.target.files];
    event.target.value = '';
    for (const file of chosen) {
      const entry = { key: this.nextFile++, name: file.name };
      this.files = [...this.files, entry];
      try {
        const upload = await api.upload(file);
        this.files = this.files.map((item) => (item.key === entry.key ? { ...item, upload } : item));
      } catch (error) {
        this.files = this.files.map((item) => (item.key === entry.key ? { ...item, failed: error.message } : item));
      }
    }
  }

  removeFile(key) {
    this.files = this.files.filter((item) => item.key !== key);
  }

  willUpdate() {
    if (this.shownFor !== this.state.openId) {
      this.shownFor = this.state.openId; // another conversation: its own draft, no stale error or list
      this.error = null;
      this.canned = null;
      this.files = [];
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
    const attachmentIds = this.files.filter((item) => item.upload).map((item) => item.upload.id);
    if ((!text.trim() && !attachmentIds.length) || this.sending || this.files.some((item) => !item.upload && !item.failed)) return;
    const key = this.draftKey;
    const channel = this.querySelector('#reply-channel')?.value || undefined;
    this.sending = true;
    this.error = null;
    try {
      await desk.write(text, { note: this.mode === 'note', channel, attachmentIds });
      drafts.delete(key);
      this.files = [];
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
        ${this.files.length ? html`<ul class="files" aria-label=${t('composer.files')}>${this.files.map((item) => html`<li>
            ${item.name} <span class="hint">${item.failed ? t('composer.uploadFailed', { reason: item.failed }) : item.upload ? '' : t('composer.uploading')}</span>
            <button type="button" class="quiet" @click=${() => this.removeFile(item.key)}>${t('composer.removeFile', { name: item.name })}</button></li>`)}</ul>` : ''}
        <p id="composer-hint" class="hint">${t('composer.hint')}</p>
        ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : ''}
        <input type="file" multiple id="composer-files" class="visually-hidden" tabindex="-1" aria-hidden="true" @change=${this.attach}>
        <button type="button" class="quiet attach" @click=${() => this.querySelector('#composer-files').click()}>${paperclip}${t('composer.attach')}</button>
        <button type="submit" ?disabled=${this.sending}>${t(note ? 'composer.addNote' : 'composer.send')}</button>
      </div>
    </form>`;
  }
}

customElements.define('oh-composer', Composer);
