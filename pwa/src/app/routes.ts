/** The app's routes as plain data; pages are imported on first visit. */
import { html } from 'lit';
import { loadMessages, type MessagePart } from '../i18n/i18n.js';
import type { Route } from '../router/router.js';

/** A page's module and the parts of the catalogue it shows (i18n/en.ts): its own and the later one, fetched side by side. */
const withMessages = (part: MessagePart, load: () => Promise<unknown>) => () => Promise.all([load(), loadMessages(part), loadMessages('later')]);

// One loader and one template for each page shared by several routes: going from `/` to
// `/c/:id` keeps the same page element (and its open rooms).
const loadAuth = withMessages('sign-in', () => import('../pages/page-auth/page-auth.js'));
const loadChat = () => import('../pages/page-chat/page-chat.js');
const loadRecovery = withMessages('sign-in', () => import('../pages/page-account-recovery/page-account-recovery.js'));
const loadSettings = withMessages('pages', () => import('../pages/page-settings/page-settings.js'));
const settings = (section: string) => html`<page-settings .section=${section}></page-settings>`;
// The fragment may name a message to jump to (chat/message-link.ts).
const chat = (convId: string | null) => html`<page-chat .convId=${convId} .fragment=${location.hash}></page-chat>`;

export const routes: Route[] = [
  {
    path: '/login',
    access: 'public',
    load: loadAuth,
    render: () => html`<page-auth mode="login"></page-auth>`,
  },
  {
    path: '/register',
    access: 'public',
    load: loadAuth,
    render: () => html`<page-auth mode="register"></page-auth>`,
  },
  {
    path: '/forgot-password',
    access: 'public',
    load: loadRecovery,
    render: () => html`<page-account-recovery mode="forgot"></page-account-recovery>`,
  },
  {
    // Opened from a mail: the token is in the fragment.
    path: '/reset-password',
    access: 'public',
    load: loadRecovery,
    render: () => html`<page-account-recovery mode="reset"></page-account-recovery>`,
  },
  {
    path: '/confirm-email',
    access: 'public',
    load: loadRecovery,
    render: () => html`<page-account-recovery mode="confirm-email"></page-account-recovery>`,
  },
  {
    path: '/',
    access: 'member',
    load: loadChat,
    render: () => chat(null),
    showsLater: true,
  },
  {
    path: '/c/:convId',
    access: 'member',
    load: loadChat,
    render: ({ convId }) => chat(convId ?? null),
    showsLater: true,
  },
  {
    path: '/people',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-people/page-people.js')),
    render: () => html`<page-people></page-people>`,
  },
  {
    path: '/u/:userId',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-profile/page-profile.js')),
    render: ({ userId }) => html`<page-profile .userId=${userId ?? ''}></page-profile>`,
  },
  {
    path: '/settings',
    access: 'member',
    load: loadSettings,
    render: () => settings('profile'),
  },
  {
    path: '/settings/:section',
    access: 'member',
    load: loadSettings,
    render: ({ section }) => settings(section ?? 'profile'),
  },
  {
    path: '/channels',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-channels/page-channels.js')),
    render: () => html`<page-channels></page-channels>`,
  },
  {
    // A private channel's invite link: the token is an invitation, not a credential.
    path: '/join/:token',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-join-link/page-join-link.js')),
    render: ({ token }) => html`<page-join-link .token=${token ?? ''}></page-join-link>`,
  },
  {
    path: '/play',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-play/page-play.js')),
    render: () => html`<page-play></page-play>`,
  },
  {
    path: '/leaderboard',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-leaderboard/page-leaderboard.js')),
    render: () => html`<page-leaderboard></page-leaderboard>`,
  },
  {
    path: '/tournaments',
    access: 'member',
    load: withMessages('pages', () => import('../tournaments/page-tournaments.js')),
    render: () => html`<page-tournaments></page-tournaments>`,
  },
  {
    path: '/tournaments/:tournamentId',
    access: 'member',
    load: withMessages('pages', () => import('../tournaments/page-tournament.js')),
    render: ({ tournamentId }) => html`<page-tournament .tournamentId=${tournamentId ?? ''}></page-tournament>`,
  },
  {
    // Play if I am a player, watch otherwise: the server says which when the socket opens.
    path: '/game/:gameId',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-game/page-game.js')),
    render: ({ gameId }) => html`<page-game .gameId=${gameId ?? ''}></page-game>`,
  },
  {
    // Site moderators and admins; the server refuses everyone else.
    path: '/admin',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-admin/page-admin.js')),
    render: () => html`<page-admin></page-admin>`,
  },
  {
    path: '/practice',
    access: 'member',
    load: withMessages('pages', () => import('../pages/page-practice/page-practice.js')),
    render: () => html`<page-practice></page-practice>`,
  },
];
