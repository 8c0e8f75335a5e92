// How hub values read on screen, in the agent's language.
import { t } from './i18n.js';

const CHANNELS = {
  en: { chat: 'chat', email: 'email', sms: 'SMS', voice: 'phone', api: 'API' },
  zh: { chat: '在线聊天', email: '邮件', sms: '短信', voice: '电话', api: 'API' },
};

export function channelName(type) {
  const names = CHANNELS[document.documentElement.lang.startsWith('zh') ? 'zh' : 'en'];
  return names[type] ?? type ?? '';
}

/**
 * The accessible name's start for a message: its author as the contract spells it
 * (`Ana Lima`, `Bea Berg (agent)`, `Note by Bea Berg`, `System`).
 */
export function authorLabel(message, customerName) {
  const name = message.author?.name;
  if (message.direction === 'note') return t('author.note', { name: name ?? '' });
  if (message.direction === 'system' || message.author?.type === 'system') return t('author.system');
  if (message.author?.type === 'agent') return t('author.agent', { name: name ?? '' });
  if (message.author?.type === 'bot') return t('author.bot', { name: name ?? '' });
  return customerName;
}
