// Durations as admins type them (minutes, or with a unit: 90, 90m, 4h, 1d) and as the API keeps them
// (ISO-8601: PT90M, PT4H, P1D).
import { t } from '../i18n.js';

const UNITS = { m: 'M', min: 'M', h: 'H', d: 'D' };

/** ISO-8601 for what was typed; a text that is no duration goes as it is, for the API to refuse. */
export function isoDuration(text) {
  if (text === undefined) return undefined;
  const match = /^(\d+)\s*(m|min|h|d)?$/i.exec(text.trim());
  if (!match) return text;
  const unit = UNITS[(match[2] ?? 'm').toLowerCase()];
  return unit === 'D' ? `P${Number(match[1])}D` : `PT${Number(match[1])}${unit}`;
}

/** Whole minutes of an ISO-8601 duration (days, hours, minutes, seconds), or null when it has another form. */
export function minutesOf(iso) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso ?? '');
  if (!match || iso === 'P' || iso === 'PT') return null;
  const [, days = 0, hours = 0, minutes = 0, seconds = 0] = match;
  return Number(days) * 1440 + Number(hours) * 60 + Number(minutes) + Math.round(Number(seconds) / 60);
}

/** What an edit form shows for a stored duration: the shortest exact form (4h rather than 240). */
export function typedDuration(iso) {
  const minutes = minutesOf(iso);
  if (minutes === null) return iso ?? '';
  if (minutes > 0 && minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes > 0 && minutes % 60 === 0) return `${minutes / 60}h`;
  return String(minutes);
}

/** A stored duration as text: `15 min`, `4 h`, `1 d`. */
export function durationText(iso) {
  const minutes = minutesOf(iso);
  if (minutes === null) return iso ?? '';
  if (minutes > 0 && minutes % 1440 === 0) return t('admin.duration.days', { n: minutes / 1440 });
  if (minutes > 0 && minutes % 60 === 0) return t('admin.duration.hours', { n: minutes / 60 });
  return t('admin.duration.minutes', { n: minutes });
}
