/**
 * What the chat page shows only with a conversation open, one chunk fetched when one opens
 * (page-chat.ts): the conversation's view (timeline, composer, messages), the newcomer's welcome
 * above it, and the header's mute and colour controls.
 */
import '../../components/chat/volley-conversation/volley-conversation.js';
import '../../components/chat/volley-welcome/volley-welcome.js';
import '../../components/chat/volley-conversation-mute/volley-conversation-mute.js';
import '../../components/chat/volley-accent-picker/volley-accent-picker.js';
