// The admin section (#/admin/<page>): every setting the API has, as tables and dialogs.
import { html } from 'lit';
import { DeskElement } from './base.js';
import { t } from '../app/i18n.js';

class AdminPages extends DeskElement {
  watched() {
    return [];
  }

  render() {
    return html`<h1>${t('admin.heading')}</h1>`;
  }
}

customElements.define('oh-admin-pages', AdminPages);
