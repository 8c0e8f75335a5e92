// Admin › Knowledge base (#/admin/knowledge-base): the articles, written in Markdown with a live
// preview (the hub renders it, POST /api/v1/kb/preview, with the renderer and sanitizer articles are
// shown with, so the preview is what readers get; shown in a sandbox without scripts), published and unpublished,
// their versions shown and restored, all of them exported as JSON and imported from a JSON export
// or a zip of Markdown files.
import { html, nothing } from 'lit';
import { DeskElement } from './base.js';
import * as api from '../app/api.js';
import { t, formatTime } from '../app/i18n.js';
import { invalid, describedBy, fieldError, formError } from './form-fields.js';
import { splitList, joinList, narrowed, openDialog, closeDialog, download } from './admin-editing.js';

const FORM = 'article';
const FIELDS = ['title', 'locale', 'tags', 'body', 'status'];
const LOCALES = ['en', 'zh'];
const PREVIEW_DELAY_MS = 250;

class AdminKb extends DeskElement {
  static properties = {
    articles: { state: true },
    notice: { state: true },
    problem: { state: true },
    draft: { state: true },
    error: { state: true },
    saving: { state: true },
    versions: { state: true },
    previewHtml: { state: true },
  };

  constructor() {
    super();
    /** @type {any[]|null} */
    this.articles = null;
    this.draft = blankDraft();
    this.versions = null;
    this.previewHtml = '';
    this.previewGeneration = 0;
  }

  watched() {
    return [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      const items = [];
      let cursor = null;
      do {
        const page = await api.get(`/api/v1/kb/articles${api.query({ limit: 200, cursor })}`);
        items.push(...page.items);
        cursor = page.next;
      } while (cursor && items.length < 2000);
      this.articles = items;
    } catch (error) {
      this.problem = error;
    }
  }

  async edit(article) {
    this.draft = article
      ? { id: article.id, title: article.title, locale: article.locale, tags: joinList(article.tags), body: article.body, status: article.status }
      : blankDraft();
    this.error = null;
    this.previewHtml = '';
    this.schedulePreview(0);
    await openDialog(this, 'dialog.article-editor');
  }

  change(mutate) {
    const body = this.draft.body;
    mutate(this.draft);
    this.draft = { ...this.draft };
    if (this.draft.body !== body) this.schedulePreview();
  }

  /** The preview of the body as it is, asked once typing pauses; an answer overtaken by a newer one is dropped. */
  schedulePreview(delay = PREVIEW_DELAY_MS) {
    clearTimeout(this.previewTimer);
    const generation = ++this.previewGeneration;
    this.previewTimer = setTimeout(async () => {
      try {
        const { html: rendered } = await api.post('/api/v1/kb/preview', { body: this.draft.body ?? '' });
        if (generation === this.previewGeneration) this.previewHtml = rendered;
      } catch {
        // the save names any problem with the body; the preview keeps its last rendering
      }
    }, delay);
  }

  async save(event) {
    event.preventDefault();
    const d = this.draft;
    const body = { title: d.title.trim(), body: d.body, locale: d.locale.trim() || 'en', tags: splitList(d.tags), status: d.status };
    this.saving = true;
    try {
      if (d.id) await api.put(`/api/v1/kb/articles/${d.id}`, body);
      else await api.post('/api/v1/kb/articles', body);
      closeDialog(this, 'dialog.article-editor');
      this.notice = t('editors.kb.saved', { title: body.title });
      await this.load();
    } catch (error) {
      this.error = error;
      await this.updateComplete;
      this.querySelector('dialog.article-editor [aria-invalid="true"]')?.focus();
    } finally {
      this.saving = false;
    }
  }

  /** Publishes or unpublishes: the API replaces the article whole, so everything else is sent as it is. */
  async setStatus(article, status) {
    try {
      await api.put(`/api/v1/kb/articles/${article.id}`, { title: article.title, body: article.body, locale: article.locale,
        tags: article.tags, status });
      this.notice = t(status === 'published' ? 'editors.kb.publishedNotice' : 'editors.kb.unpublishedNotice', { title: article.title });
      this.problem = null;
    } catch (error) {
      this.problem = error;
    }
    await this.load();
  }

  async deleteArticle(article) {
    if (!confirm(t('editors.kb.confirmDelete', { title: article.title }))) return;
    try {
      await api.del(`/api/v1/kb/articles/${article.id}`);
    } catch (error) {
      this.problem = error;
    }
    await this.load();
  }

  async showVersions(article) {
    this.versions = { article, items: null, error: null };
    await openDialog(this, 'dialog.article-versions');
    try {
      this.versions = { ...this.versions, items: (await api.get(`/api/v1/kb/articles/${article.id}/versions?limit=200`)).items };
    } catch (error) {
      this.versions = { ...this.versions, error };
    }
  }

  /** A version comes back as a new version with that version's text (the history keeps every one). */
  async restore(version) {
    const { article } = this.versions;
    try {
      await api.put(`/api/v1/kb/articles/${article.id}`, { title: version.title, body: version.body, locale: version.locale,
        tags: version.tags ?? [], status: version.status ?? article.status });
      closeDialog(this, 'dialog.article-versions');
      this.notice = t('editors.kb.restored', { title: version.title, version: version.version });
      await this.load();
    } catch (error) {
      this.versions = { ...this.versions, error };
    }
  }

  async exportAll() {
    try {
      download(await api.blob('/api/v1/kb/export', 'application/json'), `knowledge-base-${new Date().toISOString().slice(0, 10)}.json`);
      this.problem = null;
    } catch (error) {
      this.problem = error;
    }
  }

  async importFile(event) {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    try {
      let result;
      if (/\.zip$/i.test(file.name) || file.type === 'application/zip') {
        result = await api.send('/api/v1/kb/import', file, 'application/zip');
      } else {
        let parsed;
        try {
          parsed = JSON.parse(await file.text());
        } catch {
          throw new api.ApiError(400, 'invalid_json', t('editors.kb.notJson', { file: file.name }), null);
        }
        result = await api.post('/api/v1/kb/import', Array.isArray(parsed) ? { articles: parsed } : parsed);
      }
      this.notice = t('editors.kb.imported', { created: result.created ?? 0, updated: result.updated ?? 0, unchanged: result.unchanged ?? 0 });
      this.problem = null;
    } catch (error) {
      this.problem = error;
      this.notice = null;
    } finally {
      input.value = '';
    }
    await this.load();
  }

  render() {
    const articles = this.articles;
    return html`<section class="editor-page" aria-labelledby="kb-heading">
      <h2 id="kb-heading">${t('editors.kb.heading')}</h2>
      <div class="editor-toolbar">
        <button type="button" @click=${() => this.edit(null)}>${t('editors.kb.add')}</button>
        <button type="button" class="quiet" @click=${this.exportAll}>${t('editors.kb.export')}</button>
        <label for="kb-import" class="file-label">${t('editors.kb.import')}</label>
        <input id="kb-import" type="file" accept=".json,.zip,application/json,application/zip" @change=${this.importFile}>
      </div>
      <p role="status" class="notice">${this.notice ?? ''}</p>
      ${this.problem ? html`<p role="alert" class="error">${this.problem.message}</p>` : nothing}
      <table class="editor-table" aria-labelledby="kb-heading">
        <thead><tr>
          <th scope="col">${t('editors.kb.title')}</th><th scope="col">${t('editors.kb.locale')}</th>
          <th scope="col">${t('editors.kb.status')}</th><th scope="col">${t('editors.kb.updated')}</th>
          <th scope="col">${t('editors.common.actions')}</th>
        </tr></thead>
        <tbody>
          ${articles === null ? html`<tr><td colspan="5" class="empty">${t('editors.common.loading')}</td></tr>` : nothing}
          ${articles?.length === 0 ? html`<tr><td colspan="5" class="empty">${t('editors.kb.none')}</td></tr>` : nothing}
          ${(articles ?? []).map((article) => html`<tr>
            <th scope="row">${article.title}</th>
            <td>${article.locale}</td>
            <td>${t(`editors.kb.status.${article.status}`)}</td>
            <td><time datetime=${article.updatedAt}>${formatTime(article.updatedAt)}</time></td>
            <td class="row-buttons">
              <button type="button" class="quiet" @click=${() => this.edit(article)}
                aria-label=${t('editors.common.editNamed', { name: article.title })}>${t('editors.common.edit')}</button>
              ${article.status === 'published'
                ? html`<button type="button" class="quiet" @click=${() => this.setStatus(article, 'draft')}
                    aria-label=${t('editors.kb.unpublishNamed', { title: article.title })}>${t('editors.kb.unpublish')}</button>`
                : html`<button type="button" class="quiet" @click=${() => this.setStatus(article, 'published')}
                    aria-label=${t('editors.kb.publishNamed', { title: article.title })}>${t('editors.kb.publish')}</button>`}
              <button type="button" class="quiet" @click=${() => this.showVersions(article)}
                aria-label=${t('editors.kb.versionsNamed', { title: article.title })}>${t('editors.kb.versions')}</button>
              <button type="button" class="quiet danger" @click=${() => this.deleteArticle(article)}
                aria-label=${t('editors.common.deleteNamed', { name: article.title })}>${t('editors.common.delete')}</button>
            </td>
          </tr>`)}
        </tbody>
      </table>
      ${this.renderEditor()} ${this.renderVersions()}
    </section>`;
  }

  renderEditor() {
    const d = this.draft;
    const error = narrowed(this.error, FIELDS);
    const input = (name) => (e) => this.change((x) => { x[name] = e.target.value; });
    const attrs = (name) => ({ invalid: invalid(error, name), described: describedBy(error, name, FORM) });
    return html`<dialog class="article-editor editor-wide" aria-labelledby="article-title">
      <form @submit=${this.save} novalidate>
        <h2 id="article-title">${d.id ? t('editors.kb.editTitle') : t('editors.kb.add')}</h2>
        <label for="article-title-field">${t('editors.kb.title')}</label>
        <input id="article-title-field" .value=${d.title} maxlength="300" @input=${input('title')}
          aria-invalid=${attrs('title').invalid} aria-describedby=${attrs('title').described}>
        ${fieldError(error, 'title', FORM)}
        <label for="article-locale">${t('editors.kb.locale')}</label>
        <input id="article-locale" .value=${d.locale} list="article-locales" @input=${input('locale')}
          aria-invalid=${attrs('locale').invalid} aria-describedby=${attrs('locale').described}>
        <datalist id="article-locales">${LOCALES.map((locale) => html`<option value=${locale}></option>`)}</datalist>
        ${fieldError(error, 'locale', FORM)}
        <label for="article-tags">${t('editors.kb.tags')}</label>
        <input id="article-tags" .value=${d.tags} @input=${input('tags')} aria-invalid=${attrs('tags').invalid}
          aria-describedby=${attrs('tags').described === nothing ? 'article-tags-hint' : `article-tags-hint ${attrs('tags').described}`}>
        <p id="article-tags-hint" class="hint">${t('editors.common.listHint')}</p>
        ${fieldError(error, 'tags', FORM)}
        <label for="article-status">${t('editors.kb.status')}</label>
        <select id="article-status" @change=${input('status')} aria-invalid=${attrs('status').invalid} aria-describedby=${attrs('status').described}>
          ${['draft', 'published'].map((s) => html`<option value=${s} ?selected=${d.status === s}>${t(`editors.kb.status.${s}`)}</option>`)}
        </select>
        ${fieldError(error, 'status', FORM)}
        <div class="markdown-editor">
          <div>
            <label for="article-body">${t('editors.kb.body')}</label>
            <textarea id="article-body" rows="14" .value=${d.body} maxlength="100000" @input=${input('body')}
              aria-invalid=${attrs('body').invalid} aria-describedby=${attrs('body').described}></textarea>
            ${fieldError(error, 'body', FORM)}
          </div>
          <div role="region" aria-label=${t('editors.kb.preview')} class="markdown-preview">
            <iframe sandbox="" referrerpolicy="no-referrer" title=${t('editors.kb.preview')} srcdoc=${this.previewHtml}></iframe>
          </div>
        </div>
        ${formError(error, FIELDS)}
        <div class="buttons">
          <button type="button" class="quiet" @click=${() => closeDialog(this, 'dialog.article-editor')}>${t('editors.common.cancel')}</button>
          <button type="submit" ?disabled=${this.saving}>${t('editors.common.save')}</button>
        </div>
      </form>
    </dialog>`;
  }

  renderVersions() {
    const v = this.versions;
    return html`<dialog class="article-versions editor-wide" aria-labelledby="versions-title">
      <h2 id="versions-title">${v ? t('editors.kb.versionsOf', { title: v.article.title }) : t('editors.kb.versions')}</h2>
      ${v?.error ? html`<p role="alert" class="error">${v.error.message}</p>` : nothing}
      ${v && !v.items && !v.error ? html`<p class="hint">${t('editors.common.loading')}</p>` : nothing}
      ${v?.items ? html`<table class="editor-table" aria-labelledby="versions-title">
        <thead><tr><th scope="col">${t('editors.kb.version')}</th><th scope="col">${t('editors.kb.title')}</th>
          <th scope="col">${t('editors.kb.status')}</th><th scope="col">${t('editors.kb.when')}</th><th scope="col">${t('editors.common.actions')}</th></tr></thead>
        <tbody>${v.items.map((version) => html`<tr>
          <th scope="row">${version.version}</th><td>${version.title}</td><td>${t(`editors.kb.status.${version.status ?? 'draft'}`)}</td>
          <td><time datetime=${version.at}>${formatTime(version.at)}</time></td>
          <td>${version.version === v.article.version ? t('editors.kb.current') : html`<button type="button" class="quiet"
            @click=${() => this.restore(version)}>${t('editors.kb.restore', { version: version.version })}</button>`}</td>
        </tr>`)}</tbody>
      </table>` : nothing}
      <div class="buttons"><button type="button" class="quiet" @click=${() => closeDialog(this, 'dialog.article-versions')}>${t('editors.common.close')}</button></div>
    </dialog>`;
  }
}

function blankDraft() {
  return { id: null, title: '', locale: document.documentElement.lang.startsWith('zh') ? 'zh' : 'en', tags: '', body: '', status: 'draft' };
}

customElements.define('oh-admin-kb', AdminKb);
