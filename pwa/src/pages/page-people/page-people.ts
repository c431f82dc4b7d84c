/**
 * People: search, friend requests received (accept, decline), friends with their presence,
 * requests sent (cancel) and the people I blocked (unblock). The lists come from Dexie, so they
 * show offline; they are refreshed by the app shell when notifications or presence say so.
 */
import { consume } from '@lit/context';
import type { PresenceStatus, UserSummary } from '@volley/shared';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import { onlineContext } from '../../services/session.js';
import { FormController } from '../../controllers/form-controller.js';
import { LiveQueryController } from '../../controllers/live-query-controller.js';
import { dbContext, type VolleyDB } from '../../db/db.js';
import { formError } from '../../forms/text-field.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import { showDm, type Channels, channelsContext } from '../../services/channels.js';
import { presenceContext, socialContext, type Social } from '../../services/social.js';
import { listStyles } from '../../styles/list.styles.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import '../../components/people/volley-user-row/volley-user-row.js';
import '../../components/people/volley-find-user/volley-find-user.js';

@customElement('page-people')
export class PagePeople extends LitElement {
  static override styles = [buttonStyles, listStyles, pageStyles];

  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: socialContext }) social?: Social;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: presenceContext, subscribe: true }) presence: Readonly<Record<string, PresenceStatus>> = {};
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  readonly #action = new FormController(this, () => []);

  readonly #lists = new LiveQueryController(this, async () => {
    const db = this.db;
    if (!db) return null;
    const [friends, requests, blocks] = await Promise.all([db.friends.toArray(), db.friendRequests.toArray(), db.blocks.toArray()]);
    const byName = (a: { user: UserSummary }, b: { user: UserSummary }) => a.user.displayName.localeCompare(b.user.displayName);
    return {
      friends: friends.sort(byName),
      received: requests.filter((r) => r.direction === 'received').map((r) => ({ ...r, user: r.from })),
      sent: requests.filter((r) => r.direction === 'sent').map((r) => ({ ...r, user: r.to })),
      blocks: blocks.sort(byName),
    };
  });

  protected override render() {
    const lists = this.#lists.value;
    return html`<main>
      <h1>${msg('people.title')}</h1>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`} ${formError(this.#action.formError)}
      <section aria-labelledby="search-title">
        <h2 id="search-title">${msg('people.find')}</h2>
        <volley-find-user .label=${msg('people.search')}></volley-find-user>
      </section>
      ${lists
        ? html`${this.#section('received', 'people.received', lists.received, (r) => html`<volley-user-row .locale=${this.locale} data-testid="friend-request" data-direction="received" data-user-id=${r.user.id} .user=${r.user}>
              ${this.#button('people.accept', () => this.social!.accept(r.id))} ${this.#button('people.decline', () => this.social!.decline(r.id), true)}
            </volley-user-row>`)}
          ${this.#section('friends', 'people.friends', lists.friends, (f) => html`<volley-user-row .locale=${this.locale} data-testid="friend" data-user-id=${f.user.id} .user=${f.user} presence=${this.presence[f.user.id] ?? 'offline'}>
              ${this.#button('people.message', () => showDm(this.channels!, this.router, f.user.id), true)}
            </volley-user-row>`)}
          ${this.#section('sent', 'people.sent', lists.sent, (r) => html`<volley-user-row .locale=${this.locale} data-testid="friend-request" data-direction="sent" data-user-id=${r.user.id} .user=${r.user}>
              ${this.#button('people.cancelRequest', () => this.social!.cancel(r.id), true)}
            </volley-user-row>`)}
          ${this.#section('blocked', 'people.blocked', lists.blocks, (b) => html`<volley-user-row .locale=${this.locale} data-testid="blocked-user" data-user-id=${b.user.id} .user=${b.user}>
              ${this.#button('people.unblock', () => this.social!.unblock(b.user.id), true)}
            </volley-user-row>`)}`
        : nothing}
    </main>`;
  }

  #section<T>(id: string, title: MessageKey, items: readonly T[], row: (item: T) => TemplateResult) {
    return html`<section aria-labelledby=${`${id}-title`}>
      <h2 id=${`${id}-title`}>${msg(title)} <span class="count">(${items.length})</span></h2>
      ${items.length === 0 ? html`<p class="hint">${msg(`${title}.empty` as MessageKey)}</p>` : html`<ul>${items.map((item) => html`<li>${row(item)}</li>`)}</ul>`}
    </section>`;
  }

  #button(label: MessageKey, action: () => Promise<unknown>, secondary = false) {
    return html`<button type="button" class="small ${secondary ? 'secondary' : ''}" ?disabled=${!this.online || this.#action.submitting} @click=${() => this.#action.submit(async () => void (await action()))}>
      ${msg(label)}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-people': PagePeople;
  }
}
