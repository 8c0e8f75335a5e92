// Escalation to a ticket: priority, queue (whose SLA policy the ticket takes) and reason; the API's refusal is shown next to the field it names.
import { html, nothing } from 'lit';
import { DeskElement, desk } from './base.js';
import { t } from '../app/i18n.js';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

class EscalateDialog extends DeskElement {
  static properties = { error: { state: true } };

  watched(state) {
    return [state.queues];
  }

  open() {
    this.error = null;
    this.querySelector('dialog').showModal();
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      await desk.escalate(String(form.get('priority')), String(form.get('reason') ?? '').trim(), String(form.get('queueId') ?? ''));
      this.querySelector('dialog').close();
    } catch (error) {
      this.error = error;
    }
  }

  render() {
    const field = this.error?.field;
    const invalid = (name) => (field === name ? 'true' : nothing);
    const described = (name) => (field === name ? 'escalate-error' : nothing);
    return html`<dialog aria-labelledby="escalate-title">
      <form @submit=${this.submit}>
        <h2 id="escalate-title">${t('escalate.title')}</h2>
        <label for="escalate-priority">${t('escalate.priority')}</label>
        <select id="escalate-priority" name="priority" aria-invalid=${invalid('priority')} aria-describedby=${described('priority')}>
          ${PRIORITIES.map((priority) => html`<option value=${priority} ?selected=${priority === 'normal'}>${t(`priority.${priority}`)}</option>`)}
        </select>
        <label for="escalate-queue">${t('escalate.queue')}</label>
        <select id="escalate-queue" name="queueId" aria-invalid=${invalid('queueId')} aria-describedby=${described('queueId')}>
          <option value="">${t('escalate.sameQueue')}</option>
          ${desk.state.queues.map((queue) => html`<option value=${queue.id}>${queue.name}</option>`)}
        </select>
        <label for="escalate-reason">${t('escalate.reason')}</label>
        <textarea id="escalate-reason" name="reason" rows="3" maxlength="2000" aria-invalid=${invalid('reason')}
          aria-describedby=${described('reason')}></textarea>
        ${this.error ? html`<p id="escalate-error" role="alert" class="error">${this.error.message}</p>` : ''}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => this.querySelector('dialog').close()}>${t('escalate.cancel')}</button>
          <button type="submit">${t('escalate.create')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

customElements.define('oh-escalate-dialog', EscalateDialog);
