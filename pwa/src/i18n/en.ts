/**
 * The English catalogue: the reference every other language must match key for key. It is in four
 * parts: this one, what the shell and the chat page show at first (the first load); what they show
 * later and the other pages share (`en-later.ts`, loaded by the first module that shows one of its
 * messages: later.ts); and two loaded with the pages that show them (i18n.ts `loadMessages`,
 * app/routes.ts): the sign-in, registration and recovery pages' (`en-sign-in.ts`), and every other
 * page's (`en-pages.ts`).
 */
import type { enLater } from './en-later.js';
import type { enPages } from './en-pages.js';
import type { enSignIn } from './en-sign-in.js';

export const en = {
  'app.name': 'Volley',
  'app.loading': 'Loading…',
  'app.notFound': 'This page does not exist.',
  'app.goHome': 'Go to your conversations',
  'app.language': 'Language',

  'auth.logout': 'Log out',

  'connection.online': 'Online',
  'connection.connecting': 'Connecting…',
  'connection.offline': 'Offline',

  'chat.conversations': 'Conversations',
  'chat.moreActions': 'More actions',
  'chat.backToConversations': 'Back to the conversations',
  'welcome.title': 'Welcome to Volley',
  'welcome.intro': 'This is #general, where everyone on the server talks. From here you can:',
  'welcome.people': 'Find people',
  'welcome.channels': 'Join a channel',
  'welcome.play': 'Play Pong',
  'welcome.dismiss': 'Got it',
  'chat.pickConversation': 'Pick a conversation.',
  'chat.emptyConversation': 'No messages yet. Say hello!',
  'chat.history': 'History of {name}',
  'chat.pending': 'Sending…',
  'chat.unreadCount': { one: '{count} unread message', other: '{count} unread messages' },
  'chat.mentioned': 'You were mentioned',
  'chat.lastBy': '{name}: {text}',
  'chat.lastByMe': 'You: {text}',
  'chat.noText': '(no text)',
  'chat.signedInAs': 'Logged in as {name}',

  'chat.older': 'Older messages load as you scroll up',
  'tone.label': 'Tone: {meaning}',
  'tone.joking': 'joking',
  'tone.halfJoking': 'half joking',
  'tone.sarcastic': 'sarcastic',
  'tone.serious': 'serious',
  'tone.notSerious': 'not serious',
  'tone.lightHearted': 'light-hearted',
  'tone.genuine': 'genuine',
  'tone.genuineQuestion': 'genuine question',
  'tone.positive': 'positive',
  'tone.negative': 'negative',
  'tone.neutral': 'neutral',
  'tone.platonic': 'platonic',
  'tone.romantic': 'romantic',
  'tone.teasing': 'teasing',
  'tone.notMad': 'not mad',
  'tone.littleUpset': 'a little upset',
  'tone.nobodyHere': 'nobody here (not about anyone in this chat)',
  'tone.notAtYou': 'not at you',
  'tone.notBeingRude': 'not being rude',
  'tone.insideJoke': 'inside joke',
  'tone.reference': 'reference',
  'tone.rhetorical': 'rhetorical',
  'tone.metaphorical': 'metaphorically',
  'tone.literal': 'literally',
  'tone.hyperbole': 'hyperbole',
  'tone.exaggeration': 'exaggeration',
  'tone.lyrics': 'lyrics',
  'tone.copypasta': 'copypasta',
  'tone.fake': 'fake',
  'tone.offTopic': 'off topic',
  'tone.threat': 'threat (playful)',
  'tone.clickbait': 'clickbait',
  'tone.positiveConnotation': 'positive connotation',
  'tone.negativeConnotation': 'negative connotation',
  'chat.today': 'Today',
  'chat.yesterday': 'Yesterday',
  'chat.newMessages': 'New messages',
  'chat.here': '{count} here',
  'chat.syncing': { one: 'Syncing… {count} pending change', other: 'Syncing… {count} pending changes' },

  'message.saving': 'Saving…',
  'message.deleted': 'message deleted',
  'message.edited': '(edited)',
  'message.incomplete': '(incomplete)',
  'message.incompleteTitle': 'Its author stopped writing: this is the text as it stood.',
  'message.streaming': 'writing…',
  'message.seen': 'Seen',
  'e2ee.turnOn': 'Encrypt',
  'e2ee.header': 'End-to-end encrypted: only its members’ devices can read it',
  'e2ee.decrypting': 'Decrypting…',
  'e2ee.listPreview': 'Encrypted message',
  'e2ee.verified': 'From a verified device',
  'e2ee.unverified': 'Not verified',
  'e2ee.unverifiedTitle': 'Encrypted by a device you have not verified as this person’s',
  'e2ee.bot': 'Bot’s device',
  'e2ee.botTitle': 'Encrypted by a device this bot signed with its own key. A bot cannot compare emoji.',
  'message.reactionLabel': '{emoji} {count}: {who}',

  'typing.one': '{name} is typing…',
  'typing.two': '{first} and {second} are typing…',
  'typing.many': { one: '{count} person is typing…', other: '{count} people are typing…' },

  'invite.button': 'Invite to Pong',

  'command.help': 'Commands: /me <action> · /kick @user · /ban @user [minutes] · /mute @user <minutes> · /block @user · /invite @user (a game of Pong; alone in a DM: the other person) · /help',
  'command.unknown': 'Unknown command: /{name}. {help}',
  'command.usage': 'This is not how /{name} works. {help}',

  'bot.badge': 'BOT',
  'bot.badgeTitle': 'A bot account',

  'nav.admin': 'Admin',

  'nav.label': 'Main',
  'nav.chat': 'Chat',
  'nav.people': 'People',
  'nav.channels': 'Channels',
  'nav.notifications': 'Notifications',
  'nav.profile': 'Me',
  'nav.play': 'Play',
  'nav.unreadConversations': '{count} unread',
  'nav.pendingRequests': '{count} pending',
  'nav.unreadNotifications': '{count} unread',
  'presence.online': 'Online',
  'presence.away': 'Away',
  'presence.offline': 'Offline',


  'userCard.open': 'Open {name}’s card',
  'attachment.drop': 'Drop files to send them here',
  'attachment.dismiss': 'Dismiss',
  'files.open': 'Files',
  'userMenu.profile': 'View profile',
  'chat.blocked': { one: '{count} message from a blocked user', other: '{count} messages from a blocked user' },

  'channel.members': 'Members',


  'error.network': 'Cannot reach Volley. Check your connection.',
  'error.unknown': 'Something went wrong. Try again.',
  'account.deletedUser': 'deleted user',
} as const;

type English = typeof en & typeof enLater & typeof enSignIn & typeof enPages;
export type MessageKey = keyof English;
/** A text that depends on `{count}`: one form per plural category of the language (Intl.PluralRules), `other` always. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
/** A part of the catalogue in another language: every key of the English part, a plural where English has one. */
export type Translation<Part> = { [K in keyof Part]: Part[K] extends string ? string : Plural };
/** Every key of the English catalogue, its four parts together. */
export type Catalogue = Translation<English>;
