// Admin › Rules (#/admin/rules): the automation rules in the order they run, moved up and down,
// switched on and off, written through forms (events, conditions in all/any groups, actions by type)
// and tried on a conversation without changing it (POST /api/v1/rules/{id}/test). The API's refusal
// is shown beside the row and field it names (`conditions.all[0].value`, `actions[1].tags`...).
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { DeskElement, desk } from './base.js';
import * as api from '../app/api.js';
import { t } from '../app/i18n.js';
import { invalid, describedBy, fieldError, formError } from './form-fields.js';
import { splitList, joinList, narrowed, openDialog, closeDialog } from './admin-editing.js';

export const EVENTS = ['conversation.created', 'message.created', 'conversation.updated', 'ticket.created', 'ticket.updated',
  'sla.warning', 'sla.breached', 'conversation.idle', 'csat.received'];
export const FIELDS = ['message.text', 'message.language', 'conversation.channel', 'conversation.channelId', 'conversation.status',
  'conversation.priority', 'conversation.tags', 'conversation.queueId', 'customer.tags', 'customer.recentContacts',
  'ticket.priority', 'ticket.escalationLevel', 'businessHours.open', 'csat.score'];
const ATTRIBUTES = 'customer.attributes.';
const NUMERIC_FIELDS = ['customer.recentContacts', 'ticket.escalationLevel', 'csat.score'];
export const OPS = ['eq', 'neq', 'contains', 'notContains', 'matches', 'in', 'gte', 'lte', 'exists'];
export const ACTIONS = ['assign', 'requireSkills', 'setPriority', 'addTags', 'removeTags', 'escalate', 'reply', 'note', 'setStatus',
  'notify', 'webhook'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STATUSES = ['open', 'pending', 'resolved', 'closed'];
const GROUPS = ['all', 'any'];
const FORM = 'rule';

/** @typedef {{field: string, attribute: string, op: string, value: string}} ConditionDraft */
/** @typedef {{type: string, queueId: string, agentId: string, skills: string, priority: string, tags: string, reason: string,
 *   text: string, cannedResponseId: string, replyWith: 'text'|'canned', status: string, url: string}} ActionDraft */

// Each row keeps its own DOM (rendered with repeat by key): a select reused for another row after a removal
// could keep the option the user picked there.
let rowKeys = 0;
const blankCondition = () => ({ key: ++rowKeys, field: 'message.text', attribute: '', op: 'contains', value: '' });
const blankAction = (type = 'addTags') => ({ key: ++rowKeys, type, queueId: '', agentId: '', skills: '', priority: type === 'setPriority' ? 'high' : '',
  tags: '', reason: '', text: '', cannedResponseId: '', replyWith: 'text', status: 'pending', url: '' });

/** A stored rule as the dialog edits it (lists as text, conditions split into field and attribute name). */
function toDraft(rule) {
  const condition = (c) => ({
    key: ++rowKeys,
    field: c.field.startsWith(ATTRIBUTES) ? ATTRIBUTES : c.field,
    attribute: c.field.startsWith(ATTRIBUTES) ? c.field.slice(ATTRIBUTES.length) : '',
    op: c.op,
    value: Array.isArray(c.value) ? joinList(c.value) : c.value === undefined || c.value === null ? '' : String(c.value),
  });
  const action = (a) => ({ ...blankAction(a.type), ...Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null && v !== undefined)),
    skills: joinList(a.skills), tags: joinList(a.tags), replyWith: a.cannedResponseId ? 'canned' : 'text' });
  return {
    id: rule?.id ?? null,
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    on: [...(rule?.on ?? ['message.created'])],
    idleFor: rule?.idleFor ?? '',
    all: (rule?.conditions?.all ?? (rule ? [] : [blankCondition()])).map(condition),
    any: (rule?.conditions?.any ?? []).map(condition),
    actions: (rule?.actions ?? [blankAction()]).map(action),
    stop: rule?.stop ?? false,
  };
}

/** The condition's value as the API takes it: a list for `in`, true/false for `exists`, numbers where the field counts. */
function conditionValue(c, field) {
  const text = c.value.trim();
  if (c.op === 'in') return splitList(text).map((item) => (NUMERIC_FIELDS.includes(field) && /^-?\d+(\.\d+)?$/.test(item) ? Number(item) : item));
  if (c.op === 'exists') return text !== 'false';
  if (NUMERIC_FIELDS.includes(field) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return c.op === 'matches' ? c.value : text;
}

function actionBody(a) {
  switch (a.type) {
    case 'assign': return { type: a.type, queueId: a.queueId || null, agentId: a.agentId || null };
    case 'requireSkills': return { type: a.type, skills: splitList(a.skills) };
    case 'setPriority': return { type: a.type, priority: a.priority || null };
    case 'addTags':
    case 'removeTags': return { type: a.type, tags: splitList(a.tags) };
    case 'escalate': return { type: a.type, reason: a.reason.trim() || null, priority: a.priority || null };
    case 'reply': return a.replyWith === 'canned' ? { type: a.type, cannedResponseId: a.cannedResponseId || null } : { type: a.type, text: a.text };
    case 'note':
    case 'notify': return { type: a.type, text: a.text };
    case 'setStatus': return { type: a.type, status: a.status };
    case 'webhook': return { type: a.type, url: a.url.trim() };
    default: return { type: a.type };
  }
}

/** The request body of a draft (the whole definition: PATCH merges it over the stored rule). */
export function ruleBody(draft) {
  const conditions = {};
  for (const group of GROUPS) {
    conditions[group] = draft[group].map((c) => {
      const field = c.field === ATTRIBUTES ? ATTRIBUTES + c.attribute.trim() : c.field;
      return c.op === 'exists' && c.value.trim() === '' ? { field, op: c.op } : { field, op: c.op, value: conditionValue(c, field) };
    });
  }
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    on: draft.on,
    idleFor: draft.on.includes('conversation.idle') ? draft.idleFor.trim() || null : null,
    conditions,
    actions: draft.actions.map(actionBody),
    stop: draft.stop,
  };
}

/** Every field path the dialog can show an error beside. */
function shownFields(draft) {
  const names = ['name', 'on', 'idleFor', 'conditions', 'conditions.all', 'conditions.any', 'actions', 'stop'];
  for (const group of GROUPS) {
    draft[group].forEach((_, i) => names.push(...['field', 'op', 'value'].map((part) => `conditions.${group}[${i}].${part}`)));
  }
  draft.actions.forEach((_, i) => names.push(...['type', 'queueId', 'agentId', 'skills', 'priority', 'tags', 'reason', 'text',
    'cannedResponseId', 'status', 'url'].map((part) => `actions[${i}].${part}`)));
  return names;
}

class AdminRules extends DeskElement {
  static properties = {
    rules: { state: true },
    loadError: { state: true },
    draft: { state: true },
    error: { state: true },
    saving: { state: true },
    canned: { state: true },
    trial: { state: true },
    recent: { state: true },
  };

  constructor() {
    super();
    /** @type {any[]|null} */
    this.rules = null;
    this.draft = toDraft(null);
    this.canned = [];
    this.recent = [];
    this.trial = null;
  }

  watched(state) {
    return [state.queues, state.agents];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.rules = (await api.get('/api/v1/rules')).items;
      this.loadError = null;
    } catch (error) {
      this.loadError = error;
    }
  }

  // The list

  /** Moves a rule one place and numbers the list 1..n again, sending only the positions that changed. */
  async move(index, by) {
    const order = [...this.rules];
    const [rule] = order.splice(index, 1);
    order.splice(index + by, 0, rule);
    try {
      for (const [i, each] of order.entries()) {
        if (each.position !== i + 1) await api.patch(`/api/v1/rules/${each.id}`, { position: i + 1 });
      }
    } catch (error) {
      this.loadError = error;
    }
    await this.load();
    this.querySelector(`[data-move="${rule.id}:${by < 0 ? 'up' : 'down'}"]:not([disabled])`)?.focus();
  }

  async setEnabled(rule, enabled) {
    try {
      await api.patch(`/api/v1/rules/${rule.id}`, { enabled });
    } catch (error) {
      this.loadError = error;
    }
    await this.load();
  }

  async deleteRule(rule) {
    if (!confirm(t('editors.rules.confirmDelete', { name: rule.name }))) return;
    try {
      await api.del(`/api/v1/rules/${rule.id}`);
    } catch (error) {
      this.loadError = error;
    }
    await this.load();
  }

  // The dialog

  async edit(rule) {
    this.draft = toDraft(rule);
    this.error = null;
    this.loadCanned();
    if (!this.state.queues.length) desk.loadQueues();
    await openDialog(this, 'dialog.rule-editor');
  }

  async loadCanned() {
    try {
      this.canned = (await api.get('/api/v1/canned-responses?limit=200')).items;
    } catch {
      this.canned = []; // the reply action then offers a text only
    }
  }

  /** Changes the draft and re-renders (the draft is one state object; its parts are edited in place). */
  change(mutate) {
    mutate(this.draft);
    this.draft = { ...this.draft };
  }

  async save(event) {
    event.preventDefault();
    this.saving = true;
    try {
      const body = ruleBody(this.draft);
      if (this.draft.id) await api.patch(`/api/v1/rules/${this.draft.id}`, body);
      else await api.post('/api/v1/rules', body);
      closeDialog(this, 'dialog.rule-editor');
      await this.load();
    } catch (error) {
      this.error = error;
      await this.updateComplete;
      this.querySelector('dialog.rule-editor [aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
    }
  }

  // The dry run

  async openTrial(rule) {
    this.trial = { rule, conversationId: '', result: null, error: null };
    this.loadRecent();
    await openDialog(this, 'dialog.rule-trial');
  }

  async loadRecent() {
    try {
      this.recent = (await api.get('/api/v1/conversations?limit=20')).items;
    } catch {
      this.recent = [];
    }
  }

  async runTrial(event) {
    event.preventDefault();
    const conversationId = String(new FormData(event.target).get('conversationId') ?? '').trim();
    try {
      const result = await api.post(`/api/v1/rules/${this.trial.rule.id}/test`, { conversationId });
      this.trial = { ...this.trial, conversationId, result, error: null };
    } catch (error) {
      this.trial = { ...this.trial, conversationId, result: null, error };
    }
  }

  render() {
    const rules = this.rules;
    return html`<section class="editor-page" aria-labelledby="rules-heading">
      <h2 id="rules-heading">${t('editors.rules.heading')}</h2>
      <p class="hint">${t('editors.rules.hint')}</p>
      <div class="editor-toolbar"><button type="button" @click=${() => this.edit(null)}>${t('editors.rules.add')}</button></div>
      ${this.loadError ? html`<p role="alert" class="error">${this.loadError.message}</p>` : nothing}
      <table class="editor-table" aria-labelledby="rules-heading">
        <thead><tr>
          <th scope="col">${t('editors.rules.position')}</th><th scope="col">${t('editors.rules.name')}</th>
          <th scope="col">${t('editors.rules.events')}</th><th scope="col">${t('editors.rules.enabled')}</th>
          <th scope="col">${t('editors.rules.order')}</th><th scope="col">${t('editors.common.actions')}</th>
        </tr></thead>
        <tbody>
          ${rules === null ? html`<tr><td colspan="6" class="empty">${t('editors.common.loading')}</td></tr>` : nothing}
          ${rules?.length === 0 ? html`<tr><td colspan="6" class="empty">${t('editors.rules.none')}</td></tr>` : nothing}
          ${(rules ?? []).map((rule, i) => html`<tr>
            <td>${rule.position}</td>
            <th scope="row">${rule.name}</th>
            <td>${rule.on.map((event) => t(`editors.event.${event}`)).join(', ')}</td>
            <td><input type="checkbox" .checked=${rule.enabled} aria-label=${t('editors.rules.enabledFor', { name: rule.name })}
              @change=${(e) => this.setEnabled(rule, e.target.checked)}></td>
            <td class="row-buttons">
              <button type="button" class="quiet" data-move="${rule.id}:up" ?disabled=${i === 0} @click=${() => this.move(i, -1)}
                aria-label=${t('editors.rules.moveUp', { name: rule.name })}>↑</button>
              <button type="button" class="quiet" data-move="${rule.id}:down" ?disabled=${i === rules.length - 1} @click=${() => this.move(i, 1)}
                aria-label=${t('editors.rules.moveDown', { name: rule.name })}>↓</button>
            </td>
            <td class="row-buttons">
              <button type="button" class="quiet" @click=${() => this.edit(rule)} aria-label=${t('editors.common.editNamed', { name: rule.name })}>${t('editors.common.edit')}</button>
              <button type="button" class="quiet" @click=${() => this.openTrial(rule)} aria-label=${t('editors.rules.testNamed', { name: rule.name })}>${t('editors.rules.test')}</button>
              <button type="button" class="quiet danger" @click=${() => this.deleteRule(rule)} aria-label=${t('editors.common.deleteNamed', { name: rule.name })}>${t('editors.common.delete')}</button>
            </td>
          </tr>`)}
        </tbody>
      </table>
      ${this.renderEditor()} ${this.renderTrial()}
    </section>`;
  }

  renderEditor() {
    const draft = this.draft;
    const error = narrowed(this.error, shownFields(draft));
    const title = draft.id ? t('editors.rules.editTitle') : t('editors.rules.add');
    return html`<dialog class="rule-editor editor-wide" aria-labelledby="rule-title">
      <form @submit=${this.save} novalidate>
        <h2 id="rule-title">${title}</h2>
        <label for="rule-name">${t('editors.rules.name')}</label>
        <input id="rule-name" .value=${draft.name} maxlength="200" required @input=${(e) => this.change((d) => { d.name = e.target.value; })}
          aria-invalid=${invalid(error, 'name')} aria-describedby=${describedBy(error, 'name', FORM)}>
        ${fieldError(error, 'name', FORM)}

        <fieldset aria-invalid=${invalid(error, 'on')} aria-describedby=${describedBy(error, 'on', FORM)}>
          <legend>${t('editors.rules.events')}</legend>
          <div class="checks">
            ${EVENTS.map((event) => html`<label><input type="checkbox" .checked=${draft.on.includes(event)}
              @change=${(e) => this.change((d) => { d.on = e.target.checked ? [...d.on, event] : d.on.filter((x) => x !== event); })}>
              ${t(`editors.event.${event}`)}</label>`)}
          </div>
          ${fieldError(error, 'on', FORM)}
        </fieldset>
        ${draft.on.includes('conversation.idle') ? html`
          <label for="rule-idle">${t('editors.rules.idleFor')}</label>
          <input id="rule-idle" .value=${draft.idleFor} placeholder="PT48H" @input=${(e) => this.change((d) => { d.idleFor = e.target.value; })}
            aria-invalid=${invalid(error, 'idleFor')} aria-describedby=${describedBy(error, 'idleFor', FORM)}>
          ${fieldError(error, 'idleFor', FORM)}` : nothing}

        ${GROUPS.map((group) => this.renderGroup(group, error))}
        ${this.renderActions(error)}

        <label class="inline"><input type="checkbox" .checked=${draft.stop} @change=${(e) => this.change((d) => { d.stop = e.target.checked; })}>
          ${t('editors.rules.stop')}</label>
        <label class="inline"><input type="checkbox" .checked=${draft.enabled} @change=${(e) => this.change((d) => { d.enabled = e.target.checked; })}>
          ${t('editors.rules.enabled')}</label>
        ${formError(error, shownFields(draft))}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => closeDialog(this, 'dialog.rule-editor')}>${t('editors.common.cancel')}</button>
          <button type="submit" ?disabled=${this.saving}>${t('editors.common.save')}</button>
        </div>
      </form>
    </dialog>`;
  }

  renderGroup(group, error) {
    const rows = this.draft[group];
    const groupName = t(`editors.rules.group.${group}`);
    return html`<fieldset class="rows" aria-invalid=${invalid(error, `conditions.${group}`)}
      aria-describedby=${describedBy(error, `conditions.${group}`, FORM)}>
      <legend>${groupName}</legend>
      ${rows.length === 0 ? html`<p class="hint">${t('editors.rules.noConditions')}</p>` : nothing}
      ${repeat(rows, (row) => row.key, (row, i) => {
        const path = (part) => `conditions.${group}[${i}].${part}`;
        const id = (part) => `rule-${group}-${i}-${part}`;
        const n = { n: i + 1, group: groupName };
        const set = (mutate) => this.change((d) => mutate(d[group][i]));
        return html`<div class="condition-row">
          <select id=${id('field')} aria-label=${t('editors.rules.conditionField', n)} @change=${(e) => set((c) => { c.field = e.target.value; })}
            aria-invalid=${row.field === ATTRIBUTES ? nothing : invalid(error, path('field'))}
            aria-describedby=${row.field === ATTRIBUTES ? nothing : describedBy(error, path('field'), FORM)}>
            ${FIELDS.map((field) => html`<option value=${field} ?selected=${row.field === field}>${field}</option>`)}
            <option value=${ATTRIBUTES} ?selected=${row.field === ATTRIBUTES}>${t('editors.rules.attributeField')}</option>
          </select>
          ${row.field === ATTRIBUTES ? html`<input id=${id('attribute')} .value=${row.attribute} aria-label=${t('editors.rules.attributeName', n)}
            @input=${(e) => set((c) => { c.attribute = e.target.value; })}
            aria-invalid=${invalid(error, path('field'))} aria-describedby=${describedBy(error, path('field'), FORM)}>` : nothing}
          <select id=${id('op')} aria-label=${t('editors.rules.conditionOp', n)} @change=${(e) => set((c) => { c.op = e.target.value; })}
            aria-invalid=${invalid(error, path('op'))} aria-describedby=${describedBy(error, path('op'), FORM)}>
            ${OPS.map((op) => html`<option value=${op} ?selected=${row.op === op}>${t(`editors.op.${op}`)}</option>`)}
          </select>
          <input id=${id('value')} .value=${row.value} aria-label=${t('editors.rules.conditionValue', n)}
            placeholder=${row.op === 'in' ? t('editors.rules.listPlaceholder') : row.op === 'exists' ? 'true' : ''}
            @input=${(e) => set((c) => { c.value = e.target.value; })}
            aria-invalid=${invalid(error, path('value'))} aria-describedby=${describedBy(error, path('value'), FORM)}>
          <button type="button" class="quiet" aria-label=${t('editors.rules.removeCondition', n)}
            @click=${() => this.change((d) => d[group].splice(i, 1))}>${t('editors.common.remove')}</button>
          ${fieldError(error, path('field'), FORM)} ${fieldError(error, path('op'), FORM)} ${fieldError(error, path('value'), FORM)}
        </div>`;
      })}
      <button type="button" class="quiet" @click=${() => this.change((d) => d[group].push(blankCondition()))}>${t('editors.rules.addCondition', { group: groupName })}</button>
      ${fieldError(error, `conditions.${group}`, FORM)}
    </fieldset>`;
  }

  renderActions(error) {
    const actions = this.draft.actions;
    return html`<fieldset class="rows" aria-invalid=${invalid(error, 'actions')} aria-describedby=${describedBy(error, 'actions', FORM)}>
      <legend>${t('editors.rules.actions')}</legend>
      ${repeat(actions, (action) => action.key, (action, i) => {
        const path = (part) => `actions[${i}].${part}`;
        const id = (part) => `rule-action-${i}-${part}`;
        const set = (mutate) => this.change((d) => mutate(d.actions[i]));
        const attrs = (part) => ({ id: id(part), invalid: invalid(error, path(part)), described: describedBy(error, path(part), FORM) });
        const text = (part, label, { area = false, type = 'text' } = {}) => {
          const a = attrs(part);
          return html`<label for=${a.id}>${label}</label>
            ${area
              ? html`<textarea id=${a.id} rows="2" .value=${action[part]} @input=${(e) => set((x) => { x[part] = e.target.value; })}
                  aria-invalid=${a.invalid} aria-describedby=${a.described}></textarea>`
              : html`<input id=${a.id} type=${type} .value=${action[part]} @input=${(e) => set((x) => { x[part] = e.target.value; })}
                  aria-invalid=${a.invalid} aria-describedby=${a.described}>`}
            ${fieldError(error, path(part), FORM)}`;
        };
        const choice = (part, label, options, { none } = {}) => {
          const a = attrs(part);
          return html`<label for=${a.id}>${label}</label>
            <select id=${a.id} @change=${(e) => set((x) => { x[part] = e.target.value; })} aria-invalid=${a.invalid} aria-describedby=${a.described}>
              ${none ? html`<option value="" ?selected=${!action[part]}>${none}</option>` : nothing}
              ${options.map(([value, name]) => html`<option value=${value} ?selected=${action[part] === value}>${name}</option>`)}
            </select>
            ${fieldError(error, path(part), FORM)}`;
        };
        const priorities = PRIORITIES.map((p) => [p, t(`priority.${p}`)]);
        return html`<fieldset class="action">
          <legend>${t('editors.rules.actionN', { n: i + 1 })}</legend>
          ${choice('type', t('editors.rules.actionType'), ACTIONS.map((type) => [type, t(`editors.action.${type}`)]))}
          ${action.type === 'assign' ? html`
            ${choice('queueId', t('editors.rules.queue'), this.state.queues.map((q) => [q.id, q.name]), { none: t('editors.rules.noQueue') })}
            ${choice('agentId', t('editors.rules.agent'), this.state.agents.map((a) => [a.id, a.name]), { none: t('editors.rules.noAgent') })}` : nothing}
          ${action.type === 'requireSkills' ? text('skills', t('editors.rules.skills')) : nothing}
          ${action.type === 'setPriority' ? choice('priority', t('editors.rules.priority'), priorities) : nothing}
          ${action.type === 'addTags' || action.type === 'removeTags' ? text('tags', t('editors.rules.tags')) : nothing}
          ${action.type === 'escalate' ? html`${text('reason', t('editors.rules.reason'), { area: true })}
            ${choice('priority', t('editors.rules.priority'), priorities, { none: t('editors.rules.samePriority') })}` : nothing}
          ${action.type === 'reply' ? html`
            ${choice('replyWith', t('editors.rules.replyWith'), [['text', t('editors.rules.replyText')], ['canned', t('editors.rules.replyCanned')]])}
            ${action.replyWith === 'canned'
              ? choice('cannedResponseId', t('editors.rules.cannedResponse'), this.canned.map((c) => [c.id, `${c.title} (/${c.shortcut})`]), { none: '—' })
              : text('text', t('editors.rules.text'), { area: true })}` : nothing}
          ${action.type === 'note' || action.type === 'notify' ? text('text', t('editors.rules.text'), { area: true }) : nothing}
          ${action.type === 'setStatus' ? choice('status', t('editors.rules.status'), STATUSES.map((s) => [s, t(`editors.status.${s}`)])) : nothing}
          ${action.type === 'webhook' ? text('url', t('editors.rules.url'), { type: 'url' }) : nothing}
          <button type="button" class="quiet" aria-label=${t('editors.rules.removeAction', { n: i + 1 })}
            @click=${() => this.change((d) => d.actions.splice(i, 1))}>${t('editors.common.remove')}</button>
        </fieldset>`;
      })}
      <button type="button" class="quiet" @click=${() => this.change((d) => d.actions.push(blankAction()))}>${t('editors.rules.addAction')}</button>
      ${fieldError(error, 'actions', FORM)}
    </fieldset>`;
  }

  renderTrial() {
    const trial = this.trial;
    const result = trial?.result;
    const error = narrowed(trial?.error ?? null, ['conversationId']);
    return html`<dialog class="rule-trial editor-wide" aria-labelledby="trial-title">
      <form @submit=${this.runTrial} novalidate>
        <h2 id="trial-title">${t('editors.rules.test')}</h2>
        ${trial ? html`<p>${t('editors.rules.testing', { name: trial.rule.name })}</p>` : nothing}
        <label for="trial-conversation">${t('editors.rules.conversation')}</label>
        <input id="trial-conversation" name="conversationId" list="trial-recent" autocomplete="off" .value=${trial?.conversationId ?? ''}
          aria-invalid=${invalid(error, 'conversationId')} aria-describedby=${describedBy(error, 'conversationId', 'trial')}>
        <datalist id="trial-recent">
          ${this.recent.map((c) => html`<option value=${c.id}>${c.customer?.name ?? c.customerName ?? ''} · ${c.lastPreview ?? ''}</option>`)}
        </datalist>
        <p class="hint">${t('editors.rules.conversationHint')}</p>
        ${fieldError(error, 'conversationId', 'trial')} ${formError(error, ['conversationId'])}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => closeDialog(this, 'dialog.rule-trial')}>${t('editors.common.close')}</button>
          <button type="submit">${t('editors.rules.run')}</button>
        </div>
        <div role="status" aria-label=${t('editors.rules.outcome')} class="trial-outcome">
          ${result ? html`
            <p><strong>${result.matches ? t('editors.rules.matches') : t('editors.rules.noMatch')}</strong>
              ${result.enabled === false ? html` — ${t('editors.rules.disabledNote')}` : nothing}</p>
            ${result.conditions?.length ? html`<ul aria-label=${t('editors.rules.conditions')}>
              ${result.conditions.map((c) => html`<li>${c.holds ? '✓' : '✗'} ${c.in ? `${c.in}: ` : ''}${c.field} ${t(`editors.op.${c.op}`)}
                ${c.value === undefined ? '' : JSON.stringify(c.value)} — ${t('editors.rules.actual')} ${JSON.stringify(c.actual ?? null)}</li>`)}
            </ul>` : nothing}
            ${result.actions?.length ? html`<p>${t('editors.rules.wouldDo')}</p><ul aria-label=${t('editors.rules.wouldDo')}>
              ${result.actions.map((a) => html`<li>${describeAction(a)}</li>`)}
            </ul>` : nothing}` : nothing}
        </div>
      </form>
    </dialog>`;
  }
}

/** One action of a dry run as a line of text ("Set priority: high"). */
function describeAction(action) {
  const { type, ...rest } = action;
  const details = Object.entries(rest)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : value}`);
  return `${t(`editors.action.${type}`)}${details.length ? ` — ${details.join('; ')}` : ''}`;
}

customElements.define('oh-admin-rules', AdminRules);
