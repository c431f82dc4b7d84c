/**
 * The authorization matrix, generated from the served OpenAPI document: every operation the api
 * answers × every kind of actor, against the answer one table gives. An operation missing from
 * the table fails, so a new route cannot be left out; a row for an operation the api no longer
 * serves fails too.
 *
 * The actors: `anonymous` (no token); `person` (owns the channel, the bot and the tournaments);
 * `member`, `muted` (muted in the channel), `banned` (banned from it), `nonMember`; the bot, a
 * member of the channel, with a token `botRead` (read, the channel), `botIn` (read_write, the
 * channel) and `botOut` (read_write, another channel of the bot's); `siteBanned`; `deleted` (the
 * account's row marked deleted, its token otherwise live); `adminOutside` (a site admin from an
 * address outside ADMIN_ALLOWED_ADDRESSES); `siteAdmin` (a site admin from inside it).
 *
 * How a cell's answer follows from its row (`expected`), the same for every row:
 * - public: the row's answer, whoever asks;
 * - anonymous and deleted: 401 unauthenticated; siteBanned: 403 site_banned;
 * - the site (`/admin/*`): 404 from outside the allowed addresses, 403 token_scope for a bot
 *   token, 403 forbidden for who is not staff, the row's `admin` answer for a site admin;
 * - a bot token: 403 token_scope where the row is a person's own (their ways in), where it
 *   writes with a read-only token, where it reads across conversations with a limited one, and
 *   where the row's conversation is not the token's; else the row's `bot` answer, or a member's;
 * - a site admin elsewhere is nobody in the conversation: a non-member's answer;
 * - the people: the row's `people` column.
 *
 * Rows that change what they act on send input the route refuses (`input`: past every guard,
 * nothing changed) where that shows the guards; where the change is the point, the cell runs on a
 * channel of its own (`fresh`) when its answer is a success. The sync server's matrix holds the
 * sockets (sync-server/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationMember } from '@volley/core';
import { newId } from '@volley/shared';
import { startTestApi, type TestApi } from './api.testing.js';
import {
  ACTORS,
  bannedHere,
  conflict,
  expectAnswer,
  forbidden,
  input,
  makeWorld,
  notFound,
  ok,
  OUTSIDE_ADDRESS,
  redirect,
  refused,
  send,
  siteBanned,
  tokenScope,
  unauthenticated,
  type ActorName,
  type Answer,
  type Call,
  type Channel,
  type PersonKind,
  type World,
} from './authorization-matrix.testing.js';

type Touches = 'public' | 'account' | 'person' | 'all_conversations' | 'conversation' | 'site';

interface Row {
  touches: Touches;
  call: (w: World, c: Channel) => Promise<Call> | Call;
  /** The people's answer: one for all, or by kind (`default` for the rest). Public rows: everyone's. */
  people: Answer | Partial<Record<PersonKind | 'default', Answer>>;
  /** A read_write token in scope, where it differs from a member's. */
  bot?: Answer;
  /** A POST that only reads: a read-only token may. */
  reads?: true;
  /** The change is the point: a success runs on a channel (or tournament) of its own. */
  fresh?: true;
  /** Site rows: a site admin's answer. */
  admin?: Answer;
}

const NOBODY = newId();
const get = (path: string): Call => ({ method: 'GET', path });
const post = (path: string, body: unknown = { matrix: true }): Call => ({ method: 'POST', path, body });
const patch = (path: string, body: unknown = { matrix: true }): Call => ({ method: 'PATCH', path, body });
const put = (path: string, body: unknown = { matrix: true }): Call => ({ method: 'PUT', path, body });
const del = (path: string, body?: unknown): Call => ({ method: 'DELETE', path, body });
const v1 = (path: string) => `/api/v1${path}`;
const conv = (c: Channel, rest = '') => v1(`/conversations/${c.id}${rest}`);

/** Members read; who is not one (banned included: a ban removes the membership) is refused. */
const readers: Row['people'] = { nonMember: forbidden, banned: forbidden, default: ok };
/** The owner's (the person's) alone. */
const ownerOnly: Row['people'] = { person: ok, default: forbidden };
const everyone = ok;

const TABLE: Record<string, Row> = {
  // Public: the same answer whoever asks.
  'GET /healthz': { touches: 'public', call: () => get('/healthz'), people: ok },
  'GET /readyz': { touches: 'public', call: () => get('/readyz'), people: ok },
  'GET /api/v1/openapi.json': { touches: 'public', call: () => get(v1('/openapi.json')), people: ok },
  'GET /media/avatars/{file}': { touches: 'public', call: () => get('/media/avatars/nothing.webp'), people: notFound },
  'POST /api/v1/auth/login': { touches: 'public', call: () => post(v1('/auth/login')), people: input },
  'POST /api/v1/auth/login/2fa': { touches: 'public', call: () => post(v1('/auth/login/2fa')), people: input },
  'POST /api/v1/auth/logout': { touches: 'public', call: () => post(v1('/auth/logout'), undefined), people: ok },
  'POST /api/v1/auth/refresh': { touches: 'public', call: () => post(v1('/auth/refresh'), undefined), people: ok },
  'POST /api/v1/auth/register': { touches: 'public', call: () => post(v1('/auth/register')), people: input },
  'POST /api/v1/auth/password-reset': { touches: 'public', call: () => post(v1('/auth/password-reset')), people: input },
  'POST /api/v1/auth/password-reset/confirm': { touches: 'public', call: () => post(v1('/auth/password-reset/confirm')), people: input },
  'POST /api/v1/me/email/confirm': { touches: 'public', call: () => post(v1('/me/email/confirm')), people: input },
  'GET /api/v1/auth/providers': { touches: 'public', call: () => get(v1('/auth/providers')), people: ok },
  'GET /api/v1/auth/oauth/start': { touches: 'public', call: () => get(v1('/auth/oauth/start')), people: notFound },
  'GET /api/v1/auth/oauth/callback': { touches: 'public', call: () => get(v1('/auth/oauth/callback')), people: redirect },
  'GET /api/v1/push/key': { touches: 'public', call: () => get(v1('/push/key')), people: ok },

  // The account's own things.
  'GET /api/v1/me': { touches: 'account', call: () => get(v1('/me')), people: everyone },
  'PATCH /api/v1/me': { touches: 'account', call: () => patch(v1('/me')), people: input },
  'PUT /api/v1/me/avatar': { touches: 'account', call: () => ({ method: 'PUT', path: v1('/me/avatar'), raw: 'not an image' }), people: refused(415, 'unsupported_media_type') },
  'DELETE /api/v1/me/avatar': { touches: 'account', call: () => del(v1('/me/avatar')), people: ok },
  'GET /api/v1/me/notification-settings': { touches: 'account', call: () => get(v1('/me/notification-settings')), people: ok },
  'PUT /api/v1/me/notification-settings': { touches: 'account', call: () => put(v1('/me/notification-settings')), people: input },
  'GET /api/v1/me/push-subscriptions': { touches: 'account', call: () => get(v1('/me/push-subscriptions')), people: ok },
  'POST /api/v1/me/push-subscriptions': { touches: 'account', call: () => post(v1('/me/push-subscriptions')), people: input },
  'DELETE /api/v1/me/push-subscriptions/{id}': { touches: 'account', call: () => del(v1(`/me/push-subscriptions/${NOBODY}`)), people: notFound },
  'GET /api/v1/e2ee/devices': { touches: 'account', call: () => get(v1('/e2ee/devices')), people: ok },
  'POST /api/v1/e2ee/devices/{deviceId}/keys': { touches: 'account', call: () => post(v1('/e2ee/devices/MATRIX/keys')), people: input },
  'DELETE /api/v1/e2ee/devices/{deviceId}': { touches: 'account', call: () => del(v1('/e2ee/devices/MATRIX')), people: notFound },
  'GET /api/v1/e2ee/devices/{deviceId}/inbox': { touches: 'account', call: () => get(v1('/e2ee/devices/MATRIX/inbox')), people: notFound },
  'POST /api/v1/e2ee/keys/query': { touches: 'account', call: () => post(v1('/e2ee/keys/query')), people: input },
  'POST /api/v1/e2ee/keys/claim': { touches: 'account', call: () => post(v1('/e2ee/keys/claim')), people: input },
  'POST /api/v1/e2ee/keys/cross-signing': { touches: 'account', call: () => post(v1('/e2ee/keys/cross-signing')), people: input },
  'POST /api/v1/e2ee/keys/signatures': { touches: 'account', call: () => post(v1('/e2ee/keys/signatures')), people: input },
  'GET /api/v1/e2ee/secret-storage': { touches: 'account', call: () => get(v1('/e2ee/secret-storage')), people: notFound },
  'PUT /api/v1/e2ee/secret-storage': { touches: 'account', call: () => put(v1('/e2ee/secret-storage')), people: input },
  'GET /api/v1/e2ee/room-keys/version': { touches: 'account', call: () => get(v1('/e2ee/room-keys/version')), people: notFound },
  'POST /api/v1/e2ee/room-keys/version': { touches: 'account', call: () => post(v1('/e2ee/room-keys/version')), people: input },
  'GET /api/v1/e2ee/room-keys/keys': { touches: 'account', call: () => get(v1('/e2ee/room-keys/keys?version=1')), people: notFound },
  'PUT /api/v1/e2ee/room-keys/keys': { touches: 'account', call: () => put(v1('/e2ee/room-keys/keys?version=1')), people: input },
  'PUT /api/v1/e2ee/to-device/{eventType}/{txnId}': { touches: 'account', call: () => put(v1('/e2ee/to-device/m.room_key/1')), people: input },
  'GET /api/v1/blocks': { touches: 'account', call: () => get(v1('/blocks')), people: ok },
  'PUT /api/v1/blocks/{userId}': { touches: 'account', call: () => put(v1(`/blocks/${NOBODY}`), undefined), people: notFound },
  'DELETE /api/v1/blocks/{userId}': { touches: 'account', call: () => del(v1(`/blocks/${NOBODY}`)), people: ok },
  'GET /api/v1/friends': { touches: 'account', call: () => get(v1('/friends')), people: ok },
  'DELETE /api/v1/friends/{userId}': { touches: 'account', call: () => del(v1(`/friends/${NOBODY}`)), people: notFound },
  'GET /api/v1/friends/requests': { touches: 'account', call: () => get(v1('/friends/requests')), people: ok },
  'POST /api/v1/friends/requests': { touches: 'account', call: () => post(v1('/friends/requests')), people: input },
  'DELETE /api/v1/friends/requests/{id}': { touches: 'account', call: () => del(v1(`/friends/requests/${NOBODY}`)), people: notFound },
  'POST /api/v1/friends/requests/{id}/accept': { touches: 'account', call: () => post(v1(`/friends/requests/${NOBODY}/accept`), undefined), people: notFound },
  'POST /api/v1/friends/requests/{id}/decline': { touches: 'account', call: () => post(v1(`/friends/requests/${NOBODY}/decline`), undefined), people: notFound },
  'GET /api/v1/bots': { touches: 'account', call: () => get(v1('/bots')), people: ok },
  'POST /api/v1/bots': { touches: 'account', call: () => post(v1('/bots')), people: input },
  'GET /api/v1/bots/{botId}': { touches: 'account', call: (w) => get(v1(`/bots/${w.botId}`)), people: { person: ok, default: notFound } },
  'PATCH /api/v1/bots/{botId}': { touches: 'account', call: (w) => patch(v1(`/bots/${w.botId}`)), people: input },
  'DELETE /api/v1/bots/{botId}': { touches: 'account', call: () => del(v1(`/bots/${NOBODY}`)), people: notFound },
  'PUT /api/v1/bots/{botId}/avatar': { touches: 'account', call: () => ({ method: 'PUT', path: v1(`/bots/${NOBODY}/avatar`), raw: 'x' }), people: notFound },
  'DELETE /api/v1/bots/{botId}/avatar': { touches: 'account', call: () => del(v1(`/bots/${NOBODY}/avatar`)), people: notFound },
  'GET /api/v1/bots/{botId}/tokens': { touches: 'account', call: (w) => get(v1(`/bots/${w.botId}/tokens`)), people: { person: ok, default: notFound } },
  'POST /api/v1/bots/{botId}/tokens': { touches: 'account', call: (w) => post(v1(`/bots/${w.botId}/tokens`)), people: input },
  'DELETE /api/v1/bots/{botId}/tokens/{tokenId}': { touches: 'account', call: () => del(v1(`/bots/${NOBODY}/tokens/${NOBODY}`)), people: notFound },
  'GET /api/v1/channels': { touches: 'account', call: () => get(v1('/channels')), people: ok },
  'POST /api/v1/channels': { touches: 'account', call: () => post(v1('/channels')), people: input },
  'GET /api/v1/conversations': { touches: 'account', call: () => get(v1('/conversations')), people: ok },
  'GET /api/v1/users': { touches: 'account', call: () => get(v1('/users?q=user')), people: ok },
  'GET /api/v1/users/{id}': { touches: 'account', call: (w) => get(v1(`/users/${w.users.target.user.id}`)), people: ok },
  'GET /api/v1/users/{id}/matches': { touches: 'account', call: (w) => get(v1(`/users/${w.users.target.user.id}/matches`)), people: ok },
  'GET /api/v1/users/{id}/game-stats': { touches: 'account', call: (w) => get(v1(`/users/${w.users.target.user.id}/game-stats`)), people: ok },
  'GET /api/v1/users/{id}/tournaments': { touches: 'account', call: (w) => get(v1(`/users/${w.users.target.user.id}/tournaments`)), people: ok },
  'GET /api/v1/leaderboard': { touches: 'account', call: () => get(v1('/leaderboard')), people: ok },
  'GET /api/v1/link-previews/{id}/image': { touches: 'account', call: () => get(v1(`/link-previews/${NOBODY}/image`)), people: notFound },
  'GET /api/v1/sticker-packs': { touches: 'account', call: () => get(v1('/sticker-packs')), people: ok },
  'GET /api/v1/stickers/{id}': { touches: 'account', call: () => get(v1(`/stickers/${NOBODY}`)), people: notFound },
  'GET /api/v1/tournaments': { touches: 'account', call: () => get(v1('/tournaments')), people: ok },
  'POST /api/v1/tournaments': { touches: 'account', call: () => post(v1('/tournaments')), people: input },
  'GET /api/v1/tournaments/{id}': { touches: 'account', call: async (w) => get(v1(`/tournaments/${await w.tournament()}`)), people: ok },
  'GET /api/v1/tournaments/{id}/bracket': { touches: 'account', call: async (w) => get(v1(`/tournaments/${await w.tournament()}/bracket`)), people: ok },
  'POST /api/v1/tournaments/{id}/invitations': { touches: 'account', call: async (w) => post(v1(`/tournaments/${await w.tournament()}/invitations`)), people: input },
  'POST /api/v1/tournaments/{id}/register': { touches: 'account', call: async (w) => post(v1(`/tournaments/${await w.tournament()}/register`), undefined), people: ok, bot: tokenScope, fresh: true },
  'POST /api/v1/tournaments/{id}/withdraw': { touches: 'account', call: async (w) => post(v1(`/tournaments/${await w.tournament()}/withdraw`), undefined), people: ok, bot: tokenScope },
  'POST /api/v1/tournaments/{id}/start': { touches: 'account', call: async (w) => post(v1(`/tournaments/${await w.tournament()}/start`), undefined), people: { person: conflict('too_few_players'), default: forbidden } },
  'GET /api/v1/tournaments/{id}/messages': { touches: 'conversation', call: async (w) => get(v1(`/tournaments/${await w.tournament()}/messages`)), people: ok, bot: tokenScope },
  'GET /api/v1/search': { touches: 'all_conversations', call: () => get(v1('/search?q=volley')), people: ok },

  // A person's own ways in.
  'GET /api/v1/me/oauth': { touches: 'person', call: () => get(v1('/me/oauth')), people: ok },
  'POST /api/v1/me/oauth/link': { touches: 'person', call: () => post(v1('/me/oauth/link'), undefined), people: notFound },
  'DELETE /api/v1/me/oauth/link': { touches: 'person', call: () => del(v1('/me/oauth/link')), people: notFound },
  'POST /api/v1/me/password': { touches: 'person', call: () => post(v1('/me/password')), people: input },
  'POST /api/v1/me/email': { touches: 'person', call: () => post(v1('/me/email')), people: input },
  'GET /api/v1/me/2fa': { touches: 'person', call: () => get(v1('/me/2fa')), people: ok },
  'POST /api/v1/me/2fa/setup': { touches: 'person', call: () => post(v1('/me/2fa/setup'), undefined), people: ok },
  'POST /api/v1/me/2fa/enable': { touches: 'person', call: () => post(v1('/me/2fa/enable')), people: input },
  'POST /api/v1/me/2fa/disable': { touches: 'person', call: () => post(v1('/me/2fa/disable')), people: input },
  'GET /api/v1/me/export': { touches: 'person', call: () => get(v1('/me/export')), people: ok },
  'DELETE /api/v1/me': { touches: 'person', call: () => del(v1('/me'), { matrix: true }), people: input },
  'GET /api/v1/me/sessions': { touches: 'person', call: () => get(v1('/me/sessions')), people: ok },
  'DELETE /api/v1/me/sessions': { touches: 'person', call: () => del(v1('/me/sessions')), people: ok },
  'DELETE /api/v1/me/sessions/{id}': { touches: 'person', call: () => del(v1(`/me/sessions/${NOBODY}`)), people: notFound },

  // One conversation: the channel, found by the path, the body or the record acted on.
  'GET /api/v1/conversations/{id}': { touches: 'conversation', call: (_, c) => get(conv(c)), people: ok },
  'PATCH /api/v1/conversations/{id}': { touches: 'conversation', call: (_, c) => patch(conv(c), { topic: 'matrix' }), people: ownerOnly, fresh: true },
  'PUT /api/v1/conversations/{id}/password': { touches: 'conversation', call: (_, c) => put(conv(c, '/password'), { password: 'new secret' }), people: ownerOnly, fresh: true },
  'GET /api/v1/conversations/{id}/members': { touches: 'conversation', call: (_, c) => get(conv(c, '/members')), people: readers },
  'PATCH /api/v1/conversations/{id}/members/{userId}': { touches: 'conversation', call: (w, c) => patch(conv(c, `/members/${w.users.target.user.id}`), { role: 'admin' }), people: ownerOnly, fresh: true },
  'GET /api/v1/conversations/{id}/messages': { touches: 'conversation', call: (_, c) => get(conv(c, '/messages')), people: readers },
  'GET /api/v1/conversations/{id}/pins': { touches: 'conversation', call: (_, c) => get(conv(c, '/pins')), people: readers },
  'GET /api/v1/conversations/{id}/attachments': { touches: 'conversation', call: (_, c) => get(conv(c, '/attachments')), people: readers },
  'POST /api/v1/conversations/{id}/attachments': { touches: 'conversation', call: (_, c) => ({ method: 'POST', path: conv(c, '/attachments?name=a.txt'), raw: 'words' }), people: { nonMember: forbidden, banned: bannedHere, muted: forbidden, default: ok }, fresh: true },
  'POST /api/v1/conversations/{id}/join': { touches: 'conversation', call: (_, c) => post(conv(c, '/join'), {}), people: { nonMember: refused(403, 'invitation_needed'), banned: bannedHere, default: ok }, fresh: true },
  'POST /api/v1/conversations/{id}/leave': { touches: 'conversation', call: (_, c) => post(conv(c, '/leave'), {}), people: { person: conflict('owner_must_transfer'), nonMember: forbidden, banned: forbidden, default: ok }, fresh: true },
  'POST /api/v1/conversations/{id}/transfer': { touches: 'conversation', call: (w, c) => post(conv(c, '/transfer'), { userId: w.users.target.user.id }), people: ownerOnly, fresh: true },
  'POST /api/v1/conversations/{id}/kick': { touches: 'conversation', call: (w, c) => post(conv(c, '/kick'), { userId: w.users.target.user.id }), people: ownerOnly, fresh: true },
  'POST /api/v1/conversations/{id}/ban': { touches: 'conversation', call: (w, c) => post(conv(c, '/ban'), { userId: w.users.target.user.id, minutes: 10 }), people: ownerOnly, fresh: true },
  'POST /api/v1/conversations/{id}/mute': { touches: 'conversation', call: (w, c) => post(conv(c, '/mute'), { userId: w.users.target.user.id, minutes: 10 }), people: ownerOnly, fresh: true },
  'DELETE /api/v1/conversations/{id}/bans/{userId}': { touches: 'conversation', call: (w, c) => del(conv(c, `/bans/${w.users.banned.user.id}`)), people: ownerOnly, fresh: true },
  'DELETE /api/v1/conversations/{id}/mutes/{userId}': { touches: 'conversation', call: (w, c) => del(conv(c, `/mutes/${w.users.muted.user.id}`)), people: ownerOnly, fresh: true },
  'POST /api/v1/conversations/{id}/invitations': { touches: 'conversation', call: (w, c) => post(conv(c, '/invitations'), { userId: w.users.outsider.user.id }), people: ownerOnly, fresh: true },
  'GET /api/v1/conversations/{id}/invite-link': { touches: 'conversation', call: (_, c) => get(conv(c, '/invite-link')), people: readers },
  'DELETE /api/v1/conversations/{id}/invite-link': { touches: 'conversation', call: (_, c) => del(conv(c, '/invite-link')), people: ownerOnly, fresh: true },
  'POST /api/v1/conversations/{id}/join-requests': { touches: 'conversation', call: (_, c) => post(conv(c, '/join-requests'), {}), people: { nonMember: ok, banned: bannedHere, default: conflict('already_member') }, fresh: true },
  'GET /api/v1/conversations/{id}/join-requests': { touches: 'conversation', call: (_, c) => get(conv(c, '/join-requests')), people: ownerOnly },
  'GET /api/v1/conversations/{id}/join-requests/mine': { touches: 'conversation', call: (_, c) => get(conv(c, '/join-requests/mine')), people: ok },
  'POST /api/v1/join-requests/{id}/accept': { touches: 'conversation', call: async (_, c) => post(v1(`/join-requests/${await c.joinRequest()}/accept`), undefined), people: ownerOnly, fresh: true },
  'POST /api/v1/join-requests/{id}/reject': { touches: 'conversation', call: async (_, c) => post(v1(`/join-requests/${await c.joinRequest()}/reject`), undefined), people: ownerOnly, fresh: true },
  'POST /api/v1/invite-links/preview': { touches: 'conversation', call: async (_, c) => post(v1('/invite-links/preview'), { token: await c.inviteToken() }), people: ok, reads: true },
  'POST /api/v1/invite-links/join': { touches: 'conversation', call: async (_, c) => post(v1('/invite-links/join'), { token: await c.inviteToken() }), people: { banned: bannedHere, default: ok }, fresh: true },
  'POST /api/v1/conversations/dm': { touches: 'conversation', call: (w) => post(v1('/conversations/dm'), { userId: w.users.outsider.user.id }), people: ok, bot: tokenScope },
  'GET /api/v1/attachments/{id}': { touches: 'conversation', call: (w) => get(v1(`/attachments/${w.attachment}`)), people: { nonMember: notFound, banned: notFound, default: ok } },
  'GET /api/v1/attachments/{id}/thumbnail': { touches: 'conversation', call: (w) => get(v1(`/attachments/${w.attachment}/thumbnail`)), people: notFound },
  // The person's file, in a channel that is not encrypted: its uploader gets past every guard to be told the server makes those thumbnails.
  'PUT /api/v1/attachments/{id}/thumbnail': { touches: 'conversation', call: (w) => ({ method: 'PUT', path: v1(`/attachments/${w.attachment}/thumbnail`), raw: 'x' }), people: { person: refused(400, 'bad_request'), default: notFound } },
  // Reporting the person's message: any other reader; its author is refused.
  'POST /api/v1/messages/{id}/report': { touches: 'conversation', call: async (_, c) => post(v1(`/messages/${await c.message()}/report`), { reason: 'spam' }), people: { person: forbidden, nonMember: forbidden, banned: forbidden, default: ok } },
  'DELETE /api/v1/messages/{id}/preview': { touches: 'conversation', call: async (_, c) => del(v1(`/messages/${await c.message()}/preview`)), people: ownerOnly, fresh: true },
  'GET /api/v1/games/{id}': { touches: 'conversation', call: async (_, c) => get(v1(`/games/${await c.invitation()}`)), people: ok },
  'POST /api/v1/games/{id}/accept': { touches: 'conversation', call: async (_, c) => post(v1(`/games/${await c.invitation()}/accept`), undefined), people: { person: forbidden, default: notFound }, bot: ok, fresh: true },
  'POST /api/v1/games/{id}/decline': { touches: 'conversation', call: async (_, c) => post(v1(`/games/${await c.invitation()}/decline`), undefined), people: { person: forbidden, default: notFound }, bot: ok, fresh: true },

  // The site: every route under /api/v1/admin, behind its one guard.
  'GET /api/v1/admin/users': { touches: 'site', call: () => get(v1('/admin/users')), people: forbidden, admin: ok },
  'POST /api/v1/admin/roles': { touches: 'site', call: () => post(v1('/admin/roles')), people: forbidden, admin: input },
  'GET /api/v1/admin/bans': { touches: 'site', call: () => get(v1('/admin/bans')), people: forbidden, admin: ok },
  'POST /api/v1/admin/bans': { touches: 'site', call: () => post(v1('/admin/bans')), people: forbidden, admin: input },
  'DELETE /api/v1/admin/bans/{banId}': { touches: 'site', call: () => del(v1(`/admin/bans/${NOBODY}`)), people: forbidden, admin: notFound },
  'POST /api/v1/admin/kick': { touches: 'site', call: () => post(v1('/admin/kick')), people: forbidden, admin: input },
  'GET /api/v1/admin/audit': { touches: 'site', call: () => get(v1('/admin/audit')), people: forbidden, admin: ok },
  'GET /api/v1/admin/reports': { touches: 'site', call: () => get(v1('/admin/reports')), people: forbidden, admin: ok },
  'POST /api/v1/admin/reports/{reportId}/resolve': { touches: 'site', call: () => post(v1(`/admin/reports/${NOBODY}/resolve`), undefined), people: forbidden, admin: notFound },
  'GET /api/v1/admin/sticker-packs': { touches: 'site', call: () => get(v1('/admin/sticker-packs')), people: forbidden, admin: ok },
  'POST /api/v1/admin/sticker-packs': { touches: 'site', call: () => post(v1('/admin/sticker-packs')), people: forbidden, admin: input },
  'POST /api/v1/admin/sticker-packs/{id}/stickers': { touches: 'site', call: () => ({ method: 'POST', path: v1(`/admin/sticker-packs/${NOBODY}/stickers`), raw: 'x' }), people: forbidden, admin: notFound },
  'PATCH /api/v1/admin/sticker-packs/{id}': { touches: 'site', call: () => patch(v1(`/admin/sticker-packs/${NOBODY}`)), people: forbidden, admin: input },
  'DELETE /api/v1/admin/sticker-packs/{id}': { touches: 'site', call: () => del(v1(`/admin/sticker-packs/${NOBODY}`)), people: forbidden, admin: notFound },
};

const BOTS: ReadonlySet<ActorName> = new Set(['botRead', 'botIn', 'botOut']);

function peopleAnswer(row: Row, who: PersonKind): Answer {
  const { people } = row;
  if (typeof people === 'string' || 'status' in people) return people as Answer;
  return (people as Partial<Record<PersonKind | 'default', Answer>>)[who] ?? (people as { default: Answer }).default;
}

/** The answer a cell must get: the rules in this file's head comment. */
function expected(row: Row, method: string, actor: ActorName): Answer {
  if (row.touches === 'public') return peopleAnswer(row, 'person');
  if (row.touches === 'site' && actor === 'adminOutside') return { status: 404, code: 'not_found' };
  if (actor === 'anonymous' || actor === 'deleted') return unauthenticated;
  if (actor === 'siteBanned') return siteBanned;
  if (BOTS.has(actor)) {
    const writes = method !== 'GET' && !row.reads;
    if (row.touches === 'person' || row.touches === 'site' || row.touches === 'all_conversations') return tokenScope;
    if (actor === 'botRead' && writes) return tokenScope;
    if (row.touches === 'conversation' && actor === 'botOut') return tokenScope;
    return row.bot ?? peopleAnswer(row, 'member');
  }
  if (row.touches === 'site') return actor === 'siteAdmin' ? row.admin! : forbidden;
  if (actor === 'adminOutside' || actor === 'siteAdmin') return peopleAnswer(row, 'nonMember');
  return peopleAnswer(row, actor as PersonKind);
}

let t: TestApi;
let w: World;
let operations: { key: string; method: string }[];
beforeAll(async () => {
  t = await startTestApi({ ADMIN_ALLOWED_ADDRESSES: '127.0.0.1/32' });
  w = await makeWorld(t);
  const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase() })));
}, 120_000);
afterAll(() => t?.close());

describe('the authorization matrix', () => {
  it('has one row for every operation the api serves, and none for another', () => {
    expect(operations.map((o) => o.key).filter((key) => !TABLE[key])).toEqual([]);
    expect(Object.keys(TABLE).filter((key) => !operations.some((o) => o.key === key))).toEqual([]);
  });

  it('gives every actor on every operation the answer of its row', async () => {
    const wrong: string[] = [];
    for (const { key, method } of operations) {
      const row = TABLE[key];
      if (!row) continue;
      for (const actor of ACTORS) {
        const answer = expected(row, method, actor);
        const own = row.fresh && answer === ok;
        const channel = own ? await w.fresh() : w.channel;
        const world = own ? { ...w, tournament: memoOnce(w.newTournament) } : w;
        // A token in scope of a cell's own channel is made for it.
        const token = own && actor === 'botIn' ? await w.botToken('read_write', [channel.id]) : w.tokens[actor];
        const got = await send(t, await row.call(world, channel), token, actor === 'adminOutside' ? OUTSIDE_ADDRESS : undefined);
        try {
          expectAnswer(got, answer);
        } catch {
          wrong.push(`${key} as ${actor}: ${got.status} ${got.text.slice(0, 120)} (expected ${JSON.stringify(answer)})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});

describe('who moderates whom', () => {
  // actor → target: the owner outranks admins; nobody acts on the owner or on themselves.
  const RULES: ['admin' | 'owner', 'admin' | 'owner' | 'self' | 'member', Answer][] = [
    ['admin', 'admin', forbidden],
    ['owner', 'admin', ok],
    ['admin', 'owner', forbidden],
    ['admin', 'self', forbidden],
    ['owner', 'self', forbidden],
    ['admin', 'member', ok],
  ];
  it.each(RULES)('%s kicks, bans or mutes %s', async (actorKind, targetKind, answer) => {
    // The member is made an admin to act as one; the target, to be acted on as one.
    const actor = actorKind === 'owner' ? w.users.person : w.users.member;
    const target = { admin: w.users.target, owner: w.users.person, self: actor, member: w.users.target }[targetKind];
    for (const action of ['kick', 'ban', 'mute'] as const) {
      const c = await w.fresh();
      if (actorKind === 'admin') await ConversationMember.query(t.deps.db).findById([c.id, w.users.member.user.id]).patch({ role: 'admin' });
      if (targetKind === 'admin') await ConversationMember.query(t.deps.db).findById([c.id, w.users.target.user.id]).patch({ role: 'admin' });
      const body = { userId: target.user.id, ...(action === 'kick' ? {} : { minutes: 5 }) };
      expectAnswer(await send(t, post(conv(c, `/${action}`), body), actor.accessToken), answer);
    }
  });
});

/** A fresh cell's own tournament: made on first use, as the shared world makes its own. */
function memoOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
