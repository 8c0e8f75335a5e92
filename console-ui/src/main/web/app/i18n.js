// One catalogue per language and area; the inbox's is here, the supervisor board's and the admin pages'
// are added by their modules when those load (app/texts-*.js), so an agent's inbox never downloads them.
// The language from ?lang=, else the browser's. Dates and numbers by locale.
import inboxEn from './messages-en.js';
import inboxZh from './messages-zh.js';

const en = { ...inboxEn };
const zh = { ...inboxZh };
const catalogues = { en, zh };

/** Adds an area's texts in both languages (the same keys; ConsoleCataloguesTest checks them). */
export function addTexts(areaEn, areaZh) {
  Object.assign(en, areaEn);
  Object.assign(zh, areaZh);
}

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
