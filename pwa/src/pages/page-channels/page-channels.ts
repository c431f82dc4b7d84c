/**
 * The channel directory, `/channels`: search, join (asking for the password of a password channel),
 * open a private one to ask to join it (with my request's state shown), and create a channel.
 * Needs the server: offline it says so.
 */
import { consume } from '@lit/context';
import type { ChannelSummary } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { onlineContext } from '../../services/session.js';
import { FormController } from '../../controllers/form-controller.js';
import { SearchController } from '../../controllers/search-controller.js';
import { formError } from '../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import { channelsContext, type Channels } from '../../services/channels.js';
import type { VolleyCreateChannel } from '../../components/channels/volley-create-channel/volley-create-channel.js';
import type { VolleyJoinDialog } from '../../components/channels/volley-join-dialog/volley-join-dialog.js';
import '../../components/channels/volley-create-channel/volley-create-channel.js';
import '../../components/channels/volley-join-dialog/volley-join-dialog.js';
import { styles } from './page-channels.styles.js';

@customElement('page-channels')
export class PageChannels extends LitElement {
  static override styles = styles;

  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @query('volley-join-dialog') private joinDialog!: VolleyJoinDialog;
  @query('volley-create-channel') private createDialog!: VolleyCreateChannel;
  readonly #form = new FormController(this, () => []);
  readonly #search = new SearchController<ChannelSummary>(this, {
    emptySearches: true,
    fetch: (q, cursor) => this.channels!.directory(q, cursor),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('online') && this.online) void this.#search.load();
  }

  protected override render() {
    const search = this.#search;
    const disabled = !this.online || this.#form.submitting;
    return html`<main>
      <div class="title-row">
        <h1>${msg('channels.title')}</h1>
        <button type="button" ?disabled=${!this.online} @click=${() => this.createDialog.show()}>${msg('channels.create')}</button>
      </div>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`}
      <section>
        <label class="search-label" for="channel-search">${msg('channels.search')}</label>
        <input id="channel-search" class="search" type="search" autocomplete="off" ?disabled=${!this.online} @input=${search.onInput} />
        ${formError(search.form.formError)}
        ${formError(this.#form.formError)}
        ${search.searched && search.results.length === 0 ? html`<p class="hint">${msg('channels.none')}</p>` : nothing}
        <ul>
          ${search.results.map((channel) => html`<li class="channel" data-testid="channel" data-id=${channel.id} data-access=${channel.access}>
            <div class="about">
              <span class="name">#${channel.name}</span>
              <span class="meta">${msg(`channels.access.${channel.access}`)}${channel.memberCount === null ? '' : ` · ${msg('channels.members', { count: channel.memberCount })}`}</span>
              ${channel.topic ? html`<span class="topic">${channel.topic}</span>` : nothing}
            </div>
            ${this.#action(channel, disabled)}
          </li>`)}
        </ul>
        ${search.nextCursor ? html`<button type="button" class="secondary small" ?disabled=${!this.online || search.form.submitting} @click=${() => search.load({ more: true })}>${msg('common.loadMore')}</button>` : nothing}
      </section>
      <volley-join-dialog @joined=${this.#open}></volley-join-dialog>
      <volley-create-channel @created=${this.#open}></volley-create-channel>
    </main>`;
  }

  #action(channel: ChannelSummary, disabled: boolean) {
    if (channel.joined) return html`<a class="button secondary small" href=${`/c/${channel.id}`}>${msg('channels.open')}</a>`;
    if (channel.access === 'password') return html`<button type="button" class="small" ?disabled=${disabled} @click=${() => this.joinDialog.show(channel)}>${msg('channels.join')}</button>`;
    // The channel's own page asks to join (with a message) and shows the request as it goes.
    if (channel.access === 'private') {
      const label = channel.myRequest === 'pending' ? msg('channels.requestPendingShort') : channel.myRequest === 'rejected' ? msg('channels.requestRejectedShort') : msg('channels.requestToJoin');
      return html`<a class="button small secondary" data-request=${channel.myRequest ?? 'none'} href=${`/c/${channel.id}`}>${label}</a>`;
    }
    return html`<button type="button" class="small" ?disabled=${disabled} @click=${() => this.#join(channel.id)}>${msg('channels.join')}</button>`;
  }

  async #join(id: string): Promise<void> {
    if (await this.#form.submit(() => this.channels!.join(id))) this.router?.navigate(`/c/${id}`);
  }

  readonly #open = (event: CustomEvent<string>): void => this.router?.navigate(`/c/${event.detail}`);
}

declare global {
  interface HTMLElementTagNameMap {
    'page-channels': PageChannels;
  }
}
