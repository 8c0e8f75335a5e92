// Admin › Agents: who answers, with their roles, skills and capacity per channel type; the queues they
// are in; deactivation (PATCH active false: they can no longer sign in, their history stays).
import { html } from 'lit';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { compact } from '../../components/admin-form.js';

export const ROLES = ['agent', 'supervisor', 'admin'];
/** The channel types capacity is counted by (AgentRoutes: the types the adapters declare). */
const CAPACITY = ['chat', 'email', 'sms', 'voice', 'api'];

/** Every page of a paged list (the admin pages need whole lists of agents for their choices). */
export async function everyPage(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(`${path}${api.query({ limit: 200, cursor })}`);
    items.push(...page.items);
    cursor = page.next ?? null;
  } while (cursor);
  return items;
}

const roleNames = (roles) => roles.map((role) => t(`admin.role.${role}`)).join(', ');

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const agents = {
  id: 'agents',
  title: () => t('admin.nav.agents'),
  add: () => t('admin.agents.add'),
  editTitle: () => t('admin.agents.edit'),
  name: (agent) => agent.name,
  list: (cursor) => api.get(`/api/v1/agents${api.query({ limit: 50, cursor })}`),
  related: async () => ({ queues: (await api.get('/api/v1/queues')).items }),
  columns: [
    { header: () => t('admin.col.name'), cell: (agent) => agent.name },
    { header: () => t('admin.col.email'), cell: (agent) => agent.email },
    { header: () => t('admin.col.roles'), cell: (agent) => roleNames(agent.roles) },
    { header: () => t('admin.col.skills'), cell: (agent) => agent.skills.join(', ') },
    { header: () => t('admin.col.capacity'), cell: (agent) => Object.entries(agent.capacity ?? {})
      .map(([type, count]) => `${t(`admin.channel.type.${type}`)} ${count}`).join(' · ') },
    { header: () => t('admin.col.queues'), cell: (agent, related) => (agent.queues ?? [])
      .map((id) => related.queues?.find((queue) => queue.id === id)?.name ?? id).join(', ') },
    { header: () => t('admin.col.status'), cell: (agent) => (agent.active ? t('admin.agents.active') : t('admin.agents.inactive')) },
  ],

  fields(kit, agent) {
    const editing = Boolean(agent);
    return html`
      ${kit.input('name', t('admin.col.name'), agent?.name, { required: true })}
      ${editing ? html`<p>${t('admin.col.email')}: ${agent.email}</p>` : kit.input('email', t('admin.col.email'), '', { type: 'email', required: true })}
      ${editing ? kit.secret('password', t('admin.agents.newPassword'), { editing: true })
        : kit.input('password', t('admin.agents.password'), '', { type: 'password', required: true, autocomplete: 'new-password', hint: t('admin.agents.passwordHint') })}
      ${kit.checkboxes('roles', t('admin.col.roles'), ROLES.map((role) => ({ value: role, label: t(`admin.role.${role}`) })), agent?.roles ?? ['agent'])}
      ${kit.input('skills', t('admin.col.skills'), agent?.skills.join(', '), { hint: t('admin.commaHint') })}
      ${kit.group(t('admin.agents.capacity'), CAPACITY.map((type) => kit.input(`capacity.${type}`, t('admin.agents.capacityOf', { type: t(`admin.channel.type.${type}`) }),
        agent?.capacity?.[type], { type: 'number', min: 0, max: 1000 })))}`;
  },

  body(values, agent) {
    const capacity = Object.fromEntries(CAPACITY.map((type) => [type, values.int(`capacity.${type}`)]));
    return compact({
      name: values.text('name'),
      ...(agent ? {} : { email: values.text('email') }),
      password: values.text('password'),
      roles: values.all('roles'),
      skills: values.list('skills'),
      capacity,
    });
  },

  save: (body, agent) => (agent ? api.patch(`/api/v1/agents/${agent.id}`, body) : api.post('/api/v1/agents', body)),

  actions: (agent) => [agent.active
    ? { label: t('admin.agents.deactivate', { name: agent.name }), short: t('admin.agents.deactivateShort'), question: t('admin.agents.deactivateQuestion', { name: agent.name }),
      run: () => api.patch(`/api/v1/agents/${agent.id}`, { active: false }) }
    : { label: t('admin.agents.reactivate', { name: agent.name }), short: t('admin.agents.reactivateShort'), run: () => api.patch(`/api/v1/agents/${agent.id}`, { active: true }) }],
};
