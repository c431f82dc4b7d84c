/**
 * `/tournaments`: the tournaments I may see, newest first, and a form to create one (name, size,
 * format, points to win, ball speed, start when full or at a time, invite-only). Needs a connection.
 */
import { consume } from '@lit/context';
import { ApiError, type ApiClient } from '@volley/client';
import { ROUND_ROBIN_MAX_PLAYERS, TOURNAMENT_MAX_PLAYERS, TOURNAMENT_MIN_PLAYERS, type CreateTournamentBody, type TournamentView } from '@volley/shared';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localeContext, msg, msgFor, type Locale } from '../i18n/i18n.js';
import { routerContext, type Router } from '../router/router.js';
import { apiContext } from '../services/client.js';
import { onlineContext } from '../services/session.js';
import { listStyles } from '../styles/list.styles.js';
import { pageStyles } from '../styles/page.styles.js';
import { buttonStyles, choiceStyles } from '../styles/shared.styles.js';
import { formStyles } from '../forms/text-field.js';
import { createTournament, listTournaments } from './tournaments-api.js';
import { tournamentPath } from './tournament-paths.js';

@customElement('page-tournaments')
export class PageTournaments extends LitElement {
  static override styles = [
    buttonStyles,
    choiceStyles,
    formStyles,
    listStyles,
    pageStyles,
    css`
      form {
        display: grid;
        gap: var(--volley-space-3);
        max-width: 28rem;
      }
      label {
        display: grid;
        gap: var(--volley-space-1);
      }
      label.check {
        display: flex;
        align-items: center;
        gap: var(--volley-space-2);
      }
      .meta {
        color: var(--volley-text-muted);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private items: TournamentView[] = [];
  @state() private nextCursor: string | null = null;
  @state() private error: string | null = null;
  @state() private busy = false;
  @state() private format: CreateTournamentBody['format'] = 'single_elimination';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('online') && this.online) void this.#load(null);
  }

  protected override render() {
    const maxSize = this.format === 'round_robin' ? ROUND_ROBIN_MAX_PLAYERS : TOURNAMENT_MAX_PLAYERS;
    return html`<main>
      <h1>${msg('tournaments.title')}</h1>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`}
      ${this.error ? html`<p class="form-error" role="alert">${msgFor('error', this.error, 'error.unknown')}</p>` : nothing}
      <section>
        <h2>${msg('tournaments.create')}</h2>
        <form data-testid="tournament-create" @submit=${this.#create}>
          <label>${msg('tournaments.name')} <input name="name" required maxlength="60" /></label>
          <label
            >${msg('tournaments.format')}
            <select name="format" @change=${(e: Event) => (this.format = (e.target as HTMLSelectElement).value as CreateTournamentBody['format'])}>
              <option value="single_elimination">${msg('tournaments.format.single_elimination')}</option>
              <option value="round_robin">${msg('tournaments.format.round_robin')}</option>
            </select>
          </label>
          <label>${msg('tournaments.size')} <input name="size" type="number" min=${TOURNAMENT_MIN_PLAYERS} max=${maxSize} value="4" required /></label>
          <label>${msg('tournaments.scoreLimit')} <input name="scoreLimit" type="number" min="1" max="21" value="11" required /></label>
          <label
            >${msg('tournaments.ballSpeed')}
            <select name="ballSpeed">
              <option value="slow">${msg('tournaments.speed.slow')}</option>
              <option value="normal" selected>${msg('tournaments.speed.normal')}</option>
              <option value="fast">${msg('tournaments.speed.fast')}</option>
            </select>
          </label>
          <label>${msg('tournaments.startsAt')} <input name="registrationEndsAt" type="datetime-local" /></label>
          <label class="check"><input name="inviteOnly" type="checkbox" /> ${msg('tournaments.inviteOnly')}</label>
          <button type="submit" ?disabled=${!this.online || this.busy}>${msg('tournaments.createSubmit')}</button>
        </form>
      </section>
      <section>
        <h2>${msg('tournaments.list')}</h2>
        ${this.items.length === 0 ? html`<p>${msg('tournaments.empty')}</p>` : nothing}
        <ul data-testid="tournament-list">
          ${this.items.map(
            (t) => html`<li data-testid="tournament-item" data-id=${t.id}>
              <a href=${tournamentPath(t.id)}>${t.name}</a>
              <span class="meta">${msg(`tournaments.status.${t.status}`)} · ${msg('tournaments.players', { count: t.playerCount, size: t.size })}</span>
            </li>`,
          )}
        </ul>
        ${this.nextCursor ? html`<button type="button" class="secondary small" ?disabled=${!this.online} @click=${() => this.#load(this.nextCursor)}>${msg('common.loadMore')}</button>` : nothing}
      </section>
    </main>`;
  }

  async #load(cursor: string | null): Promise<void> {
    if (!this.api) return;
    try {
      const page = await listTournaments(this.api, cursor);
      this.items = cursor === null ? page.items : [...this.items, ...page.items];
      this.nextCursor = page.nextCursor;
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  }

  #create = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!this.api) return;
    const data = new FormData(event.target as HTMLFormElement);
    const startsAt = String(data.get('registrationEndsAt') ?? '');
    const body: Partial<CreateTournamentBody> = {
      name: String(data.get('name') ?? ''),
      format: this.format,
      size: Number(data.get('size')),
      settings: { scoreLimit: Number(data.get('scoreLimit')), ballSpeed: data.get('ballSpeed') as CreateTournamentBody['settings']['ballSpeed'], paddleSize: 'normal' },
      inviteOnly: data.get('inviteOnly') === 'on',
      ...(startsAt ? { registrationEndsAt: new Date(startsAt).toISOString() } : {}),
    };
    this.busy = true;
    try {
      const made = await createTournament(this.api, body);
      this.router?.navigate(tournamentPath(made.id));
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'page-tournaments': PageTournaments;
  }
}
