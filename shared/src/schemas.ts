/**
 * Every schema of this package, with zod's `object` and `array`, as one module that a client loads when it first
 * validates a response or a frame (`import('@volley/shared/schemas')`): apart from a page's first
 * load (docs/architecture.md, "Schemas apart from the first load"). Modules the PWA runs at once make
 * no schema; the server imports the schemas from the package's main entry as before.
 */
export * from './index.js';
/** For a response's shape made where it is asked (`(s) => s.object({ items: s.array(s.SessionView) })`). */
export { array, object } from 'zod';
