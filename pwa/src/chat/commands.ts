/** Slash commands of the composer (pure: tested without a DOM). */
import { COMMAND_LINE } from './command-line.js';

/** What the composer shows after a submit (a send or a command): a note, or why it failed. */
export type ComposerResult = { ok: true; note?: string } | { ok: false; error: string };

export const COMMANDS = ['help', 'me', 'kick', 'ban', 'mute', 'block', 'invite'] as const;
export type CommandName = (typeof COMMANDS)[number];

export type Command =
  | { name: 'help' }
  | { name: 'me'; text: string }
  | { name: 'kick' | 'block'; username: string }
  /** No username: the other member of a DM. */
  | { name: 'invite'; username: string | null }
  | { name: 'ban'; username: string; minutes: number | null }
  | { name: 'mute'; username: string; minutes: number };

export type ComposerInput =
  | { kind: 'message' }
  | { kind: 'command'; command: Command }
  | { kind: 'error'; error: 'unknown' | 'usage'; name: string };

const USERNAME = /^@?([\w.-]{1,40})$/;
const MINUTES = /^[1-9][0-9]{0,6}$/;

/** What the composer's text asks for: a message, a command, or a command it cannot run. */
export function parseComposer(text: string): ComposerInput {
  const match = COMMAND_LINE.exec(text.trim());
  if (!match) return { kind: 'message' };
  const name = match[1]!.toLowerCase();
  const args = match[2]!.trim();
  const words = args === '' ? [] : args.split(/\s+/);
  if (!(COMMANDS as readonly string[]).includes(name)) return { kind: 'error', error: 'unknown', name };
  const usage = { kind: 'error', error: 'usage', name } as const;
  const command = (c: Command): ComposerInput => ({ kind: 'command', command: c });
  if (name === 'help') return command({ name });
  if (name === 'me') return args ? command({ name, text: args }) : usage;
  if (name === 'invite' && words.length === 0) return command({ name, username: null });
  const username = USERNAME.exec(words[0] ?? '')?.[1];
  if (!username) return usage;
  const minutes = words[1];
  switch (name) {
    case 'ban':
      if (words.length > 2 || (minutes !== undefined && !MINUTES.test(minutes))) return usage;
      return command({ name, username, minutes: minutes === undefined ? null : Number(minutes) });
    case 'mute':
      if (words.length !== 2 || !MINUTES.test(minutes!)) return usage;
      return command({ name, username, minutes: Number(minutes) });
    default:
      return words.length === 1 ? command({ name: name as 'kick' | 'block' | 'invite', username }) : usage;
  }
}
