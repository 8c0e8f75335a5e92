// The open conversation: its header and actions, the log of every message on every channel (oldest
// first, earlier pages on demand, the reader's scroll position kept), who else is on it, the composer
// and the knowledge base's suggestions.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { DeskElement, desk } from './base.js';
import { formatTime, t } from '../app/i18n.js';
import { authorLabel, channelName } from '../app/labels.js';
import * as api from '../app/api.js';
import './composer.js';
import './suggestions.js';
import './escalate-dialog.js';

/** Within this many pixels of the end counts as reading the newest message. */
const AT_END_PX = 48;
const HOUR_MS = 3600 * 1000;

/** When each snooze choice wakes the conversation: in an hour, tomorrow at 9:00, next Monday at 9:00 (the agent's time). */
const SNOOZE_CHOICES = [
  ['snooze.hour', () => new Date(Date.now() + HOUR_MS)],
  ['snooze.tomorrow', () => atNine(1)],
  ['snooze.monday', () => atNine(((8 - new Date().getDay()) % 7) || 7)],
];

function atNine(daysAhead) {
  const day = new Date();
  day.setDate(day.getDate() + daysAhead);
  day.setHours(9, 0, 0, 0);
  return day;
}

class Thread extends DeskElement {
  static properties = { formatted: { state: true }, newBelow: { state: true }, snoozing: { state: true } };

  watched(state) {
    return [state.thread, state.viewers, state.typing, state.agents, state.names];
  }

  constructor() {
    super();
    this.formatted = new Set();
    this.newBelow = false;
    this.snoozing = false;
    this.shownId = null;
  }

  willUpdate() {
    const log = this.querySelector('[role="log"]');
    const messages = this.state.thread?.messages ?? [];
    this.before = log ? { top: log.scrollTop, height: log.scrollHeight, atEnd: log.scrollHeight - log.scrollTop - log.clientHeight < AT_END_PX,
      first: this.firstShown, last: this.lastShown, id: this.shownId } : null;
    this.firstShown = messages[0]?.id;
    this.lastShown = messages.at(-1)?.id;
  }

  updated() {
    const log = this.querySelector('[role="log"]');
    const thread = this.state.thread;
    if (!log || !thread) return;
    const before = this.before;
    if (!before || before.id !== thread.conversation?.id || this.shownId !== thread.conversation?.id) {
      this.shownId = thread.conversation?.id;
      log.scrollTop = log.scrollHeight; // a conversation opens at its newest message
      return;
    }
    if (before.first && before.first !== this.firstShown) {
      log.scrollTop = before.top + (log.scrollHeight - before.height); // earlier messages above: the same lines stay in view
    } else if (before.last !== this.lastShown) {
      if (before.atEnd) {
        log.scrollTop = log.scrollHeight;
      } else if (!this.newBelow) {
        this.newBelow = true; // reading further up: not moved, told instead
      }
    }
  }

  scrolled(event) {
    const log = event.target;
    if (this.newBelow && log.scrollHeight - log.scrollTop - log.clientHeight < AT_END_PX) this.newBelow = false;
    if (log.scrollTop === 0 && this.state.thread?.earlier) desk.loadEarlier();
  }

  showNewest() {
    const log = this.querySelector('[role="log"]');
    log.scrollTop = log.scrollHeight;
    this.newBelow = false;
  }

  render() {
    const { thread } = this.state;
    if (!thread) {
      return html`<section class="thread-pane empty"><p>${t('thread.none')}</p></section>`;
    }
    const conversation = thread.conversation;
    const name = conversation ? desk.customerName(conversation.customerId) : '';
    return html`<section class="thread-pane" aria-label=${t('thread.label')}>
      <header class="thread-head">
        <h2 id="thread-heading">${name}</h2>
        ${conversation ? this.actions(conversation) : ''}
      </header>
      ${conversation?.ticket ? this.ticket(conversation) : ''}
      ${conversation?.status === 'snoozed' && conversation.snoozedUntil
        ? html`<p class="snoozed">${t('thread.snoozedUntil', { time: formatTime(conversation.snoozedUntil) })}</p>` : ''}
      <p role="status" aria-label=${t('others.label')} class="others">${this.others()}</p>
      <div role="log" aria-label=${t('thread.messages')} class="log" tabindex="0" @scroll=${this.scrolled} aria-busy=${String(thread.loading)}>
        ${thread.earlier ? html`<button type="button" class="earlier" @click=${() => desk.loadEarlier()}>${t('thread.loadEarlier')}</button>` : ''}
        ${repeat(thread.messages, (message) => message.id, (message) => this.message(message, name))}
        ${this.newBelow ? html`<button type="button" class="new-below" @click=${this.showNewest}>${t('thread.newMessages')}</button>` : ''}
      </div>
      <oh-composer></oh-composer>
      <oh-suggestions></oh-suggestions>
      <oh-escalate-dialog></oh-escalate-dialog>
    </section>`;
  }

  actions(conversation) {
    const resolved = conversation.status === 'resolved' || conversation.status === 'closed';
    return html`<div class="actions">
      <label for="assignee">${t('actions.assignee')}</label>
      <select id="assignee" @change=${(event) => desk.assign(event.target.value)}>
        <option value="" ?selected=${!conversation.assigneeId}>${t('actions.unassigned')}</option>
        ${this.state.agents.map((agent) => html`<option value=${agent.id} ?selected=${conversation.assigneeId === agent.id}>${agent.name}</option>`)}
      </select>
      ${resolved
        ? html`<button type="button" @click=${() => desk.changeStatus('open')}>${t('actions.reopen')}</button>`
        : html`<button type="button" @click=${() => desk.changeStatus('resolved')}>${t('actions.resolve')}</button>
          ${conversation.status === 'snoozed'
            ? html`<button type="button" class="quiet" @click=${() => desk.changeStatus('open')}>${t('actions.wake')}</button>`
            : this.snoozeChoices()}`}
      ${conversation.ticket ? '' : html`<button type="button" @click=${() => this.querySelector('oh-escalate-dialog').open()}>${t('actions.escalate')}</button>`}
    </div>`;
  }

  /** A disclosure: "Snooze" shows when to wake the conversation; choosing one snoozes it until then. */
  snoozeChoices() {
    const choose = (until) => {
      this.snoozing = false;
      desk.changeStatus('snoozed', until.toISOString());
    };
    return html`<button type="button" class="quiet" aria-expanded=${String(this.snoozing)} aria-controls="snooze-choices"
        @click=${() => { this.snoozing = !this.snoozing; }}>${t('actions.snooze')}</button>
      <div id="snooze-choices" role="group" aria-label=${t('snooze.label')} class="snooze-choices" ?hidden=${!this.snoozing}
        @keydown=${(event) => { if (event.key === 'Escape') this.snoozing = false; }}>
        ${SNOOZE_CHOICES.map(([key, until]) => html`<button type="button" @click=${() => choose(until())}>${t(key)}</button>`)}
      </div>`;
  }

  ticket(conversation) {
    const sla = conversation.sla;
    const due = sla ? [['firstResponse', sla.firstRespondedAt ? null : sla.firstResponseDueAt], ['nextResponse', sla.nextResponseDueAt],
      ['resolution', sla.resolutionDueAt]].filter(([, at]) => at) : [];
    return html`<p class="ticket"><strong>${t('thread.ticket', { number: conversation.ticket.number })}</strong>
      · ${t(`priority.${conversation.ticket.priority}`)} · ${t(`ticketStatus.${conversation.ticket.status}`)}
      ${due.map(([target, at]) => html` · <span>${t('thread.due', { target: t(`sla.${target}`), time: formatTime(at) })}</span>`)}</p>`;
  }

  others() {
    const { viewers, typing } = this.state;
    const now = Date.now();
    const typingIds = [...typing].filter(([, until]) => until > now).map(([id]) => id);
    const lines = typingIds.map((id) => t('others.typing', { name: desk.agentName(id) }));
    viewers.filter((viewer) => !typingIds.includes(viewer.id)).forEach((viewer) => lines.push(t('others.viewing', { name: viewer.name })));
    return lines.join(' · ');
  }

  message(message, customerName) {
    const author = authorLabel(message, customerName);
    const id = `message-${message.id}`;
    const kind = message.direction;
    return html`<article id=${id} class="message ${kind}" aria-label="${author}, ${formatTime(message.createdAt)}">
      <header><span class="author">${author}</span>
        <span class="via">${t('thread.via', { channel: channelName(message.channel) })}</span>
        <time datetime=${message.createdAt}>${formatTime(message.createdAt)}</time></header>
      ${message.subject ? html`<p class="subject">${t('thread.subject', { subject: message.subject })}</p>` : ''}
      ${message.kind === 'call' ? this.call(message) : html`<p class="text">${message.text}</p>`}
      ${message.html ? this.formattedEmail(message) : ''}
      ${message.attachments?.length ? html`<ul class="attachments">${message.attachments.map((file) => this.attachment(file))}</ul>` : ''}
      ${message.delivery?.status === 'failed' ? html`<p class="delivery failed">${message.delivery.error ?? 'failed'}</p>` : ''}
    </article>`;
  }

  call(message) {
    const segments = message.call?.segments ?? [];
    if (!segments.length) return html`<p class="text">${message.text}</p>`;
    return html`<figure class="call"><figcaption>${t('thread.call')}</figcaption>
      <dl>${segments.map((segment) => html`<dt>${segment.speaker}</dt><dd>${segment.text}</dd>`)}</dl></figure>`;
  }

  /** The mail's HTML, sanitized by the hub, shown only on request and only in a sandbox without scripts. */
  formattedEmail(message) {
    const shown = this.formatted.has(message.id);
    const toggle = () => {
      const next = new Set(this.formatted);
      shown ? next.delete(message.id) : next.add(message.id);
      this.formatted = next;
    };
    return html`<button type="button" class="quiet" aria-expanded=${String(shown)} @click=${toggle}>
        ${t(shown ? 'thread.hideFormatted' : 'thread.showFormatted')}</button>
      ${shown ? html`<iframe sandbox="" referrerpolicy="no-referrer" title=${t('thread.formattedTitle')} srcdoc=${message.html}></iframe>` : ''}`;
  }

  attachment(file) {
    if (file.erased || !file.id) return html`<li>${t('thread.erased', { name: file.fileName })}</li>`;
    const download = async () => {
      const url = URL.createObjectURL(await api.blob(`/api/v1/attachments/${file.id}`));
      const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    };
    return html`<li><button type="button" class="link" @click=${download}>${t('thread.attachment', { name: file.fileName })}</button></li>`;
  }
}


customElements.define('oh-thread', Thread);
