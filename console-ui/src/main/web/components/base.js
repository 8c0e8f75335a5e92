// Every console component renders into the light DOM (so the page's styles and ARIA id references
// reach it) and re-renders when the desk's store changes.
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
