// A small Markdown renderer for the knowledge base's live preview. It builds Lit templates, so every
// piece of the source reaches the page as text (Lit escapes it): markup typed into an article
// (`<img onerror=...>`, `<script>`) shows as the characters typed and never runs. It knows what the
// articles use — headings, paragraphs, lists, block quotes, code (inline and fenced), bold, italic,
// links — and links only to http(s) addresses; anything else stays as the text written. The hub
// renders the stored article itself (sanitized, `html`); this is only the editor's preview.
import { html } from 'lit';

/**
 * @param {string} source Markdown
 * @param {number} [topLevel] the level the article's highest headings get (the preview sits under the dialog's h2),
 *   the others keep their distance below it, so the page's heading order has no gaps
 * @returns {import('lit').TemplateResult[]}
 */
export function renderMarkdown(source, topLevel = 3) {
  const found = blocks(String(source ?? ''));
  const highest = Math.min(6, ...found.filter((block) => block.kind === 'heading').map((block) => block.level));
  return found.map((block) => renderBlock(block, topLevel - highest));
}

/** @typedef {{kind: 'heading', level: number, text: string} | {kind: 'paragraph'|'quote', text: string}
 *   | {kind: 'code', text: string} | {kind: 'list', ordered: boolean, items: string[]} | {kind: 'rule'}} Block */

/** @returns {Block[]} */
export function blocks(source) {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  /** @type {Block[]} */
  const found = [];
  let paragraph = [];
  const endParagraph = () => {
    if (paragraph.length) found.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      endParagraph();
      const code = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) code.push(lines[i]);
      found.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      endParagraph();
      found.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      endParagraph();
      found.push({ kind: 'rule' });
      continue;
    }
    const item = /^\s*(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(line);
    if (item) {
      endParagraph();
      const ordered = item[2] !== undefined;
      const last = found[found.length - 1];
      if (last?.kind === 'list' && last.ordered === ordered && lines[i - 1]?.trim() !== '') last.items.push(item[3]);
      else found.push({ kind: 'list', ordered, items: [item[3]] });
      continue;
    }
    const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (quote) {
      endParagraph();
      const last = found[found.length - 1];
      if (last?.kind === 'quote' && lines[i - 1]?.trim() !== '') last.text += ` ${quote[1]}`;
      else found.push({ kind: 'quote', text: quote[1] });
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
      continue;
    }
    // A line right after a list item that is indented continues that item.
    const last = found[found.length - 1];
    if (!paragraph.length && last?.kind === 'list' && /^\s+\S/.test(line) && lines[i - 1]?.trim() !== '') {
      last.items[last.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    paragraph.push(line.trim());
  }
  endParagraph();
  return found;
}

function renderBlock(block, headingOffset) {
  switch (block.kind) {
    case 'heading':
      return heading(Math.min(6, block.level + headingOffset), inline(block.text));
    case 'code':
      return html`<pre><code>${block.text}</code></pre>`;
    case 'list':
      return block.ordered
        ? html`<ol>${block.items.map((item) => html`<li>${inline(item)}</li>`)}</ol>`
        : html`<ul>${block.items.map((item) => html`<li>${inline(item)}</li>`)}</ul>`;
    case 'quote':
      return html`<blockquote><p>${inline(block.text)}</p></blockquote>`;
    case 'rule':
      return html`<hr>`;
    default:
      return html`<p>${inline(block.text)}</p>`;
  }
}

function heading(level, content) {
  switch (level) {
    case 1: return html`<h1>${content}</h1>`;
    case 2: return html`<h2>${content}</h2>`;
    case 3: return html`<h3>${content}</h3>`;
    case 4: return html`<h4>${content}</h4>`;
    case 5: return html`<h5>${content}</h5>`;
    default: return html`<h6>${content}</h6>`;
  }
}

// One pass over a line: code spans first (nothing inside them is Markdown), then bold, italic and links.
const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=[^\s*])([\s\S]*?[^\s*])\*|(?<![\w])_(?=[^\s_])([\s\S]*?[^\s_])_(?![\w])|\[([^\]]+)\]\(\s*([^)\s]+)\s*\)/g;

/**
 * The inline Markdown of a line as Lit values (strings are bound as text).
 * @returns {Array<string|import('lit').TemplateResult>}
 */
export function inline(text) {
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    const [whole, , code, strong1, strong2, em1, em2, label, href] = match;
    if (code !== undefined) parts.push(html`<code>${code.trim() || code}</code>`);
    else if (strong1 !== undefined || strong2 !== undefined) parts.push(html`<strong>${inline(strong1 ?? strong2)}</strong>`);
    else if (em1 !== undefined || em2 !== undefined) parts.push(html`<em>${inline(em1 ?? em2)}</em>`);
    else if (label !== undefined) parts.push(safeLink(href) ? html`<a href=${href} rel="noopener noreferrer" target="_blank">${inline(label)}</a>` : whole);
    at = match.index + whole.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** Only absolute http(s) links: no javascript:, data:, or relative addresses that would stay inside the console. */
export function safeLink(href) {
  if (!/^https?:\/\//i.test(href)) return false;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
