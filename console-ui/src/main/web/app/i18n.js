// One catalogue per language and area (the inbox, the supervisor board, the admin pages, the admin editors), merged here;
// the language from ?lang=, else the browser's. Dates and numbers by locale.
import inboxEn from './messages-en.js';
import inboxZh from './messages-zh.js';
import supervisorEn from './messages-supervisor-en.js';
import supervisorZh from './messages-supervisor-zh.js';
import adminEn from './messages-admin-en.js';
import adminZh from './messages-admin-zh.js';
import editorsEn from './messages-admin-editors-en.js';
import editorsZh from './messages-admin-editors-zh.js';

const en = { ...inboxEn, ...supervisorEn, ...adminEn, ...editorsEn };
const zh = { ...inboxZh, ...supervisorZh, ...adminZh, ...editorsZh };
const catalogues = { en, zh };

/** @returns {'en'|'zh'} */
function chooseLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  const wanted = asked ? [asked] : navigator.languages || [navigator.language || 'en'];
  for (const tag of wanted) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in catalogues) return /** @type {'en'|'zh'} */ (base);
  }
  return 'en';
}

export const language = chooseLanguage();
const catalogue = catalogues[language];
const locale = language === 'zh' ? 'zh-CN' : 'en';
document.documentElement.lang = locale;

/**
 * The text for a key, with {name} placeholders filled in (as text; callers never insert it as HTML).
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 */
export function t(key, params = {}) {
  const text = catalogue[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(locale);

/** A time of today as hh:mm, anything older with its date. */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

export function formatNumber(value) {
  return numberFormat.format(value);
}
