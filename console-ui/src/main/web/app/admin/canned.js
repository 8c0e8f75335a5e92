// Admin › Canned responses: the texts agents insert with "/" in the composer. The API checks the
// placeholders at save; an unknown one is its error beside the text.
import { html } from 'lit';
import * as api from '../api.js';
import { t } from '../i18n.js';

const LOCALES = ['', 'en', 'zh'];

/** @type {import('../../components/admin-resource.js').AdminResource} */
export const cannedResponses = {
  id: 'canned',
  title: () => t('admin.nav.cannedResponses'),
  add: () => t('admin.canned.add'),
  editTitle: () => t('admin.canned.edit'),
  name: (canned) => canned.title,
  list: (cursor) => api.get(`/api/v1/canned-responses${api.query({ cursor })}`),
  columns: [
    { header: () => t('admin.canned.title'), cell: (canned) => canned.title },
    { header: () => t('admin.canned.shortcut'), cell: (canned) => `/${canned.shortcut}` },
    { header: () => t('admin.canned.text'), cell: (canned) => html`<span class="clip">${canned.text}</span>` },
    { header: () => t('admin.canned.locale'), cell: (canned) => t(`admin.canned.locale.${canned.locale ?? 'any'}`) },
  ],

  fields: (kit, canned) => html`
    ${kit.input('shortcut', t('admin.canned.shortcut'), canned?.shortcut, { required: true, hint: t('admin.canned.shortcutHint') })}
    ${kit.input('title', t('admin.canned.title'), canned?.title, { required: true })}
    ${kit.textarea('text', t('admin.canned.text'), canned?.text, { required: true, rows: 5, hint: t('admin.canned.textHint') })}
    ${kit.select('locale', t('admin.canned.locale'), LOCALES.map((value) => ({ value, label: t(`admin.canned.locale.${value || 'any'}`) })),
      canned?.locale ?? '')}`,

  // The API takes the whole response on a change too; no locale is null (any language).
  body: (values) => ({ shortcut: values.text('shortcut') ?? '', title: values.text('title') ?? '', text: values.text('text') ?? '',
    locale: values.text('locale') ?? null }),

  save: (body, canned) => (canned ? api.patch(`/api/v1/canned-responses/${canned.id}`, body) : api.post('/api/v1/canned-responses', body)),

  actions: (canned) => [{
    label: t('admin.delete', { name: canned.title }),
    short: t('admin.deleteShort'),
    question: t('admin.canned.deleteQuestion', { name: canned.title }),
    run: () => api.del(`/api/v1/canned-responses/${canned.id}`),
  }],
};
