export * from './notification-settings.js';
export * from './push-delivery.js';
export * from './push-dispatcher.js';
export * from './push-queue.js';
export * from './push-subscriptions.js';
export * from './push-texts.js';
export * from './pushable.js';
