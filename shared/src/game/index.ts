export * from './settings.js';
export * from './state.js';
export * from './protocol.js';
export * from './physics.js';
