import { html } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';

class SignIn extends DeskElement {
  static properties = { error: { state: true }, busy: { state: true } };

  watched(state) {
    return [state.phase];
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.busy = true;
    this.error = null;
    try {
      await desk.signIn(String(form.get('email')), String(form.get('password')));
    } catch (error) {
      this.error = error.status === 401 ? t('signIn.failed')
        : error.status === 429 ? t('signIn.throttled', { minutes: 15 }) : t('error.generic', { reason: error.message });
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`<main class="sign-in">
      <h1>${t('signIn.heading')}</h1>
      <form @submit=${this.submit}>
        <label for="sign-in-email">${t('signIn.email')}</label>
        <input id="sign-in-email" name="email" type="email" autocomplete="username" required>
        <label for="sign-in-password">${t('signIn.password')}</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required>
        ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : ''}
        <button type="submit" ?disabled=${this.busy}>${t('signIn.submit')}</button>
      </form>
    </main>`;
  }
}

customElements.define('oh-sign-in', SignIn);
