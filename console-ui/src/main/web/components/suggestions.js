// Knowledge-base suggestions for the open conversation, pushed on the socket (fresh after each customer
// message): one click puts the text into the reply box; "not helpful" hides it here and teaches the ranking.
import { html } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';

class Suggestions extends DeskElement {
  watched(state) {
    return [state.suggestions, state.openId];
  }

  async insert(suggestion) {
    const composer = this.closest('oh-thread')?.querySelector('oh-composer');
    const text = await desk.suggestionText(suggestion);
    composer.switchMode('reply');
    await composer.updateComplete;
    const box = composer.box;
    box.value = box.value ? `${box.value}\n${text}` : text;
    box.dispatchEvent(new Event('input'));
    box.focus();
    desk.suggestionFeedback(suggestion, true);
  }

  render() {
    const items = this.state.suggestions;
    return html`<section class="suggestions" aria-labelledby="suggestions-heading">
      <h3 id="suggestions-heading">${t('suggestions.label')}</h3>
      ${items.length ? html`<ul>${items.map((suggestion) => html`<li>
          <span class="title">${suggestion.title}</span>
          <button type="button" @click=${() => this.insert(suggestion)}>${t('suggestions.insert', { title: suggestion.title })}</button>
          <button type="button" class="quiet" @click=${() => desk.suggestionFeedback(suggestion, false)}>${t('suggestions.notHelpful', { title: suggestion.title })}</button>
        </li>`)}</ul>` : html`<p class="hint">${t('suggestions.none')}</p>`}
    </section>`;
  }
}

customElements.define('oh-suggestions', Suggestions);
