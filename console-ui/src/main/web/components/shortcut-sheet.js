// The keyboard shortcuts, none of which is a bare Alt+letter or a character one might be typing.
import { html } from 'lit';
import { DeskElement } from './base.js';
import { t } from '../app/i18n.js';

const SHORTCUTS = [
  ['Alt+↓', 'shortcuts.next'],
  ['Alt+↑', 'shortcuts.previous'],
  ['/', 'shortcuts.search'],
  ['Ctrl+Enter / ⌘+Enter', 'shortcuts.send'],
  ['Ctrl+Shift+Enter / ⌘+Shift+Enter', 'shortcuts.resolve'],
  ['?', 'shortcuts.help'],
];

class ShortcutSheet extends DeskElement {
  watched(state) {
    return [];
  }

  open() {
    this.querySelector('dialog').showModal();
  }

  render() {
    return html`<dialog aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">${t('shortcuts.label')}</h2>
      <dl>${SHORTCUTS.map(([keys, key]) => html`<dt><kbd>${keys}</kbd></dt><dd>${t(key)}</dd>`)}</dl>
      <form method="dialog"><button>${t('shortcuts.close')}</button></form>
    </dialog>`;
  }
}

customElements.define('oh-shortcut-sheet', ShortcutSheet);
