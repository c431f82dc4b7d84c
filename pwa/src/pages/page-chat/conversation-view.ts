/**
 * What the chat page shows only with a conversation open, one chunk fetched when one opens
 * (page-chat.ts): the conversation's view (its messages; the composer follows, volley-conversation.ts)
 * and the newcomer's welcome above it.
 */
import '../../components/chat/volley-conversation/volley-conversation.js';
import '../../components/chat/volley-welcome/volley-welcome.js';
