// Admin › Business hours and SLA policies (README "Tickets"): opening hours per weekday in a time zone
// with holidays; per priority the first response, next response and resolution targets (typed as
// minutes or with h/d, sent as ISO-8601), the warning ahead of a breach and what a breach does. The API
// creates and lists both (no change or removal yet), so these pages only add.
import { html } from 'lit';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { compact } from '../../components/admin-form.js';
import { durationText } from './durations.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const TARGETS = ['firstResponse', 'nextResponse', 'resolution'];

/** "09:00-12:00, 13:00-17:00" as the API's intervals; a piece that is no interval goes as it is, for the API to name. */
function intervals(text) {
  if (!text) return undefined;
  return text.split(',').map((piece) => piece.trim()).filter(Boolean).map((piece) => {
    const parts = piece.split(/\s*[-–]\s*/);
    return parts.length === 2 ? parts : [piece];
  });
}

const intervalText = (pairs) => (pairs ?? []).map(([from, to]) => `${from}–${to}`).join(', ');

function timeZones() {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const businessHours = {
  id: 'business-hours',
  title: () => t('admin.nav.businessHours'),
  add: () => t('admin.hours.add'),
  name: (hours) => hours.name,
  list: () => api.get('/api/v1/business-hours'),
  columns: [
    { header: () => t('admin.col.name'), cell: (hours) => hours.name },
    { header: () => t('admin.hours.timeZone'), cell: (hours) => hours.timeZone },
    { header: () => t('admin.hours.week'), cell: (hours) => DAYS.filter((day) => hours.week?.[day]?.length)
      .map((day) => `${t(`admin.day.${day}`)} ${intervalText(hours.week[day])}`).join('; ') },
    { header: () => t('admin.hours.holidays'), cell: (hours) => (hours.holidays ?? []).join(', ') },
  ],

  fields(kit) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return html`
      ${kit.input('name', t('admin.col.name'), '', { required: true })}
      ${kit.input('timeZone', t('admin.hours.timeZone'), zone, { required: true, list: 'admin-time-zones', hint: t('admin.hours.timeZoneHint') })}
      <datalist id="admin-time-zones">${timeZones().map((name) => html`<option value=${name}></option>`)}</datalist>
      ${kit.group(t('admin.hours.week'), DAYS.map((day) => kit.input(`week.${day}`, t(`admin.day.${day}`),
        ['sat', 'sun'].includes(day) ? '' : '09:00-17:00', { hint: day === 'mon' ? t('admin.hours.intervalsHint') : '' })))}
      ${kit.input('holidays', t('admin.hours.holidays'), '', { hint: t('admin.hours.holidaysHint') })}`;
  },

  body: (values) => compact({
    name: values.text('name'),
    timeZone: values.text('timeZone'),
    week: Object.fromEntries(DAYS.map((day) => [day, intervals(values.text(`week.${day}`))])),
    holidays: values.list('holidays'),
  }),

  save: (body) => api.post('/api/v1/business-hours', body),
};

function targetsText(targets) {
  return PRIORITIES.filter((priority) => targets?.[priority]).map((priority) => {
    const parts = TARGETS.filter((target) => targets[priority][target])
      .map((target) => `${t(`admin.sla.${target}`)} ${durationText(targets[priority][target])}`);
    return `${t(`admin.priority.${priority}`)}: ${parts.join(', ')}`;
  }).join('; ');
}

function breachText(onBreach, related) {
  if (!onBreach) return '';
  const parts = [];
  if (onBreach.escalate) parts.push(t('admin.sla.escalate'));
  if (onBreach.raisePriority) parts.push(t('admin.sla.raisePriority'));
  if (onBreach.queueId) parts.push(t('admin.sla.toQueue', { queue: related.queues?.find((queue) => queue.id === onBreach.queueId)?.name ?? onBreach.queueId }));
  return parts.join(', ');
}

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const slaPolicies = {
  id: 'sla-policies',
  title: () => t('admin.nav.slaPolicies'),
  add: () => t('admin.sla.add'),
  name: (policy) => policy.name,
  list: () => api.get('/api/v1/sla-policies'),
  related: async () => {
    const [hours, queues] = await Promise.all([api.get('/api/v1/business-hours'), api.get('/api/v1/queues')]);
    return { hours: hours.items, queues: queues.items };
  },
  columns: [
    { header: () => t('admin.col.name'), cell: (policy) => policy.name },
    { header: () => t('admin.nav.businessHours'), cell: (policy, related) => (policy.businessHoursId
      ? related.hours?.find((hours) => hours.id === policy.businessHoursId)?.name ?? policy.businessHoursId : t('admin.sla.allDay')) },
    { header: () => t('admin.sla.targets'), cell: (policy) => targetsText(policy.targets) },
    { header: () => t('admin.sla.warnBefore'), cell: (policy) => (policy.warnBefore ? durationText(policy.warnBefore) : '') },
    { header: () => t('admin.sla.onBreach'), cell: (policy, related) => breachText(policy.onBreach, related) },
  ],

  fields(kit, policy, related) {
    return html`
      ${kit.input('name', t('admin.col.name'), '', { required: true })}
      ${kit.select('businessHoursId', t('admin.nav.businessHours'), [{ value: '', label: t('admin.sla.allDay') },
        ...(related.hours ?? []).map((hours) => ({ value: hours.id, label: hours.name }))], '')}
      <p class="hint" id="sla-durations-hint">${t('admin.durationHint')}</p>
      ${PRIORITIES.map((priority) => kit.group(t(`admin.priority.${priority}`), TARGETS.map((target) =>
        kit.input(`targets.${priority}.${target}`, t('admin.sla.targetOf', { target: t(`admin.sla.${target}`), priority: t(`admin.priority.${priority}`) }), ''))))}
      ${kit.input('warnBefore', t('admin.sla.warnBefore'), '', { hint: t('admin.durationHint') })}
      ${kit.group(t('admin.sla.onBreach'), html`
        ${kit.checkbox('onBreach.escalate', t('admin.sla.escalate'), false)}
        ${kit.checkbox('onBreach.raisePriority', t('admin.sla.raisePriority'), false)}
        ${kit.select('onBreach.queueId', t('admin.sla.breachQueue'), [{ value: '', label: t('admin.sla.sameQueue') },
          ...(related.queues ?? []).map((queue) => ({ value: queue.id, label: queue.name }))], '')}`)}`;
  },

  body: (values) => compact({
    name: values.text('name'),
    businessHoursId: values.text('businessHoursId'),
    targets: Object.fromEntries(PRIORITIES.map((priority) => [priority,
      Object.fromEntries(TARGETS.map((target) => [target, values.duration(`targets.${priority}.${target}`)]))])),
    warnBefore: values.duration('warnBefore'),
    onBreach: { escalate: values.bool('onBreach.escalate'), raisePriority: values.bool('onBreach.raisePriority'), queueId: values.text('onBreach.queueId') },
  }),

  save: (body) => api.post('/api/v1/sla-policies', body),
};
