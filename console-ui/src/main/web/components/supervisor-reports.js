// region "Reports": the overview report over a date range (the last 7 days at first) grouped by day,
// channel, agent or queue, in the browser's time zone, as bar charts with text alternatives; and the same
// report as a CSV file (the API's own CSV, fetched with the bearer token and saved through an object URL).
import { html } from 'lit';
import { BoardElement } from './board-element.js';
import { desk } from './base.js';
import { board } from '../app/supervisor.js';
import * as api from '../app/api.js';
import { t, formatNumber } from '../app/i18n.js';
import { channelName } from '../app/labels.js';
import { barChart } from '../app/charts.js';
import { formatDuration, formatPercent, formatScore } from '../app/supervisor-format.js';

const GROUPINGS = ['day', 'channel', 'agent', 'queue'];
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

class SupervisorReports extends BoardElement {
  static properties = {
    from: { state: true }, to: { state: true }, groupBy: { state: true },
    report: { state: true }, loading: { state: true }, error: { state: true },
  };

  watched(state) {
    return [state.agents, state.queues.length]; // names for the agent and queue keys
  }

  constructor() {
    super();
    const today = new Date();
    this.to = localDate(today);
    this.from = localDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6));
    this.groupBy = 'day';
    this.report = null;
    this.generation = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  /** The report's query: `to` is inclusive on screen, so the range ends at the next day's midnight. */
  path() {
    const end = new Date(`${this.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    return `/api/v1/reports/overview${api.query({ from: this.from, to: localDate(end), groupBy: this.groupBy, timeZone: TIME_ZONE })}`;
  }

  async load() {
    const generation = ++this.generation;
    this.loading = true;
    try {
      const report = await api.get(this.path());
      if (generation !== this.generation) return; // a newer range won
      this.report = report;
      this.error = null;
    } catch (error) {
      if (generation === this.generation) this.error = error;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  change(event) {
    const { name, value } = event.target;
    if (!value) return;
    this[name] = value;
    this.load();
  }

  async download() {
    try {
      const file = await api.blob(this.path(), 'text/csv');
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = `omnihub-report-${this.from}-${this.to}-${this.groupBy}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 30_000); // after the browser has taken the file
    } catch (error) {
      this.error = error;
    }
  }

  keyLabel(key) {
    if (key === null || key === undefined || key === '') return t('supervisor.reports.noKey');
    if (this.groupBy === 'agent') return board.agentName(key) ?? desk.agentName(key);
    if (this.groupBy === 'queue') return board.queueName(key) ?? desk.state.queues.find((queue) => queue.id === key)?.name ?? key;
    if (this.groupBy === 'channel') return channelName(key);
    return key;
  }

  charts() {
    const rows = this.report?.rows ?? [];
    const chart = (id, title, value, text) => barChart({
      id: `report-${id}`, title,
      rows: rows.map((row) => ({ label: this.keyLabel(row.key), value: value(row), text: text(value(row)) })),
    });
    const noData = (format) => (value) => (value === null || value === undefined ? t('supervisor.reports.noData') : format(value));
    return [
      chart('conversations', t('supervisor.reports.conversations'), (row) => row.conversations, noData(formatNumber)),
      chart('first-response', t('supervisor.reports.firstResponse'), (row) => row.firstResponseSeconds?.p50 ?? null, noData(formatDuration)),
      chart('resolution', t('supervisor.reports.resolution'), (row) => row.resolutionSeconds?.p50 ?? null, noData(formatDuration)),
      chart('csat', t('supervisor.reports.csat'), (row) => row.csat?.average ?? null, noData(formatScore)),
      chart('sla', t('supervisor.reports.slaMet'), (row) => row.slaMetPercent ?? null, noData(formatPercent)),
    ];
  }

  render() {
    return html`<section class="board-panel reports" aria-labelledby="reports-title" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="reports-title">${t('supervisor.reports.title')}</h2>
      <form class="report-range" @change=${this.change} @submit=${(event) => event.preventDefault()}>
        <label>${t('supervisor.reports.from')} <input type="date" name="from" .value=${this.from} max=${this.to}></label>
        <label>${t('supervisor.reports.to')} <input type="date" name="to" .value=${this.to} min=${this.from}></label>
        <label>${t('supervisor.reports.groupBy')}
          <select name="groupBy" .value=${this.groupBy}>
            ${GROUPINGS.map((grouping) => html`<option value=${grouping} ?selected=${grouping === this.groupBy}>${t(`supervisor.reports.by.${grouping}`)}</option>`)}
          </select></label>
        <button type="button" @click=${() => this.download()}>${t('supervisor.reports.csv')}</button>
      </form>
      ${this.error ? html`<p role="alert" class="error">${this.error.message}</p>` : ''}
      ${this.report ? html`<p class="hint">${t('supervisor.reports.totals', {
        conversations: formatNumber(this.report.totals?.conversations ?? 0), resolved: formatNumber(this.report.totals?.resolved ?? 0) })}</p>
        <div class="charts">${this.charts()}</div>` : ''}
    </section>`;
  }
}

/** A date as the browser's calendar shows it (YYYY-MM-DD), not UTC's. */
function localDate(date) {
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

customElements.define('oh-supervisor-reports', SupervisorReports);
