// Bar charts drawn as inline SVG (no chart library: a few hundred bytes of code do what the reports need,
// under the console's CSP). Each chart is a `figure` named by its caption, and its SVG an `img` whose
// accessible name gives every figure shown ("First response (median): Bea Berg 2 min 5 s; Cem Kaya no data"),
// so a screen reader hears what the bars show. Labels and values are bound as text, never as markup.
import { html, svg } from 'lit';
import { t } from './i18n.js';

const WIDTH = 480;
const ROW = 26;
const LABEL = 150;
const VALUE = 90;
const TOP = 4;

/**
 * @param {{id: string, title: string, rows: {label: string, value: number|null, text: string}[]}} chart
 *   `value` sets the bar's length (null: no bar), `text` is how the value reads
 */
export function barChart({ id, title, rows }) {
  const largest = Math.max(0, ...rows.map((row) => row.value ?? 0));
  const span = WIDTH - LABEL - VALUE;
  const height = TOP * 2 + Math.max(1, rows.length) * ROW;
  const alternative = rows.length
    ? `${title}: ${rows.map((row) => `${row.label} ${row.text}`).join('; ')}`
    : `${title}: ${t('supervisor.reports.noRows')}`;
  return html`<figure class="chart" aria-labelledby=${`${id}-title`}>
    <figcaption id=${`${id}-title`}>${title}</figcaption>
    <svg role="img" aria-label=${alternative} viewBox=${`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      ${rows.map((row, index) => {
        const y = TOP + index * ROW;
        const length = largest > 0 && row.value ? Math.max(2, (row.value / largest) * span) : 0;
        return svg`<g>
          <text class="chart-label" x=${LABEL - 8} y=${y + ROW / 2} text-anchor="end" dominant-baseline="middle">${clip(row.label)}</text>
          <rect class="chart-bar" x=${LABEL} y=${y + 4} width=${length} height=${ROW - 8} rx="2"></rect>
          <text class="chart-value" x=${LABEL + length + 6} y=${y + ROW / 2} dominant-baseline="middle">${row.text}</text>
        </g>`;
      })}
      ${rows.length ? '' : svg`<text class="chart-value" x="8" y=${TOP + ROW / 2} dominant-baseline="middle">${t('supervisor.reports.noRows')}</text>`}
    </svg>
  </figure>`;
}

/** A label cut to fit beside the bars (the text alternative keeps it whole). */
function clip(label) {
  const text = String(label);
  return text.length > 22 ? `${text.slice(0, 21)}…` : text;
}
