import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.js';
import { routes } from '../app/routes.js';

describe('routes', () => {
  it('matches the app paths and their params', () => {
    expect(matchRoute(routes, '/')?.route.path).toBe('/');
    expect(matchRoute(routes, '/login')?.route.access).toBe('public');
    expect(matchRoute(routes, '/c/01J0000000000000000000CONV')).toMatchObject({ route: { path: '/c/:convId', access: 'member' }, params: { convId: '01J0000000000000000000CONV' } });
    expect(matchRoute(routes, '/u/01J0000000000000000000USER')).toMatchObject({ route: { path: '/u/:userId' }, params: { userId: '01J0000000000000000000USER' } });
    expect(matchRoute(routes, '/people')?.route.access).toBe('member');
    expect(matchRoute(routes, '/channels')?.route.access).toBe('member');
  });

  it('matches nothing else', () => {
    expect(matchRoute(routes, '/c')).toBeNull();
    expect(matchRoute(routes, '/c/a/b')).toBeNull();
    expect(matchRoute(routes, '/nope')).toBeNull();
    // A malformed escape: the "not found" page, not an exception.
    expect(matchRoute(routes, '/c/%E0')).toBeNull();
  });
});
