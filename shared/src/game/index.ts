export * from './default-settings.js';
export * from './settings.js';
export * from './state.js';
export * from './constants.js';
export * from './protocol.js';
export * from './physics.js';
