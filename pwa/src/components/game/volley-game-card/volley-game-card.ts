/**
 * An invitation card or a result card in a conversation. The invitation says who invites whom and
 * how, then its state as the server last wrote it (a live countdown while pending); the invited
 * player answers it here (Accept goes into the game), everyone may watch the game while it is on,
 * and the final score shows once it is over. My invitation not posted yet shows whom it invites.
 */
import { consume } from '@lit/context';
import type { GameSettings, MessageGame } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { outcome, roleOn, secondsLeft, shownState } from '../../../chat/game-card.js';
import type { TimelineItem } from '../../../chat/timeline.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { msg, msgFor, type Locale, localeContext } from '../../../i18n/i18n.js';
import { routerContext, type Router } from '../../../router/router.js';
import type { ApiClient } from '@volley/client';
import { ApiError } from '@volley/client';
import { acceptInvitation, declineInvitation, gamePath } from '../../../services/games.js';
import { styles } from './volley-game-card.styles.js';
import { shownName } from '../../../chat/shown-name.js';

const resultText = ({ forfeit, winner, loser, score }: NonNullable<ReturnType<typeof outcome>>): string =>
  msg(forfeit ? 'result.forfeit' : 'result.won', { winner: shownName(winner), loser: shownName(loser), score });

@customElement('volley-game-card')
export class VolleyGameCard extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) item: TimelineItem | null = null;
  @property() myId = '';
  /** User id → name, for my invitation not posted yet. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private busy = false;
  @state() private error = '';
  #tick: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on screen (the list re-rendered): `updated` restarts the countdown.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTick();
  }

  protected override render() {
    const item = this.item;
    if (!item) return nothing;
    const game = item.game;
    if (!game) return item.invite ? this.#unposted(item.invite) : nothing;
    return item.kind === 'result' ? this.#result(game) : this.#invitation(game);
  }

  protected override updated(): void {
    // The countdown ticks only while a pending invitation is on screen.
    const game = this.item?.game;
    const pending = this.item?.kind === 'invite' && game && shownState(game, Date.now()) === 'pending';
    if (pending && !this.#tick) this.#tick = setInterval(() => this.requestUpdate(), 1000);
    if (!pending) this.#stopTick();
  }

  #unposted(invite: { to: string; settings?: GameSettings }) {
    return html`<section class="card" data-testid="game-card" data-state="unsent" aria-label=${msg('invite.card')}>
      <p class="title">${msg('invite.youInvite', { name: this.names.get(invite.to) ?? '?' })}</p>
      ${invite.settings ? this.#settings(invite.settings) : nothing}
    </section>`;
  }

  #invitation(game: MessageGame) {
    const now = Date.now();
    const state = shownState(game, now);
    const role = roleOn(game, this.myId);
    const [inviter, invited] = game.players;
    const result = outcome(game);
    return html`<section class="card" data-testid="game-card" data-game-id=${game.id} data-state=${state} data-winner-id=${game.winnerId ?? ''} aria-label=${msg('invite.card')}>
      <p class="title">${msg('invite.invites', { inviter: shownName(inviter.username), invited: shownName(invited.username) })}</p>
      ${this.#settings(game.settings)}
      <p class="state" data-testid="game-card-state">
        ${state === 'pending' ? msg('invite.pending', { name: shownName(invited.username), seconds: secondsLeft(game, now) }) : nothing}
        ${state === 'accepted' ? msg('invite.accepted') : nothing} ${state === 'declined' ? msg('invite.declined', { name: shownName(invited.username) }) : nothing}
        ${state === 'expired' ? msg('invite.expired') : nothing}
        ${result ? resultText(result) : nothing}
      </p>
      ${state === 'pending' && role === 'invited'
        ? html`<div class="buttons">
            <button type="button" class="small" ?disabled=${!this.online || this.busy} @click=${() => this.#answer(game, true)}>${msg('invite.accept')}</button>
            <button type="button" class="small secondary" ?disabled=${!this.online || this.busy} @click=${() => this.#answer(game, false)}>${msg('invite.decline')}</button>
          </div>`
        : nothing}
      ${state === 'accepted'
        ? html`<div class="buttons">
            <a class="button small ${role === 'other' ? 'secondary' : ''}" href=${gamePath(game.id)}>${msg(role === 'other' ? 'invite.watch' : 'invite.play')}</a>
          </div>`
        : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  #result(game: MessageGame) {
    const result = outcome(game);
    return html`<section class="card result" data-testid="result-card" data-game-id=${game.id} data-winner-id=${game.winnerId ?? ''} aria-label=${msg('result.card')}>
      <p class="title">${result ? resultText(result) : msg('result.card')}</p>
      ${this.#settings(game.settings)}
    </section>`;
  }

  #settings(s: GameSettings) {
    return html`<p class="settings">
      ${msg('gameSettings.summary', { ball: msg(`gameSettings.ballSpeed.${s.ballSpeed}`), paddle: msg(`gameSettings.paddleSize.${s.paddleSize}`), limit: s.scoreLimit })}
    </p>`;
  }

  async #answer(game: MessageGame, accept: boolean): Promise<void> {
    if (!this.api) return;
    this.busy = true;
    this.error = '';
    try {
      if (accept) {
        await acceptInvitation(this.api, game.id);
        this.router?.navigate(gamePath(game.id));
      } else await declineInvitation(this.api, game.id);
    } catch (error) {
      this.error = msgFor('error', error instanceof ApiError ? error.code : 'unknown', 'error.unknown');
    } finally {
      this.busy = false;
    }
  }

  #stopTick(): void {
    if (this.#tick) clearInterval(this.#tick);
    this.#tick = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-game-card': VolleyGameCard;
  }
}
