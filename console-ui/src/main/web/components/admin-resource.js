// One admin page from its description (app/admin/*.js): a table named like the page's link, rows from the
// list API (more pages on demand where it pages), `Add <thing>` and `Edit <name>` opening a dialog of
// the same name whose fields the description renders, the row actions it allows (each confirmed), and
// what the API shows only once (a new token, a channel's signing secret) in a panel with a copy button.
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { DeskElement } from './base.js';
import { t } from '../app/i18n.js';
import { formError } from './form-fields.js';
import { FormKit, FormValues, shownField } from './admin-form.js';
import './admin-copy.js';

/**
 * @typedef {object} RowAction
 * @property {string} label the button's name (it names the row: `Delete Orders`)
 * @property {string} [short] the button's visible text when shorter (`Delete`); the name stays whole
 * @property {string} [question] asked in a confirmation first
 * @property {() => Promise<object|null|void>} run
 * @property {(result: any) => Reveal|null} [reveal] what the answer shows once
 *
 * @typedef {{title: string, items: {label: string, value: string, copy: string}[], warning?: string}} Reveal
 *
 * @typedef {object} AdminResource
 * @property {string} id a prefix for ids
 * @property {() => string} title the table's name (the link's text)
 * @property {() => string} add `Add channel`: the button and its dialog
 * @property {() => string} [editTitle] `Edit channel`: the dialog; absent when the API cannot change one
 * @property {(row: any) => string} name the row's name, in its buttons' names
 * @property {(cursor: string|null) => Promise<{items: any[], next?: string|null}>} list
 * @property {() => Promise<object>} [related] what the fields and cells need besides the rows (other lists)
 * @property {{header: () => string, cell: (row: any, related: any) => unknown}[]} columns
 * @property {(kit: FormKit, row: any|null, related: any, choices: Record<string, string>) => unknown} fields
 * @property {(values: FormValues, row: any|null, related: any) => object} body
 * @property {(body: object, row: any|null, values: FormValues) => Promise<any>} save
 * @property {(saved: any, row: any|null) => Reveal|null} [reveal] what the answer to a save shows once
 * @property {(row: any, related: any) => RowAction[]} [actions]
 */

class AdminResource extends DeskElement {
  static properties = {
    resource: { attribute: false },
    rows: { state: true },
    next: { state: true },
    related: { state: true },
    loadError: { state: true },
    dialog: { state: true },
    error: { state: true },
    choices: { state: true },
    confirming: { state: true },
    revealed: { state: true },
    saving: { state: true },
  };

  constructor() {
    super();
    this.rows = null;
    this.next = null;
    this.related = {};
    this.dialog = null; // {row, key}
    this.choices = {};
    this.openings = 0;
    this.shown = [];
  }

  watched() {
    return [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.reload();
  }

  /** The first page again, and the related lists (after each change: the API's view is the truth). */
  async reload() {
    try {
      const [page, related] = await Promise.all([this.resource.list(null), this.resource.related?.() ?? {}]);
      this.rows = page.items;
      this.next = page.next ?? null;
      this.related = related;
      this.loadError = null;
    } catch (error) {
      this.loadError = error;
    }
  }

  async more() {
    try {
      const page = await this.resource.list(this.next);
      const shown = new Set(this.rows.map((row) => row.id));
      this.rows = [...this.rows, ...page.items.filter((row) => !shown.has(row.id))];
      this.next = page.next ?? null;
    } catch (error) {
      this.loadError = error;
    }
  }

  async open(row) {
    this.error = null;
    this.choices = {};
    this.dialog = { row, key: ++this.openings };
    await this.updateComplete;
    this.querySelector('dialog.edit')?.showModal();
  }

  close() {
    this.querySelector('dialog.edit')?.close();
  }

  async submit(event) {
    event.preventDefault();
    const row = this.dialog?.row ?? null;
    const values = new FormValues(event.target);
    this.saving = true;
    try {
      const saved = await this.resource.save(this.resource.body(values, row, this.related), row, values);
      this.error = null;
      this.close();
      this.revealed = this.resource.reveal?.(saved, row) ?? null;
      await this.reload();
      // A paged list may have the new row on a later page: it shows at the end meanwhile.
      if (saved?.id && this.rows && !this.rows.some((shown) => shown.id === saved.id)) this.rows = [...this.rows, saved];
      this.focusRevealed();
    } catch (error) {
      // Created, but a second request failed (a queue's members): the next Save changes what was created.
      if (error.saved) this.dialog = { ...this.dialog, row: error.saved };
      this.error = { ...error, message: error.message, field: shownField(error.field, this.shown) };
      await this.updateComplete;
      const field = this.error.field && this.querySelector(`dialog.edit [name="${CSS.escape(this.error.field)}"]`);
      /** @type {HTMLElement|null} */ (field || null)?.focus();
    } finally {
      this.saving = false;
    }
  }

  /** A row action, after its confirmation when it has a question. */
  async act(action) {
    if (action.question) {
      this.confirming = action;
      await this.updateComplete;
      this.querySelector('dialog.confirm')?.showModal();
      return;
    }
    await this.run(action);
  }

  async run(action) {
    this.querySelector('dialog.confirm')?.close();
    this.confirming = null;
    try {
      const result = await action.run();
      this.revealed = action.reveal?.(result) ?? null;
      this.loadError = null;
      await this.reload();
      this.focusRevealed();
    } catch (error) {
      this.loadError = error;
    }
  }

  /** What is shown once takes the focus, so that it is not missed (a screen reader reads its label and value). */
  async focusRevealed() {
    if (!this.revealed) return;
    await this.updateComplete;
    /** @type {HTMLElement|null} */ (this.querySelector('.revealed input, .revealed textarea'))?.focus();
  }

  render() {
    const resource = this.resource;
    const tableId = `${resource.id}-table`;
    return html`
      <div class="admin-head">
        <h2 id="${tableId}-title">${resource.title()}</h2>
        <button type="button" @click=${() => this.open(null)}>${resource.add()}</button>
      </div>
      ${this.loadError ? html`<p role="alert" class="error">${this.loadError.message}</p>` : nothing}
      ${this.revealed ? this.renderRevealed() : nothing}
      ${this.rows === null ? html`<p class="hint">${t('admin.loading')}</p>` : this.renderTable(tableId)}
      ${this.next ? html`<button type="button" class="more" @click=${() => this.more()}>${t('admin.more')}</button>` : nothing}
      ${this.renderDialog()}
      ${this.renderConfirm()}`;
  }

  renderTable(tableId) {
    const resource = this.resource;
    const actions = (row) => [
      ...(resource.editTitle ? [{ label: t('admin.edit', { name: resource.name(row) }), short: t('admin.editShort'), open: true }] : []),
      ...(resource.actions?.(row, this.related) ?? []),
    ];
    return html`<div class="table-wrap"><table class="admin-table" aria-labelledby="${tableId}-title">
      <thead><tr>
        ${resource.columns.map((column) => html`<th scope="col">${column.header()}</th>`)}
        <th scope="col"><span class="visually-hidden">${t('admin.actions')}</span></th>
      </tr></thead>
      <tbody>
        ${this.rows.length === 0 ? html`<tr><td colspan=${resource.columns.length + 1} class="empty">${t('admin.empty')}</td></tr>` : nothing}
        ${this.rows.map((row) => html`<tr>
          ${resource.columns.map((column, index) => index === 0
            ? html`<th scope="row">${column.cell(row, this.related)}</th>`
            : html`<td>${column.cell(row, this.related)}</td>`)}
          <td class="row-actions">${actions(row).map((action) => html`<button type="button" class="quiet"
            aria-label=${action.short ? action.label : nothing}
            @click=${() => (action.open ? this.open(row) : this.act(action))}>${action.short ?? action.label}</button>`)}</td>
        </tr>`)}
      </tbody>
    </table></div>`;
  }

  renderDialog() {
    const resource = this.resource;
    const row = this.dialog?.row ?? null;
    const title = row ? resource.editTitle?.() : resource.add();
    const formId = `${resource.id}-form`;
    const kit = new FormKit(formId, this.error, (name, value) => {
      this.choices = { ...this.choices, [name]: value };
    });
    const fields = this.dialog ? resource.fields(kit, row, this.related, this.choices) : nothing;
    this.shown = kit.shown;
    return html`<dialog class="edit wide" aria-labelledby="${formId}-heading" @close=${() => { this.error = null; }}>
      ${keyed(this.dialog?.key ?? 0, html`<form @submit=${this.submit} novalidate>
        <h2 id="${formId}-heading">${title ?? ''}</h2>
        ${fields}
        ${formError(this.error, kit.shown)}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => this.close()}>${t('admin.cancel')}</button>
          <button type="submit" ?disabled=${this.saving}>${t('admin.save')}</button>
        </div>
      </form>`)}
    </dialog>`;
  }

  renderConfirm() {
    const action = this.confirming;
    return html`<dialog class="confirm" aria-labelledby="${this.resource.id}-confirm" @close=${() => { this.confirming = null; }}>
      <p id="${this.resource.id}-confirm">${action?.question ?? ''}</p>
      <div class="buttons">
        <button type="button" class="quiet" @click=${() => this.querySelector('dialog.confirm').close()}>${t('admin.cancel')}</button>
        <button type="button" class="danger" @click=${() => action && this.run(action)}>${action?.label ?? ''}</button>
      </div>
    </dialog>`;
  }

  renderRevealed() {
    const { title, items, warning } = this.revealed;
    const id = `${this.resource.id}-revealed`;
    return html`<section class="revealed" aria-labelledby=${id}>
      <h3 id=${id}>${title}</h3>
      ${warning ? html`<p class="warning">${warning}</p>` : nothing}
      ${items.map((item) => html`<oh-admin-copy .label=${item.label} .value=${item.value} .copyLabel=${item.copy}></oh-admin-copy>`)}
      <button type="button" class="quiet" @click=${() => { this.revealed = null; }}>${t('admin.revealed.done')}</button>
    </section>`;
  }
}

customElements.define('oh-admin-resource', AdminResource);
