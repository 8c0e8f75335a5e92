// The admin section (#/admin/<page>): every setting the API has, as tables and dialogs, each page loaded
// when first opened. Rules, knowledge base, campaigns and privacy are elements of their own
// (components/admin-rules.js, -kb, -campaigns, -privacy).
import '../app/texts-admin.js'; // first: the admin texts before any admin element renders
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { DeskElement } from './base.js';
import { t } from '../app/i18n.js';

/**
 * A page built from a description in app/admin/ (components/admin-resource.js renders it). Pages load when
 * first opened, so an agent who never opens Admin never downloads them.
 * @param {() => Promise<Record<string, any>>} module @param {string} name the description's export
 */
const resource = (module, name) => async () => {
  const [described] = await Promise.all([module().then((loaded) => loaded[name]), import('./admin-resource.js')]);
  return html`<oh-admin-resource .resource=${described}></oh-admin-resource>`;
};

/** The pages in the order of the navigation; `slug` is the route (#/admin/<slug>), `label` the link's text key. */
const PAGES = [
  { slug: 'channels', label: 'admin.nav.channels', load: resource(() => import('../app/admin/channels.js'), 'channels') },
  { slug: 'agents', label: 'admin.nav.agents', load: resource(() => import('../app/admin/agents.js'), 'agents') },
  { slug: 'queues', label: 'admin.nav.queues', load: resource(() => import('../app/admin/queues.js'), 'queues') },
  { slug: 'business-hours', label: 'admin.nav.businessHours', load: resource(() => import('../app/admin/sla.js'), 'businessHours') },
  { slug: 'sla-policies', label: 'admin.nav.slaPolicies', load: resource(() => import('../app/admin/sla.js'), 'slaPolicies') },
  { slug: 'rules', label: 'admin.nav.rules', load: () => import('./admin-rules.js').then(() => html`<oh-admin-rules></oh-admin-rules>`) },
  { slug: 'canned-responses', label: 'admin.nav.cannedResponses', load: resource(() => import('../app/admin/canned.js'), 'cannedResponses') },
  { slug: 'knowledge-base', label: 'admin.nav.knowledgeBase', load: () => import('./admin-kb.js').then(() => html`<oh-admin-kb></oh-admin-kb>`) },
  { slug: 'campaigns', label: 'admin.nav.campaigns', load: () => import('./admin-campaigns.js').then(() => html`<oh-admin-campaigns></oh-admin-campaigns>`) },
  { slug: 'tokens', label: 'admin.nav.tokens', load: resource(() => import('../app/admin/tokens.js'), 'tokens') },
  { slug: 'audit', label: 'admin.nav.audit', load: () => import('./admin-audit.js').then(() => html`<oh-admin-audit></oh-admin-audit>`) },
  { slug: 'privacy', label: 'admin.nav.privacy', load: () => import('./admin-privacy.js').then(() => html`<oh-admin-privacy></oh-admin-privacy>`) },
];

/** The page the hash names; #/admin alone (or an unknown page) is the first one. */
function pageOf(hash) {
  const slug = /^#\/admin\/([\w-]+)/.exec(hash)?.[1];
  return PAGES.find((page) => page.slug === slug) ?? PAGES[0];
}

class AdminPages extends DeskElement {
  static properties = { current: { state: true }, view: { state: true }, failure: { state: true } };

  constructor() {
    super();
    /** @type {{slug: string, template: unknown}|null} the current page once loaded */
    this.view = null;
    this.show(pageOf(location.hash));
    this.onHash = () => this.show(pageOf(location.hash));
  }

  watched() {
    return [];
  }

  connectedCallback() {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHash);
  }

  async show(page) {
    if (page === this.current) return;
    this.current = page;
    this.failure = null;
    try {
      const template = await page.load();
      if (this.current === page) this.view = { slug: page.slug, template };
    } catch (error) {
      if (this.current === page) this.failure = error;
    }
  }

  render() {
    const loaded = this.view?.slug === this.current.slug;
    return html`<div class="admin">
      <h1>${t('admin.heading')}</h1>
      <nav aria-label=${t('admin.nav.label')} class="admin-nav">
        ${PAGES.map((page) => html`<a href="#/admin/${page.slug}" aria-current=${page === this.current ? 'page' : 'false'}>${t(page.label)}</a>`)}
      </nav>
      <section class="admin-page">
        ${this.failure ? html`<p role="alert" class="error">${this.failure.message}</p>` : nothing}
        ${loaded ? keyed(this.current.slug, this.view.template) : html`<p class="hint">${t('admin.loading')}</p>`}
      </section>
    </div>`;
  }
}

customElements.define('oh-admin-pages', AdminPages);
