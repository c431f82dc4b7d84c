import { describe, expect, it } from 'vitest';
import { loginPathFor, nextPathIn } from './next-path.js';

describe('the page signing in leads back to', () => {
  it('is the member page that asked for it, and only a path of this app', () => {
    expect(nextPathIn(new URL(loginPathFor('/join/abc'), 'http://x').search)).toBe('/join/abc');
    expect(loginPathFor('/')).toBe('/login');
    expect(nextPathIn('')).toBe('/');
    expect(nextPathIn('?next=//evil.example/x')).toBe('/');
    expect(nextPathIn('?next=/\\evil.example')).toBe('/');
    expect(nextPathIn('?next=https://evil.example')).toBe('/');
  });
});
