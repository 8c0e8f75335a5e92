// Admin › Queues: which channels' conversations wait where (channels by id, or every channel of a type),
// the skills they need, the strategy, priority, SLA policy, overflow to another queue after a while, and
// the members (PUT /api/v1/queues/{id}/agents after the queue itself is saved).
import { html } from 'lit';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { compact } from '../../components/admin-form.js';
import { durationText, typedDuration } from './durations.js';
import { everyPage } from './agents.js';

const STRATEGIES = ['leastLoaded', 'roundRobin', 'manual'];
const TYPES = ['api', 'email', 'sms', 'voice', 'chat'];

/** A queue's channel entry as text: a channel's name, or "every <type> channel". */
function channelEntry(entry, related) {
  if (TYPES.includes(entry)) return t('admin.queues.everyOfType', { type: t(`admin.channel.type.${entry}`) });
  return related.channels?.find((channel) => channel.id === entry)?.name ?? entry;
}

const nameOf = (list, id) => list?.find((item) => item.id === id)?.name ?? id;

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const queues = {
  id: 'queues',
  title: () => t('admin.nav.queues'),
  add: () => t('admin.queues.add'),
  editTitle: () => t('admin.queues.edit'),
  name: (queue) => queue.name,
  list: (cursor) => api.get(`/api/v1/queues${api.query({ cursor })}`),
  related: async () => {
    const [channels, agents, policies, queues] = await Promise.all([api.get('/api/v1/channels'), everyPage('/api/v1/agents'),
      api.get('/api/v1/sla-policies'), api.get('/api/v1/queues')]);
    return { channels: channels.items, agents: agents.filter((agent) => agent.active), policies: policies.items, queues: queues.items };
  },
  columns: [
    { header: () => t('admin.col.name'), cell: (queue) => queue.name },
    { header: () => t('admin.col.channels'), cell: (queue, related) => queue.channels.map((entry) => channelEntry(entry, related)).join(', ') },
    { header: () => t('admin.col.skills'), cell: (queue) => queue.skills.join(', ') },
    { header: () => t('admin.queues.strategy'), cell: (queue) => t(`admin.queues.strategy.${queue.strategy}`) },
    { header: () => t('admin.queues.priority'), cell: (queue) => String(queue.priority) },
    { header: () => t('admin.queues.slaPolicy'), cell: (queue, related) => (queue.slaPolicyId ? nameOf(related.policies, queue.slaPolicyId) : '') },
    { header: () => t('admin.queues.overflow'), cell: (queue, related) => (queue.overflow
      ? t('admin.queues.overflowText', { after: durationText(queue.overflow.after), queue: nameOf(related.queues, queue.overflow.queueId) }) : '') },
    { header: () => t('admin.queues.members'), cell: (queue, related) => queue.agentIds.map((id) => nameOf(related.agents, id)).join(', ') },
  ],

  fields(kit, queue, related) {
    const channelChoices = [
      ...(related.channels ?? []).map((channel) => ({ value: channel.id, label: `${channel.name} (${t(`admin.channel.type.${channel.type}`)})` })),
      ...TYPES.map((type) => ({ value: type, label: t('admin.queues.everyOfType', { type: t(`admin.channel.type.${type}`) }) })),
    ];
    const others = (related.queues ?? []).filter((other) => other.id !== queue?.id);
    return html`
      ${kit.input('name', t('admin.col.name'), queue?.name, { required: true })}
      ${kit.checkboxes('channels', t('admin.col.channels'), channelChoices, queue?.channels ?? [])}
      ${kit.input('skills', t('admin.col.skills'), queue?.skills.join(', '), { hint: t('admin.commaHint') })}
      ${kit.select('strategy', t('admin.queues.strategy'), STRATEGIES.map((value) => ({ value, label: t(`admin.queues.strategy.${value}`) })),
        queue?.strategy ?? 'leastLoaded')}
      ${kit.input('priority', t('admin.queues.priority'), queue?.priority ?? 0, { type: 'number', min: -1000, max: 1000, hint: t('admin.queues.priorityHint') })}
      ${kit.select('slaPolicyId', t('admin.queues.slaPolicy'), [{ value: '', label: t('admin.queues.noPolicy') },
        ...(related.policies ?? []).map((policy) => ({ value: policy.id, label: policy.name }))], queue?.slaPolicyId ?? '')}
      ${kit.group(t('admin.queues.overflow'), html`
        ${kit.input('overflow.after', t('admin.queues.overflowAfter'), queue?.overflow ? typedDuration(queue.overflow.after) : '', { hint: t('admin.durationHint') })}
        ${kit.select('overflow.queueId', t('admin.queues.overflowQueue'), [{ value: '', label: t('admin.queues.noOverflow') },
          ...others.map((other) => ({ value: other.id, label: other.name }))], queue?.overflow?.queueId ?? '')}`)}
      ${kit.checkboxes('agentIds', t('admin.queues.members'), (related.agents ?? []).map((agent) => ({ value: agent.id, label: agent.name })),
        queue?.agentIds ?? [])}`;
  },

  body(values, queue) {
    const after = values.duration('overflow.after');
    const overflowQueue = values.text('overflow.queueId');
    // Either half given sends both, so the API names the missing one; neither removes an edited queue's overflow.
    const overflow = after || overflowQueue ? { after: after ?? '', queueId: overflowQueue ?? '' } : queue?.overflow ? null : undefined;
    return compact({
      name: values.text('name'),
      channels: values.all('channels'),
      skills: values.list('skills'),
      strategy: values.text('strategy'),
      priority: values.int('priority'),
      slaPolicyId: values.text('slaPolicyId'),
      overflow,
    });
  },

  async save(body, queue, values) {
    const saved = queue ? await api.patch(`/api/v1/queues/${queue.id}`, body) : await api.post('/api/v1/queues', body);
    const members = values.all('agentIds');
    if (!queue || members.join() !== queue.agentIds.join()) {
      try {
        await api.put(`/api/v1/queues/${saved.id}/agents`, { agentIds: members });
      } catch (error) {
        error.saved = saved; // the queue exists: saving again changes it rather than adding another
        error.field = error.field === 'agentIds' || !error.field ? 'agentIds' : error.field;
        throw error;
      }
    }
    return saved;
  },

  actions: (queue) => [{
    label: t('admin.delete', { name: queue.name }),
    short: t('admin.deleteShort'),
    question: t('admin.queues.deleteQuestion', { name: queue.name }),
    run: () => api.del(`/api/v1/queues/${queue.id}`),
  }],
};
