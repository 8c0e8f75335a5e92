// Admin › Tokens: API tokens for integrations, with roles, optionally limited to channels and with an
// end; the token itself is shown once, when created (the hub keeps only its hash); revoking ends it.
import { html } from 'lit';
import * as api from '../api.js';
import { t, formatTime } from '../i18n.js';
import { compact } from '../../components/admin-form.js';
import { ROLES } from './agents.js';

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const tokens = {
  id: 'tokens',
  title: () => t('admin.nav.tokens'),
  add: () => t('admin.tokens.add'),
  name: (token) => token.name,
  list: () => api.get('/api/v1/tokens'),
  related: async () => ({ channels: (await api.get('/api/v1/channels')).items }),
  columns: [
    { header: () => t('admin.col.name'), cell: (token) => token.name },
    { header: () => t('admin.col.roles'), cell: (token) => token.roles.map((role) => t(`admin.role.${role}`)).join(', ') },
    { header: () => t('admin.col.channels'), cell: (token, related) => (token.channels
      ? token.channels.map((id) => related.channels?.find((channel) => channel.id === id)?.name ?? id).join(', ') : t('admin.tokens.allChannels')) },
    { header: () => t('admin.tokens.expires'), cell: (token) => (token.expiresAt ? formatTime(token.expiresAt) : t('admin.tokens.never')) },
    { header: () => t('admin.col.created'), cell: (token) => formatTime(token.createdAt) },
  ],

  fields: (kit, token, related) => html`
    ${kit.input('name', t('admin.col.name'), '', { required: true })}
    ${kit.checkboxes('roles', t('admin.col.roles'), ROLES.map((role) => ({ value: role, label: t(`admin.role.${role}`) })), ['agent'])}
    ${kit.checkboxes('channels', t('admin.tokens.channels'), (related.channels ?? []).map((channel) => ({ value: channel.id, label: channel.name })), [])}
    <p class="hint">${t('admin.tokens.channelsHint')}</p>
    ${kit.input('expiresAt', t('admin.tokens.expires'), '', { type: 'datetime-local', hint: t('admin.tokens.expiresHint') })}`,

  body(values) {
    const channels = values.all('channels');
    const expires = values.text('expiresAt');
    const at = expires ? new Date(expires) : null;
    return compact({
      name: values.text('name'),
      roles: values.all('roles'),
      channels: channels.length ? channels : undefined,
      expiresAt: at ? (Number.isNaN(at.getTime()) ? expires : at.toISOString()) : undefined,
    });
  },

  save: (body) => api.post('/api/v1/tokens', body),

  reveal: (created) => ({
    title: t('admin.tokens.created', { name: created.name }),
    warning: t('admin.tokens.once'),
    items: [{ label: t('admin.tokens.value'), value: created.token, copy: t('admin.tokens.copy') }],
  }),

  actions: (token) => [{
    label: t('admin.tokens.revoke', { name: token.name }),
    short: t('admin.tokens.revokeShort'),
    question: t('admin.tokens.revokeQuestion', { name: token.name }),
    run: () => api.del(`/api/v1/tokens/${token.id}`),
  }],
};
