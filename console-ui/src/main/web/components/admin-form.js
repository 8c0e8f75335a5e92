// The admin dialogs' fields and how their values are read. A field's `name` is the API's path for it
// (`smtp.host`, `overflow.queueId`), so the error the API names lands on that field: it gets
// aria-invalid and is described by the error's text beside it (components/form-fields.js).
import { html, nothing } from 'lit';
import { invalid, fieldError } from './form-fields.js';
import { t } from '../app/i18n.js';
import { isoDuration } from '../app/admin/durations.js';

/** @typedef {{value: string, label: string}} Option */

/** Renders labelled fields for one form and remembers which names it showed (for errors naming none of them). */
export class FormKit {
  /**
   * @param {string} formId a prefix for the fields' ids
   * @param {import('../app/api.js').ApiError|null} error the API's refusal of the last submission
   * @param {(name: string, value: string) => void} onChoice a select with `{choose: true}` re-renders the form with its value
   */
  constructor(formId, error, onChoice) {
    this.formId = formId;
    this.error = error;
    this.onChoice = onChoice;
    /** @type {string[]} */
    this.shown = [];
    this.keepHint = t('admin.secret.keep');
    this.noneHint = t('admin.none');
  }

  id(name) {
    return `${this.formId}-${String(name).replace(/[^\w-]/g, '-')}`;
  }

  /** The ids describing the field: its hint and the API's error about it. */
  described(name, hint) {
    const ids = [hint ? `${this.id(name)}-hint` : '', this.error?.field === name ? `${this.id(name)}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  /** The hint and error texts under a field. */
  notes(name, hint) {
    return html`${hint ? html`<p id="${this.id(name)}-hint" class="hint">${hint}</p>` : nothing}${fieldError(this.error, name, this.formId)}`;
  }

  /**
   * A text input (also `type: 'email' | 'url' | 'number' | 'password' | 'datetime-local'`).
   * @param {{type?: string, required?: boolean, hint?: string, min?: number, max?: number, list?: string, autocomplete?: string}} [options]
   */
  input(name, label, value, { type = 'text', required = false, hint = '', min, max, list, autocomplete = 'off' } = {}) {
    this.shown.push(name);
    return html`<div class="field">
      <label for=${this.id(name)}>${label}</label>
      <input id=${this.id(name)} name=${name} type=${type} .value=${value == null ? '' : String(value)} ?required=${required}
        min=${min ?? nothing} max=${max ?? nothing} list=${list ?? nothing} autocomplete=${autocomplete}
        aria-invalid=${invalid(this.error, name)} aria-describedby=${this.described(name, hint)}>
      ${this.notes(name, hint)}
    </div>`;
  }

  /** A write-only secret: always empty on screen; on an edit, left empty it keeps the stored one. */
  secret(name, label, { required = false, editing = false } = {}) {
    return this.input(name, label, '', { type: 'password', required, autocomplete: 'new-password',
      hint: editing ? this.keepHint : '' });
  }

  textarea(name, label, value, { required = false, hint = '', rows = 4 } = {}) {
    this.shown.push(name);
    return html`<div class="field">
      <label for=${this.id(name)}>${label}</label>
      <textarea id=${this.id(name)} name=${name} rows=${rows} .value=${value ?? ''} ?required=${required}
        aria-invalid=${invalid(this.error, name)} aria-describedby=${this.described(name, hint)}></textarea>
      ${this.notes(name, hint)}
    </div>`;
  }

  /** @param {Option[]} options @param {{choose?: boolean, hint?: string}} [settings] */
  select(name, label, options, value, { choose = false, hint = '' } = {}) {
    this.shown.push(name);
    return html`<div class="field">
      <label for=${this.id(name)}>${label}</label>
      <select id=${this.id(name)} name=${name} aria-invalid=${invalid(this.error, name)} aria-describedby=${this.described(name, hint)}
        @change=${choose ? (event) => this.onChoice(name, event.target.value) : null}>
        ${options.map((option) => html`<option value=${option.value} ?selected=${option.value === (value ?? '')}>${option.label}</option>`)}
      </select>
      ${this.notes(name, hint)}
    </div>`;
  }

  checkbox(name, label, checked) {
    this.shown.push(name);
    return html`<div class="field check">
      <input type="checkbox" id=${this.id(name)} name=${name} value="true" ?checked=${checked}
        aria-invalid=${invalid(this.error, name)} aria-describedby=${this.described(name, '')}>
      <label for=${this.id(name)}>${label}</label>
      ${this.notes(name, '')}
    </div>`;
  }

  /** A group of checkboxes sending every ticked value under one name (roles, members, channels). */
  checkboxes(name, legend, options, values = []) {
    this.shown.push(name);
    const chosen = new Set(values);
    return html`<fieldset class="field choices">
      <legend>${legend}</legend>
      ${options.length ? options.map((option, index) => html`<span class="check">
        <input type="checkbox" id="${this.id(name)}-${index}" name=${name} value=${option.value} ?checked=${chosen.has(option.value)}
          aria-invalid=${invalid(this.error, name)} aria-describedby=${this.described(name, '')}>
        <label for="${this.id(name)}-${index}">${option.label}</label>
      </span>`) : html`<p class="hint">${this.noneHint}</p>`}
      ${this.notes(name, '')}
    </fieldset>`;
  }

  /** A group of fields under a legend (SMTP, IMAP, a priority's targets). */
  group(legend, content) {
    return html`<fieldset class="group"><legend>${legend}</legend>${content}</fieldset>`;
  }
}

/** Reads a submitted form: empty fields are absent (so a PATCH keeps what they would have changed). */
export class FormValues {
  /** @param {HTMLFormElement} form */
  constructor(form) {
    this.data = new FormData(form);
  }

  /** The trimmed text, or undefined when empty. */
  text(name) {
    const value = String(this.data.get(name) ?? '').trim();
    return value === '' ? undefined : value;
  }

  /** A whole number, or undefined when empty; a text that is no number goes as it is, for the API to refuse. */
  int(name) {
    const value = this.text(name);
    if (value === undefined) return undefined;
    return /^-?\d+$/.test(value) ? Number(value) : value;
  }

  /** A comma- or line-separated list. */
  list(name) {
    return String(this.data.get(name) ?? '').split(/[,\n]/).map((item) => item.trim()).filter(Boolean);
  }

  /** Every ticked value of a group of checkboxes. */
  all(name) {
    return this.data.getAll(name).map(String);
  }

  bool(name) {
    return this.data.has(name);
  }

  /** A duration typed as minutes or with a unit (90, 4h, 1d), as ISO-8601 (`PT90M`), or undefined when empty. */
  duration(name) {
    return isoDuration(this.text(name));
  }
}

/** Drops the keys whose value is undefined (and objects left empty), so the API sees only what was given. */
export function compact(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = compact(value);
      if (Object.keys(inner).length) out[key] = inner;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The field an API error is about, among the fields shown: itself, the closest shown field it is inside
 * (`week.mon[0]` → `week.mon`), or the first shown field inside it (`smtp` → `smtp.host`).
 */
export function shownField(field, shown) {
  if (!field || shown.includes(field)) return field;
  const outer = shown.filter((name) => field.startsWith(`${name}.`) || field.startsWith(`${name}[`)).sort((a, b) => b.length - a.length)[0];
  return outer ?? shown.find((name) => name.startsWith(`${field}.`)) ?? field;
}
