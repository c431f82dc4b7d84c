/**
 * Online / connecting / offline, as seen by the socket of my own user document: "online" means
 * the server is reachable right now. While connected with ops still undecided (back from a long
 * time offline), it says how many are left (the client library's pending-ops view).
 */
import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { undecided, type VolleyClient } from '@volley/client';
import { PendingOpsController } from '../../../controllers/pending-ops-controller.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { volleyContext } from '../../../services/client.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import { progressStyles, styles } from './volley-connection-status.styles.js';

export type ConnectionState = 'online' | 'connecting' | 'offline';

@customElement('volley-connection-status')
export class VolleyConnectionStatus extends LitElement {
  static override styles = [styles, progressStyles];

  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;

  readonly #userRoom = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
  });
  readonly #pending = new PendingOpsController(this, () => this.volley, () => myUserRoom(this.sessionState) !== null);

  get state(): ConnectionState {
    const status = this.#userRoom.room?.status;
    // Waiting to retry, given up or idle: offline until a socket is being opened again.
    return status === 'open' ? 'online' : status === 'connecting' ? 'connecting' : 'offline';
  }

  protected override render() {
    const state = this.state;
    const pending = state === 'online' ? undecided(this.#pending.entries()) : 0;
    return html`${pending > 0 ? html`<span class="progress" data-testid="sync-progress" role="status">${msg('chat.syncing', { count: pending })}</span>` : nothing}<span class="status" data-testid="connection" data-state=${state} role="status">
      <span class="dot" aria-hidden="true"></span><span class="label">${msg(`connection.${state}`)}</span>
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-connection-status': VolleyConnectionStatus;
  }
}
