// The supervisor pages' components: light DOM like every console component, re-rendered when what
// `watched(state)` returns of the board's store changed (so 50 queue updates a second re-render the
// Queues table only, not the agents, the alerts or the charts).
import { LitElement } from 'lit';
import { StoreController } from '../app/store.js';
import { board } from '../app/supervisor.js';

export class BoardElement extends LitElement {
  constructor() {
    super();
    this.storeController = new StoreController(this, board.store);
  }

  createRenderRoot() {
    return this;
  }

  get state() {
    return board.state;
  }
}
