// Admin › Channels: every channel type with its settings (README "API" and the OpenAPI document's
// `*ChannelSettings`), the satisfaction survey, the signing secret shown once (on create and rotation)
// and a chat channel's widget snippet. Credentials are write-only: the API reads them back masked, the
// form never shows them, and an empty secret field on an edit keeps the stored one (absent from the PATCH).
import { html, nothing } from 'lit';
import * as api from '../api.js';
import { t } from '../i18n.js';
import { compact } from '../../components/admin-form.js';
import { typedDuration } from './durations.js';

const TYPES = ['api', 'email', 'sms', 'voice', 'chat'];
const TLS = ['', 'none', 'starttls', 'ssl'];
const LANGUAGES = ['auto', 'en', 'zh'];

/** The one tag a website needs for a chat channel (adapters' widget/widget.js reads data-channel-id). */
export function widgetSnippet(channel) {
  return `<script src="${location.origin}/widget.js" data-channel-id="${channel.id}" async></script>`;
}

const typeName = (type) => t(`admin.channel.type.${type}`);

function details(channel) {
  const settings = channel.settings ?? {};
  if (channel.type === 'email') return settings.address ?? '';
  if (channel.type === 'sms') return settings.phoneNumber ?? '';
  if (channel.type === 'chat') return (settings.allowedOrigins ?? []).join(', ') || t('admin.channel.anyOrigin');
  return channel.inboundUrl ?? '';
}

function mailServer(kit, prefix, server, editing, imap) {
  const tls = TLS.map((value) => ({ value, label: value ? t(`admin.channel.tls.${value}`) : t('admin.default') }));
  return kit.group(t(`admin.channel.${prefix}`), html`
    ${kit.input(`${prefix}.host`, t(`admin.channel.${prefix}.host`), server?.host)}
    ${kit.input(`${prefix}.port`, t(`admin.channel.${prefix}.port`), server?.port, { type: 'number', min: 1, max: 65535 })}
    ${kit.select(`${prefix}.tls`, t(`admin.channel.${prefix}.tls`), tls, server?.tls ?? '')}
    ${kit.input(`${prefix}.user`, t(`admin.channel.${prefix}.user`), server?.user)}
    ${kit.secret(`${prefix}.password`, t(`admin.channel.${prefix}.password`), { editing: editing && Boolean(server?.password) })}
    ${imap ? html`
      ${kit.input('imap.folder', t('admin.channel.imap.folder'), server?.folder, { hint: t('admin.channel.imap.folderHint') })}
      ${kit.input('imap.pollSeconds', t('admin.channel.imap.pollSeconds'), server?.pollSeconds, { type: 'number', min: 5, max: 86400 })}` : nothing}`);
}

function readServer(values, prefix, imap) {
  const host = values.text(`${prefix}.host`);
  if (host === undefined) return undefined;
  return {
    host,
    port: values.int(`${prefix}.port`),
    tls: values.text(`${prefix}.tls`),
    user: values.text(`${prefix}.user`),
    password: values.text(`${prefix}.password`),
    ...(imap ? { folder: values.text('imap.folder'), pollSeconds: values.int('imap.pollSeconds') } : {}),
  };
}

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const channels = {
  id: 'channels',
  title: () => t('admin.nav.channels'),
  add: () => t('admin.channels.add'),
  editTitle: () => t('admin.channels.edit'),
  name: (channel) => channel.name,
  list: () => api.get('/api/v1/channels'),
  columns: [
    { header: () => t('admin.col.name'), cell: (channel) => channel.name },
    { header: () => t('admin.col.type'), cell: (channel) => typeName(channel.type) },
    { header: () => t('admin.col.details'), cell: (channel) => details(channel) },
    { header: () => t('admin.col.csat'), cell: (channel) => (channel.settings?.csat?.enabled ? t('admin.on') : t('admin.off')) },
  ],

  fields(kit, channel, related, choices) {
    const editing = Boolean(channel);
    const type = channel?.type ?? choices.type ?? 'api';
    const settings = channel?.settings ?? {};
    const csat = settings.csat ?? {};
    return html`
      ${editing ? html`<p>${t('admin.col.type')}: ${typeName(type)}</p>`
        : kit.select('type', t('admin.channel.type'), TYPES.map((value) => ({ value, label: typeName(value) })), type, { choose: true })}
      ${kit.input('name', t('admin.col.name'), channel?.name, { required: true })}
      ${type === 'api' ? kit.input('webhookUrl', t('admin.channel.webhookUrl'), settings.webhookUrl, { type: 'url', hint: t('admin.channel.webhookUrlHint') }) : nothing}
      ${type === 'email' ? html`
        ${kit.input('address', t('admin.channel.address'), settings.address, { type: 'email', required: true })}
        ${kit.input('fromName', t('admin.channel.fromName'), settings.fromName)}
        ${mailServer(kit, 'smtp', settings.smtp, editing, false)}
        ${mailServer(kit, 'imap', settings.imap, editing, true)}` : nothing}
      ${type === 'sms' ? html`
        ${kit.input('accountSid', t('admin.channel.accountSid'), settings.accountSid, { required: true })}
        ${kit.secret('authToken', t('admin.channel.authToken'), { required: !editing, editing })}
        ${kit.input('phoneNumber', t('admin.channel.phoneNumber'), settings.phoneNumber, { type: 'tel', required: true, hint: t('admin.channel.phoneNumberHint') })}
        ${kit.input('apiBaseUrl', t('admin.channel.apiBaseUrl'), settings.apiBaseUrl, { type: 'url', hint: t('admin.channel.apiBaseUrlHint') })}` : nothing}
      ${type === 'voice' ? html`<p class="hint">${t('admin.channel.voiceHint')}</p>` : nothing}
      ${type === 'chat' ? html`
        ${kit.textarea('allowedOrigins', t('admin.channel.allowedOrigins'), (settings.allowedOrigins ?? []).join('\n'), { rows: 2, hint: t('admin.channel.allowedOriginsHint') })}
        ${kit.input('greeting', t('admin.channel.greeting'), settings.greeting)}
        ${kit.select('language', t('admin.channel.language'), LANGUAGES.map((value) => ({ value, label: t(`admin.channel.language.${value}`) })), settings.language ?? 'auto')}
        ${kit.input('offlineEmailDelayMinutes', t('admin.channel.offlineEmailDelayMinutes'), settings.offlineEmailDelayMinutes, { type: 'number', min: 0, max: 1440 })}
        ${kit.input('maxAttachmentBytes', t('admin.channel.maxAttachmentBytes'), settings.maxAttachmentBytes, { type: 'number', min: 1024, max: 7340032 })}
        ${editing ? html`<oh-admin-copy .label=${t('admin.channel.snippet')} .value=${widgetSnippet(channel)} .copyLabel=${t('admin.channel.copySnippet')}></oh-admin-copy>` : nothing}` : nothing}
      ${kit.group(t('admin.channel.csat'), html`
        ${kit.checkbox('csat.enabled', t('admin.channel.csat.enabled'), csat.enabled === true)}
        ${kit.input('csat.question', t('admin.channel.csat.question'), csat.question)}
        ${kit.input('csat.delay', t('admin.channel.csat.delay'), csat.delay ? typedDuration(csat.delay) : '', { hint: t('admin.durationHint') })}
        ${kit.input('csat.quietDays', t('admin.channel.csat.quietDays'), csat.quietDays, { type: 'number', min: 0, max: 365 })}`)}`;
  },

  body(values, channel) {
    const type = channel?.type ?? values.text('type');
    const settings = {
      api: () => ({ webhookUrl: values.text('webhookUrl') }),
      email: () => ({ address: values.text('address'), fromName: values.text('fromName'), smtp: readServer(values, 'smtp', false),
        imap: readServer(values, 'imap', true) }),
      sms: () => ({ accountSid: values.text('accountSid'), authToken: values.text('authToken'), phoneNumber: values.text('phoneNumber'),
        apiBaseUrl: values.text('apiBaseUrl') }),
      voice: () => ({}),
      chat: () => ({ allowedOrigins: values.list('allowedOrigins'), greeting: values.text('greeting'), language: values.text('language'),
        offlineEmailDelayMinutes: values.int('offlineEmailDelayMinutes'), maxAttachmentBytes: values.int('maxAttachmentBytes') }),
    }[type]?.() ?? {};
    const csat = { enabled: values.bool('csat.enabled'), question: values.text('csat.question'), delay: values.duration('csat.delay'),
      quietDays: values.int('csat.quietDays') };
    return compact({ ...(channel ? {} : { type }), name: values.text('name'), ...settings, csat });
  },

  save: (body, channel) => (channel ? api.patch(`/api/v1/channels/${channel.id}`, body) : api.post('/api/v1/channels', body)),

  reveal(saved, channel) {
    if (channel || !saved.secret) return null;
    return secretShown(saved, t('admin.channels.created', { name: saved.name }));
  },

  actions: (channel) => [{
    label: t('admin.channels.rotate', { name: channel.name }),
    short: t('admin.channels.rotateShort'),
    question: t('admin.channels.rotateQuestion', { name: channel.name }),
    run: () => api.post(`/api/v1/channels/${channel.id}/secret`),
    reveal: (rotated) => secretShown(rotated, t('admin.channels.rotated', { name: rotated.name })),
  }],
};

/** The signing secret, shown this once (and a chat channel's snippet beside it). */
function secretShown(channel, title) {
  const items = [{ label: t('admin.channel.secret'), value: channel.secret, copy: t('admin.channel.copySecret') }];
  if (channel.type === 'chat') items.push({ label: t('admin.channel.snippet'), value: widgetSnippet(channel), copy: t('admin.channel.copySnippet') });
  return { title, warning: t('admin.channel.secretOnce'), items };
}
