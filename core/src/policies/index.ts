/** One policy per subject: `can` / `refusal(actor, action, subject)` (docs/architecture.md §3, "Who may do what"). */
export * from './actor.js';
export * as conversationPolicy from './conversation.js';
export * as gamePolicy from './game.js';
export * as messagePolicy from './message.js';
export * as scopePolicy from './scope.js';
export * as sitePolicy from './site.js';
