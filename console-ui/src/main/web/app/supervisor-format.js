// How the supervisor pages read figures: durations ("2 min 5 s"), loads against capacity ("chat 2/3"),
// due times ("in 12 min", "8 min overdue"), report keys (agent and queue names, channel names, dates).
import { t, formatNumber } from './i18n.js';
import { channelName } from './labels.js';

/** Seconds as the largest two units that matter: "45 s", "2 min 5 s", "3 h 10 min", "2 d 4 h"; null as "–". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return t('supervisor.none');
  const total = Math.max(0, Math.round(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const rest = total % 60;
  if (days) return t('supervisor.duration.dh', { d: days, h: hours });
  if (hours) return t('supervisor.duration.hm', { h: hours, m: minutes });
  if (minutes) return t('supervisor.duration.ms', { m: minutes, s: rest });
  return t('supervisor.duration.s', { s: rest });
}

/** An agent's load against capacity, per channel type they can take: "chat 2/3, email 0/10". */
export function formatLoad(agent) {
  const types = [...new Set([...Object.keys(agent.capacity ?? {}), ...Object.keys(agent.load ?? {})])]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return types.map((type) => `${channelName(type)} ${agent.load?.[type] ?? 0}/${agent.capacity?.[type] ?? 0}`).join(', ');
}

/** Channel types in one order on every row (the hub's maps keep none). */
const TYPE_ORDER = ['chat', 'email', 'sms', 'voice', 'api'];
function rank(type) {
  const index = TYPE_ORDER.indexOf(type);
  return index < 0 ? TYPE_ORDER.length : index;
}

/** A due time from now: "in 12 min", "8 min overdue". */
export function formatDue(iso, now = Date.now()) {
  const seconds = (Date.parse(iso) - now) / 1000;
  return seconds >= 0 ? t('supervisor.due.in', { time: formatDuration(seconds) }) : t('supervisor.due.overdue', { time: formatDuration(-seconds) });
}

export function formatPercent(value) {
  return value === null || value === undefined ? t('supervisor.none') : `${formatNumber(Math.round(value * 10) / 10)} %`;
}

export function formatScore(value) {
  return value === null || value === undefined ? t('supervisor.none') : formatNumber(Math.round(value * 100) / 100);
}
