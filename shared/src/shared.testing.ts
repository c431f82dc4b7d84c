/**
 * Test support shared by every package's tests, the end-to-end specs and the benches
 * (`@volley/shared/testing`); nothing here ships in the app.
 */

/** A password every test account uses: strong enough for the server's strength rules. */
export const TEST_PASSWORD = 'correct horse battery';
