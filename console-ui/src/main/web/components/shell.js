// The console's frame: signed out, the sign-in form; signed in, the main navigation, the connection
// state, presence, sign-out, errors, and the page of the current route (#/ inbox, #/supervisor, #/admin).
import { html } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';
import './sign-in.js';
import './inbox-list.js';
import './thread.js';
import './customer-panel.js';
import './call-pop.js';
import './shortcut-sheet.js';

const PRESENCES = ['online', 'away', 'offline'];

class ConsoleShell extends DeskElement {
  static properties = { route: { state: true } };

  watched(state) {
    return [state.phase, state.me, state.connection, state.error];
  }

  constructor() {
    super();
    this.route = routeOf(location.hash);
    desk.showing(this.route === 'inbox');
    addEventListener('hashchange', () => {
      this.route = routeOf(location.hash);
      desk.showing(this.route === 'inbox');
      this.requestUpdate();
    });
    addEventListener('keydown', (event) => this.shortcut(event));
  }

  connectedCallback() {
    super.connectedCallback();
    desk.boot();
  }

  /** #/conversations/<id> opens that conversation (links in the list, the timeline and the call pop). */
  updated() {
    const wanted = /^#\/conversations\/([\w-]+)/.exec(location.hash)?.[1];
    if (this.state.phase === 'signedIn' && wanted && wanted !== this.state.openId) desk.open(wanted);
  }

  shortcut(event) {
    if (this.state.phase !== 'signedIn') return;
    const typing = event.target.closest?.('input, textarea, select, [contenteditable]');
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      this.querySelector('oh-inbox-list')?.step(event.key === 'ArrowDown' ? 1 : -1);
    } else if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key === 'Enter' && this.state.thread) {
      event.preventDefault();
      const resolved = this.state.thread.conversation.status === 'resolved';
      desk.changeStatus(resolved ? 'open' : 'resolved');
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && event.key === '/') {
      event.preventDefault();
      this.querySelector('#search-conversations')?.focus();
    } else if (!typing && event.key === '?') {
      this.querySelector('oh-shortcut-sheet')?.open();
    }
  }

  render() {
    const { phase, me, connection, error } = this.state;
    if (phase === 'starting') return html``;
    if (phase === 'signedOut') return html`<oh-sign-in></oh-sign-in>`;
    const roles = me.roles ?? [];
    const supervises = roles.includes('supervisor') || roles.includes('admin');
    return html`
      <a class="skip" href="#content">${t('skip.content')}</a>
      <header class="top">
        <span class="brand">${t('app.title')}</span>
        <nav aria-label=${t('nav.main')}>
          <a href="#/" aria-current=${this.route === 'inbox' ? 'page' : 'false'}>${t('nav.inbox')}</a>
          ${supervises ? html`<a href="#/supervisor" aria-current=${this.route === 'supervisor' ? 'page' : 'false'}>${t('nav.supervisor')}</a>` : ''}
          ${roles.includes('admin') ? html`<a href="#/admin" aria-current=${this.route === 'admin' ? 'page' : 'false'}>${t('nav.admin')}</a>` : ''}
        </nav>
        <span role="status" aria-label=${t('connection.label')} class="connection ${connection}">${t(`connection.${connection}`)}</span>
        <label class="presence">${t('presence.label')}
          <select aria-label=${t('presence.label')} @change=${(event) => desk.setPresence(event.target.value)}>
            ${PRESENCES.map((status) => html`<option value=${status} ?selected=${(me.presenceChosen ?? 'online') === status}>${t(`presence.${status}`)}</option>`)}
          </select>
        </label>
        ${'Notification' in window && Notification.permission === 'default'
          ? html`<button type="button" class="quiet" @click=${() => Notification.requestPermission().then(() => this.requestUpdate())}>${t('notify.ask')}</button>` : ''}
        <button type="button" class="quiet" @click=${() => this.querySelector('oh-shortcut-sheet')?.open()}>${t('shortcuts.open')}</button>
        <span class="me">${me.name}</span>
        <button type="button" @click=${() => desk.signOut()}>${t('signOut')}</button>
      </header>
      ${error ? html`<div role="alert" class="banner error">${error}
        <button type="button" class="quiet" @click=${() => desk.update({ error: null })}>${t('shortcuts.close')}</button></div>` : ''}
      ${this.page()}
      <oh-call-pop></oh-call-pop>
      <oh-shortcut-sheet></oh-shortcut-sheet>`;
  }

  page() {
    // The supervisor's and the admin's pages load when first opened: an agent's inbox never downloads them.
    if (this.route === 'supervisor') {
      import('./supervisor-board.js');
      return html`<main id="content" tabindex="-1" class="page"><oh-supervisor-board></oh-supervisor-board></main>`;
    }
    if (this.route === 'admin') {
      import('./admin-pages.js');
      return html`<main id="content" tabindex="-1" class="page"><oh-admin-pages></oh-admin-pages></main>`;
    }
    return html`<main id="content" tabindex="-1" class="inbox">
      <h1 class="visually-hidden">${t('inbox.heading')}</h1>
      <oh-inbox-list></oh-inbox-list>
      <oh-thread></oh-thread>
      <oh-customer-panel></oh-customer-panel>
    </main>`;
  }
}

function routeOf(hash) {
  if (hash.startsWith('#/supervisor')) return 'supervisor';
  if (hash.startsWith('#/admin')) return 'admin';
  return 'inbox';
}

customElements.define('omnihub-console', ConsoleShell);
