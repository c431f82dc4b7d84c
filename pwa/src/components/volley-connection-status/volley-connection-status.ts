/**
 * Online / connecting / offline, as seen by the socket of my own user document: "online" means
 * my outbox reaches the server right now.
 */
import { consume } from '@lit/context';
import { userRoom } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localeContext, sessionStateContext, syncContext } from '../../context.js';
import { RoomController } from '../../controllers/room-controller.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import type { SessionState } from '../../services/session.js';
import type { SyncManager } from '../../sync/sync-manager.js';
import { styles } from './volley-connection-status.styles.js';

export type ConnectionState = 'online' | 'connecting' | 'offline';

@customElement('volley-connection-status')
export class VolleyConnectionStatus extends LitElement {
  static override styles = styles;

  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: syncContext }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;

  readonly #userRoom = new RoomController(this, {
    sync: () => this.sync,
    name: () => (this.sessionState?.status === 'signed-in' ? userRoom(this.sessionState.user.id) : null),
  });

  get state(): ConnectionState {
    const status = this.#userRoom.room?.status;
    return status === 'online' ? 'online' : status === 'connecting' ? 'connecting' : 'offline';
  }

  protected override render() {
    const state = this.state;
    return html`<span class="status" data-testid="connection" data-state=${state} role="status">
      <span class="dot" aria-hidden="true"></span><span class="label">${msg(`connection.${state}`)}</span>
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-connection-status': VolleyConnectionStatus;
  }
}
