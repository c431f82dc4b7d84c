import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccessTokens, TokenError } from './tokens.js';

const secret = () => randomBytes(32).toString('hex');
const alice = { userId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', username: 'alice' };

describe('rotating JWT_SECRET', () => {
  it('keeps tokens signed with the previous secret valid while it is listed, signs only with the new one, and refuses others', () => {
    const [old, fresh, other] = [secret(), secret(), secret()];
    const before = new AccessTokens(old, 900).sign(alice);
    const rotating = new AccessTokens(fresh, 900, old);

    expect(rotating.verify(before).userId).toBe(alice.userId);
    expect(new AccessTokens(fresh, 900).verify(rotating.sign(alice)).userId).toBe(alice.userId);
    expect(() => new AccessTokens(fresh, 900).verify(before)).toThrow(TokenError);
    expect(() => rotating.verify(new AccessTokens(other, 900).sign(alice))).toThrow(TokenError);
  });

  it('still reports an expired old token as expired, so the client refreshes', () => {
    const [old, fresh] = [secret(), secret()];
    const expired = new AccessTokens(old, -60).sign(alice);
    expect(() => new AccessTokens(fresh, 900, old).verify(expired)).toThrow(expect.objectContaining({ reason: 'expired' }));
  });
});
