/**
 * Channels and their moderation, over the API. Every action that changes what I am a member of
 * refreshes the cached conversation list. `changed` tells an open member list that the server
 * signalled its conversation's members or join requests moved (my-room-controller.ts).
 */
import { createContext } from '@lit/context';
import type { Conversation, CreateChannelBody, InviteLinkPreview, JoinRequest, Member } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import { Listeners, type ApiClient } from '@volley/client';
import { refreshConversations } from './conversations.js';

export type ModerationAction =
  | { action: 'kick' }
  | { action: 'ban'; minutes: number | null }
  | { action: 'mute'; minutes: number }
  | { action: 'unban' }
  | { action: 'unmute' }
  | { action: 'role'; role: 'admin' | 'member' }
  | { action: 'transfer' };

export class Channels {
  /** A conversation's members or join requests changed (conversation id). */
  readonly changed = new Listeners<[string]>();
  readonly #api: ApiClient;
  readonly #db: VolleyDB;

  constructor(api: ApiClient, db: VolleyDB) {
    this.#api = api;
    this.#db = db;
  }

  /** A conversation I may not be in (a listed channel); 404 for a private one. */
  get(id: string): Promise<Conversation> {
    return this.#api.request('GET', `/conversations/${id}`, { schema: (s) => s.Conversation });
  }

  directory(q: string, cursor: string | null) {
    return this.#api.page(`/channels?q=${encodeURIComponent(q)}`, (s) => s.ChannelSummary, cursor, 50);
  }

  async create(body: CreateChannelBody): Promise<Conversation> {
    const created = await this.#api.request('POST', '/channels', { body, schema: (s) => s.Conversation });
    await this.#refresh();
    return created;
  }

  /** Opens (or finds) the DM with a user. */
  async openDm(userId: string): Promise<Conversation> {
    const dm = await this.#api.request('POST', '/conversations/dm', { body: { userId }, schema: (s) => s.Conversation });
    await this.#refresh();
    return dm;
  }

  async join(id: string, password?: string): Promise<void> {
    await this.#api.request('POST', `/conversations/${id}/join`, { body: password === undefined ? {} : { password } });
    await this.#refresh();
  }

  /** Resolves once left, before the list is refreshed: the caller moves away from the conversation first. */
  async leave(id: string): Promise<void> {
    await this.#api.request('POST', `/conversations/${id}/leave`);
    void this.#refresh();
  }

  /** Asks a private channel's admins to let me in, with a few words if `message` has any. */
  async requestToJoin(id: string, message = ''): Promise<JoinRequest> {
    return this.#api.request('POST', `/conversations/${id}/join-requests`, { body: message.trim() ? { message } : {}, schema: (s) => s.JoinRequest });
  }

  /** My latest request to join the channel, pending or decided; null when I never asked. */
  async myJoinRequest(id: string): Promise<JoinRequest | null> {
    return (await this.#api.request('GET', `/conversations/${id}/join-requests/mine`, { schema: (s) => s.object({ request: s.JoinRequest.nullable() }) })).request;
  }

  /** The channel's invite link, to copy (a member of a private channel). */
  async inviteLink(id: string): Promise<string> {
    const { token } = await this.#api.request('GET', `/conversations/${id}/invite-link`, { schema: (s) => s.InviteLink });
    return new URL(`/join/${token}`, location.origin).href;
  }

  /** Ends the link in force: whoever holds it cannot join by it any more (the channel's admins). */
  revokeInviteLink(id: string): Promise<void> {
    return this.#api.request('DELETE', `/conversations/${id}/invite-link`);
  }

  previewInviteLink(token: string): Promise<InviteLinkPreview> {
    return this.#api.request('POST', '/invite-links/preview', { body: { token }, schema: (s) => s.InviteLinkPreview });
  }

  async joinByLink(token: string): Promise<Conversation> {
    const joined = await this.#api.request('POST', '/invite-links/join', { body: { token }, schema: (s) => s.Conversation });
    await this.#refresh();
    return joined;
  }

  async update(id: string, body: { name?: string; topic?: string }): Promise<void> {
    await this.#api.request('PATCH', `/conversations/${id}`, { body });
    await this.#refresh();
  }

  async setPassword(id: string, password: string | null): Promise<void> {
    await this.#api.request('PUT', `/conversations/${id}/password`, { body: { password } });
    await this.#refresh();
  }

  members(id: string): Promise<Member[]> {
    return this.#api.all(`/conversations/${id}/members`, (s) => s.Member);
  }

  /** Every request to join, pending and decided (the channel's admins). */
  joinRequests(id: string): Promise<JoinRequest[]> {
    return this.#api.all(`/conversations/${id}/join-requests?status=all`, (s) => s.JoinRequest);
  }

  decideJoinRequest(requestId: string, accept: boolean): Promise<void> {
    return this.#api.request('POST', `/join-requests/${requestId}/${accept ? 'accept' : 'reject'}`);
  }

  invite(id: string, userId: string): Promise<void> {
    return this.#api.request('POST', `/conversations/${id}/invitations`, { body: { userId } });
  }

  async moderate(id: string, userId: string, act: ModerationAction): Promise<void> {
    const base = `/conversations/${id}`;
    switch (act.action) {
      case 'kick':
        return this.#api.request('POST', `${base}/kick`, { body: { userId } });
      case 'ban':
        return this.#api.request('POST', `${base}/ban`, { body: { userId, minutes: act.minutes } });
      case 'mute':
        return this.#api.request('POST', `${base}/mute`, { body: { userId, minutes: act.minutes } });
      case 'unban':
        return this.#api.request('DELETE', `${base}/bans/${userId}`);
      case 'unmute':
        return this.#api.request('DELETE', `${base}/mutes/${userId}`);
      case 'role':
        return this.#api.request('PATCH', `${base}/members/${userId}`, { body: { role: act.role } });
      case 'transfer':
        await this.#api.request('POST', `${base}/transfer`, { body: { userId } });
        return this.#refresh();
    }
  }

  /** Offline or failing: the cached list stays until the next refresh. */
  #refresh(): Promise<void> {
    return refreshConversations(this.#api, this.#db).then(
      () => undefined,
      () => undefined,
    );
  }
}

/** Opens (or finds) the DM with a user and shows it. */
export async function showDm(channels: Channels, router: { navigate(path: string): void } | undefined, userId: string): Promise<void> {
  const dm = await channels.openDm(userId);
  router?.navigate(`/c/${dm.id}`);
}

export const channelsContext = createContext<Channels>(Symbol('volley.channels'));
