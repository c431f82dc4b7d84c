/**
 * What the chat page shows only with a conversation open, one chunk fetched when one opens
 * (page-chat.ts): the conversation's view (its messages; the composer follows, volley-conversation.ts).
 * The newcomer's welcome above it is a chunk of its own, fetched beside it for a newcomer only.
 */
import '../../components/chat/volley-conversation/volley-conversation.js';
