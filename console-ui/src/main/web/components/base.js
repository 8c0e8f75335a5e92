// Every console component renders into the light DOM (so the page's styles and ARIA id references
// reach it) and re-renders when what it reads of the desk's store changed: each names that in
// `watched(state)` (see StoreController), so a customer's message does not re-render the dialogs.
import { LitElement } from 'lit';
import { Desk } from '../app/desk.js';
import { StoreController } from '../app/store.js';

export const desk = new Desk();

export class DeskElement extends LitElement {
  constructor() {
    super();
    this.storeController = new StoreController(this, desk.store);
  }

  createRenderRoot() {
    return this;
  }

  get state() {
    return desk.state;
  }
}
