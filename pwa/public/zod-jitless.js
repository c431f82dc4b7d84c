// Zod without its compiled parsers: it builds them with `new Function`, which the app's
// Content-Security-Policy refuses (`script-src 'self'`, core/src/http/security-headers.ts), and its
// probe for them is reported as a violation even though zod then falls back. Zod reads this setting
// when it makes a schema, and the app's modules make theirs as they load: this deferred script runs
// before them, in document order.
globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };
