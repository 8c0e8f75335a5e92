// The console's first component: the hub's /health answer, rendered by Lit (imported by its bare name
// through the page's import map; no build step). Light DOM, so the page's styles and ARIA references
// reach it. Text only: nothing from the server is inserted as HTML.
import { LitElement, html } from 'lit';

class OmnihubHealth extends LitElement {
  static properties = { state: { state: true } };

  constructor() {
    super();
    this.state = { text: 'checking…', up: null };
  }

  createRenderRoot() {
    return this;
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      const response = await fetch('/health');
      const body = await response.json();
      this.state = { text: `${body.status} — store: ${body.store}`, up: response.ok };
    } catch (error) {
      this.state = { text: `unreachable (${error.message})`, up: false };
    }
  }

  render() {
    const cls = this.state.up === null ? '' : this.state.up ? 'up' : 'down';
    return html`<p id="health" class=${cls} role="status">${this.state.text}</p>`;
  }
}

customElements.define('omnihub-health', OmnihubHealth);
