/**
 * Where signing in leads: the page that asked for it. A member page opened signed out (an invite
 * link, a message link) sends to `/login?next=<path>`, and the sign-in or sign-up goes back there.
 * Only a path of this app is taken, never another origin (`//evil.example`).
 */
/** Where member pages send visitors who are not signed in. */
export const LOGIN = '/login';

export function loginPathFor(path: string): string {
  return path === '/' ? LOGIN : `${LOGIN}?${new URLSearchParams({ next: path })}`;
}

export function nextPathIn(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
