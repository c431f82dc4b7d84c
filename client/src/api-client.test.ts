/** What the API client refuses before anything leaves: no server listens at its address, so a request sent would fail as `network`. */
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

const nowhere = () => new ApiClient({ base: 'http://127.0.0.1:9/api/v1' });
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error instanceof ApiError ? { code: error.code, fields: error.fields } : error));

describe('ApiClient refuses text the server could not be given faithfully', () => {
  it.each([
    ['a NUL', 'bob\0'],
    ['a lone high surrogate', 'bob\ud83d'],
    ['a lone low surrogate', '\ude00bob'],
  ])('%s in a body field, named by its path', async (_, text) => {
    const refused = await refusal(nowhere().request('POST', '/auth/login', { auth: false, body: { login: text, password: 'x' } }));
    expect(refused).toEqual({ code: 'validation_failed', fields: { login: ['not_well_formed'] } });
  });

  it('in a nested field and in the address', async () => {
    expect(await refusal(nowhere().request('PATCH', '/me', { auth: false, body: { profile: { bio: 'hi\0' } } }))).toEqual({ code: 'validation_failed', fields: { 'profile.bio': ['not_well_formed'] } });
    expect(await refusal(nowhere().request('GET', '/users?q=\ud800', { auth: false }))).toEqual({ code: 'validation_failed', fields: { '': ['not_well_formed'] } });
  });

  it('sends well-formed text, emoji included (here it finds no server)', async () => {
    expect(await refusal(nowhere().request('POST', '/auth/login', { auth: false, body: { login: 'bob 😀', password: 'x' } }))).toMatchObject({ code: 'network' });
  });
});
