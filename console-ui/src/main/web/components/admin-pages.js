// The admin section (#/admin/<page>): every setting the API has, as tables and dialogs. The pages the
// editors' branch writes (rules, knowledge base, campaigns, privacy) are custom elements defined there:
// rendered here by tag, they upgrade once their modules are imported.
import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { DeskElement } from './base.js';
import { t } from '../app/i18n.js';
import { channels } from '../app/admin/channels.js';
import { agents } from '../app/admin/agents.js';
import { queues } from '../app/admin/queues.js';
import { businessHours, slaPolicies } from '../app/admin/sla.js';
import { cannedResponses } from '../app/admin/canned.js';
import { tokens } from '../app/admin/tokens.js';
import './admin-resource.js';
import './admin-audit.js';

const resource = (description) => () => html`<oh-admin-resource .resource=${description}></oh-admin-resource>`;

/** The pages in the order of the navigation; `slug` is the route (#/admin/<slug>), `label` the link's text key. */
const PAGES = [
  { slug: 'channels', label: 'admin.nav.channels', page: resource(channels) },
  { slug: 'agents', label: 'admin.nav.agents', page: resource(agents) },
  { slug: 'queues', label: 'admin.nav.queues', page: resource(queues) },
  { slug: 'business-hours', label: 'admin.nav.businessHours', page: resource(businessHours) },
  { slug: 'sla-policies', label: 'admin.nav.slaPolicies', page: resource(slaPolicies) },
  { slug: 'rules', label: 'admin.nav.rules', page: () => html`<oh-admin-rules></oh-admin-rules>` },
  { slug: 'canned-responses', label: 'admin.nav.cannedResponses', page: resource(cannedResponses) },
  { slug: 'knowledge-base', label: 'admin.nav.knowledgeBase', page: () => html`<oh-admin-kb></oh-admin-kb>` },
  { slug: 'campaigns', label: 'admin.nav.campaigns', page: () => html`<oh-admin-campaigns></oh-admin-campaigns>` },
  { slug: 'tokens', label: 'admin.nav.tokens', page: resource(tokens) },
  { slug: 'audit', label: 'admin.nav.audit', page: () => html`<oh-admin-audit></oh-admin-audit>` },
  { slug: 'privacy', label: 'admin.nav.privacy', page: () => html`<oh-admin-privacy></oh-admin-privacy>` },
];

/** The page the hash names; #/admin alone (or an unknown page) is the first one. */
function pageOf(hash) {
  const slug = /^#\/admin\/([\w-]+)/.exec(hash)?.[1];
  return PAGES.find((page) => page.slug === slug) ?? PAGES[0];
}

class AdminPages extends DeskElement {
  static properties = { current: { state: true } };

  constructor() {
    super();
    this.current = pageOf(location.hash);
    this.onHash = () => {
      this.current = pageOf(location.hash);
    };
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

  render() {
    return html`<div class="admin">
      <h1>${t('admin.heading')}</h1>
      <nav aria-label=${t('admin.nav.label')} class="admin-nav">
        ${PAGES.map((page) => html`<a href="#/admin/${page.slug}" aria-current=${page === this.current ? 'page' : 'false'}>${t(page.label)}</a>`)}
      </nav>
      <section class="admin-page">${keyed(this.current.slug, this.current.page())}</section>
    </div>`;
  }
}

customElements.define('oh-admin-pages', AdminPages);
