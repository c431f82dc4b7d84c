/** A profile's tournaments: those the user played, newest first, the ones they won marked. Needs a connection. */
import { consume } from '@lit/context';
import { ApiError, type ApiClient } from '@volley/client';
import type { PlayedTournamentPage } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localeContext, msg, msgFor, type Locale } from '../i18n/i18n.js';
import { apiContext } from '../services/client.js';
import { onlineContext } from '../services/session.js';
import { listStyles } from '../styles/list.styles.js';
import { tournamentPath } from './tournament-paths.js';
import { fetchPlayedTournaments } from './tournaments-api.js';

@customElement('volley-played-tournaments')
export class VolleyPlayedTournaments extends LitElement {
  static override styles = [listStyles];

  @property() userId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private played: PlayedTournamentPage['items'] | null = null;
  @state() private error: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('online') || changed.has('userId')) && this.online && this.userId) void this.#load();
  }

  protected override render() {
    if (this.error) return html`<p class="form-error" role="alert">${msgFor('error', this.error, 'error.unknown')}</p>`;
    if (!this.played) return nothing;
    if (this.played.length === 0) return html`<p>${msg('tournaments.nonePlayed')}</p>`;
    return html`<ul data-testid="played-tournaments">
      ${this.played.map(({ tournament, won }) => html`<li data-id=${tournament.id} ?data-won=${won}><a href=${tournamentPath(tournament.id)}>${tournament.name}</a> ${won ? msg('tournaments.won') : nothing}</li>`)}
    </ul>`;
  }

  async #load(): Promise<void> {
    if (!this.api) return;
    try {
      this.played = (await fetchPlayedTournaments(this.api, this.userId)).items;
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-played-tournaments': VolleyPlayedTournaments;
  }
}
