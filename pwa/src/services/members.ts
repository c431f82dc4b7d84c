/**
 * Members of a conversation by name, for @-completion, slash commands and who reacted: asked from
 * the API (`?q=` prefix) when it answers, kept in Dexie, and read from there offline.
 */
import { createContext } from '@lit/context';
import type { Member } from '@volley/shared';
import type { StoredMember, VolleyDB } from '../db/db.js';
import type { ApiClient } from '@volley/client';

const LIMIT = 20;
/** Members fetched when a conversation opens, for the authors' names and pictures. */
export const PEOPLE_LIMIT = 100;

/** How the log shows an author. */
export interface Person {
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

export const storedMember = (convId: string, user: Member['user']): StoredMember => ({ convId, userId: user.id, username: user.username, displayName: user.displayName, avatarUrl: user.avatarUrl });

export class Members {
  readonly #api: ApiClient;
  readonly #db: VolleyDB;

  constructor(api: ApiClient, db: VolleyDB) {
    this.#api = api;
    this.#db = db;
  }

  /** Members whose username starts with `prefix` (case-insensitive). */
  async find(convId: string, prefix: string): Promise<StoredMember[]> {
    try {
      const page = await this.#api.page(`/conversations/${convId}/members?q=${encodeURIComponent(prefix)}`, (s) => s.Member, null, LIMIT);
      await this.#db.members.bulkPut(page.items.map(({ user }) => storedMember(convId, user)));
    } catch {
      // Offline or refused: what was seen before answers.
    }
    const lower = prefix.toLowerCase();
    const cached = await this.#db.members.where('convId').equals(convId).toArray();
    return cached.filter((m) => m.username.toLowerCase().startsWith(lower)).sort((a, b) => a.username.localeCompare(b.username)).slice(0, LIMIT);
  }

  /** The member with exactly this username, or null. */
  async byUsername(convId: string, username: string): Promise<StoredMember | null> {
    return (await this.find(convId, username)).find((m) => m.username.toLowerCase() === username.toLowerCase()) ?? null;
  }

  /** Fetches the first members of a conversation (their names and pictures for the log); offline, keeps what is cached. */
  async refresh(convId: string): Promise<void> {
    try {
      const page = await this.#api.page(`/conversations/${convId}/members`, (s) => s.Member, null, PEOPLE_LIMIT);
      await this.#db.members.bulkPut(page.items.map(({ user }) => storedMember(convId, user)));
    } catch {
      // Offline or refused: what was seen before answers.
    }
  }

  /** User id → display name and picture of the members seen in a conversation. */
  async people(convId: string): Promise<Map<string, Person>> {
    const cached = await this.#db.members.where('convId').equals(convId).toArray();
    return new Map(cached.map((m) => [m.userId, { username: m.username, displayName: m.displayName, avatarUrl: m.avatarUrl ?? null }]));
  }

  /** User id → username of the members seen in a conversation. */
  async names(convId: string): Promise<Map<string, string>> {
    const cached = await this.#db.members.where('convId').equals(convId).toArray();
    return new Map(cached.map((m) => [m.userId, m.username]));
  }
}

export const membersContext = createContext<Members>(Symbol('volley.members'));
