import { describe, expect, it } from 'vitest';
import { parseComposer } from './commands.js';

describe('the composer text', () => {
  it('is a message unless it starts with a slash', () => {
    expect(parseComposer('hello /me')).toEqual({ kind: 'message' });
  });

  it('reads the commands with their arguments', () => {
    expect(parseComposer('/me waves  at all')).toEqual({ kind: 'command', command: { name: 'me', text: 'waves  at all' } });
    expect(parseComposer('/HELP')).toEqual({ kind: 'command', command: { name: 'help' } });
    expect(parseComposer('/kick @bob')).toEqual({ kind: 'command', command: { name: 'kick', username: 'bob' } });
    expect(parseComposer('/ban @bob')).toEqual({ kind: 'command', command: { name: 'ban', username: 'bob', minutes: null } });
    expect(parseComposer('/ban bob 60')).toEqual({ kind: 'command', command: { name: 'ban', username: 'bob', minutes: 60 } });
    expect(parseComposer('/mute @bob 10')).toEqual({ kind: 'command', command: { name: 'mute', username: 'bob', minutes: 10 } });
    expect(parseComposer('/invite @bob')).toEqual({ kind: 'command', command: { name: 'invite', username: 'bob' } });
    expect(parseComposer('/invite')).toEqual({ kind: 'command', command: { name: 'invite', username: null } });
  });

  it('says which command is unknown or used wrongly', () => {
    expect(parseComposer('/shrug')).toEqual({ kind: 'error', error: 'unknown', name: 'shrug' });
    expect(parseComposer('/mute @bob')).toEqual({ kind: 'error', error: 'usage', name: 'mute' });
    expect(parseComposer('/ban @bob soon')).toEqual({ kind: 'error', error: 'usage', name: 'ban' });
    expect(parseComposer('/me')).toEqual({ kind: 'error', error: 'usage', name: 'me' });
    expect(parseComposer('/block')).toEqual({ kind: 'error', error: 'usage', name: 'block' });
    expect(parseComposer('/invite @bob @carol')).toEqual({ kind: 'error', error: 'usage', name: 'invite' });
    expect(parseComposer('/invite bob!')).toEqual({ kind: 'error', error: 'usage', name: 'invite' });
  });
});
