/**
 * The JSON API client, and the token source of a signed-in session. Holds the access token in
 * memory only (never in storage), refreshes it once when the server answers 401 `token_expired`,
 * and throws `ApiError` for every failure. The refresh token is the httpOnly cookie: the browser
 * keeps it; outside a browser (Node), where fetch has no cookie jar, this client keeps it in memory
 * and sends it back to the auth routes only.
 */
import { inertInput, isWellFormedText, REFRESH_COOKIE, type AuthResponse, type Conversation, type HistoryPage, type LoginBody, type MeResponse, type PinList, type RegisterBody, type SecondFactorLoginBody, type SharedFile, type StickerPack, type UploadedAttachment } from '@volley/shared';
import type { z } from 'zod';
import { ApiError } from './api-error.js';
import { Listeners } from './listeners.js';
import { loadSchemas, type Schemas } from './schemas.js';
import type { TokenSource } from './token-source.js';
import type { UploadOptions } from './upload.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RequestOptions<S extends z.ZodType | undefined> {
  /** JSON, or a Blob sent as is with its own type (an avatar). */
  body?: unknown;
  /**
   * Picks the schema that validates the response body (`(s) => s.MeResponse`), from the schemas
   * loaded apart from the first load (schemas.ts); without it the response is expected to be empty (204).
   */
  schema?: (schemas: Schemas) => S;
  /** Send the access token (and refresh it when expired). Default true. */
  auth?: boolean;
}

type Result<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface ApiClientOptions {
  /** `/api/v1` in the browser; `http://host:port/api/v1` from Node. */
  base?: string;
  /** A token to use as is (a bot token): never refreshed. */
  token?: string;
  fetch?: typeof fetch;
  /** Serialises refreshes across tabs, so two tabs never spend the same refresh token. */
  locks?: LockManager | undefined;
}

/** The API's base for a server's HTTP(S) origin, e.g. `http://127.0.0.1:8080` → `http://127.0.0.1:8080/api/v1`. */
export const apiBase = (url: string): string => new URL('/api/v1', url).toString().replace(/\/$/, '');

export class ApiClient implements TokenSource {
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #locks: LockManager | undefined;
  readonly #fixed: boolean;
  #token: string | null = null;
  /** `volley_refresh=<token>` outside a browser, once the server set it. */
  #refreshCookie: string | null = null;
  #refreshing: Promise<AuthResponse> | null = null;

  /** Called with the new session after every login, register and refresh; `null` once the server says there is no session. */
  readonly authChanged = new Listeners<[AuthResponse | null]>();

  constructor({ base = '/api/v1', token, fetch: fetchImpl, locks = globalThis.navigator?.locks }: ApiClientOptions = {}) {
    this.#base = base;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.#locks = locks;
    this.#token = token ?? null;
    this.#fixed = token !== undefined;
  }

  get accessToken(): string | null {
    return this.#token;
  }

  register(body: RegisterBody): Promise<AuthResponse> {
    return this.#authenticate('/auth/register', body);
  }

  /** A 2FA account is answered `two_factor_required`, with the `challenge` that `loginSecondFactor` takes. */
  login(body: LoginBody): Promise<AuthResponse> {
    return this.#authenticate('/auth/login', body);
  }

  loginSecondFactor(body: SecondFactorLoginBody): Promise<AuthResponse> {
    return this.#authenticate('/auth/login/2fa', body);
  }

  /** Trades the refresh cookie for a new access token; one request at a time. A given token is never refreshed. */
  refresh(): Promise<AuthResponse> {
    if (this.#fixed) return Promise.reject(new ApiError(401, 'unauthenticated', 'a given token cannot be refreshed'));
    this.#refreshing ??= this.#lock(() => this.#authenticate('/auth/refresh')).finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async logout(): Promise<void> {
    try {
      await this.request('POST', '/auth/logout', { auth: false });
    } finally {
      this.forget();
    }
  }

  /** Drops the access token without telling the server. */
  forget(): void {
    this.#token = null;
    this.authChanged.emit(null);
  }

  me(): Promise<MeResponse> {
    return this.request('GET', '/me', { schema: (s) => s.MeResponse });
  }

  /** Every conversation the user is in. */
  conversations(): Promise<Conversation[]> {
    return this.all('/conversations', (s) => s.Conversation);
  }

  /** One page of a conversation's history, newest first, older than `before` (a seq; the newest page without). */
  history(convId: string, before?: number, limit = 50): Promise<HistoryPage> {
    const query = new URLSearchParams({ limit: String(limit), ...(before ? { before: String(before) } : {}) });
    return this.request('GET', `/conversations/${encodeURIComponent(convId)}/messages?${query}`, { schema: (s) => s.HistoryPage });
  }

  /** A conversation's pinned messages, the most recently pinned first. */
  pins(convId: string): Promise<PinList> {
    return this.request('GET', `/conversations/${encodeURIComponent(convId)}/pins`, { schema: (s) => s.PinList });
  }

  /** One page of a list route; `path` may carry its own query; `item` picks the schema of its items. */
  page<T extends z.ZodType>(path: string, item: (schemas: Schemas) => T, cursor: string | null = null, limit = 100): Promise<{ items: z.infer<T>[]; nextCursor: string | null }> {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    return this.request('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`, { schema: (s) => s.Page(item(s)) });
  }

  /** Every item of a list route, following `nextCursor` to the end. */
  async all<T extends z.ZodType>(path: string, item: (schemas: Schemas) => T): Promise<z.infer<T>[]> {
    const all: z.infer<T>[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: z.infer<T>[]; nextCursor: string | null } = await this.page(path, item, cursor);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /**
   * Uploads a file into a conversation (its bytes streamed as the body; the server decides its type)
   * and answers it as a message will carry it; its id goes in a send's `attachments`. `onProgress`
   * is told the bytes sent; aborting `signal` stops the upload (an `ApiError` with code `cancelled`).
   * Without `name` the server names it nothing of the file's (an encrypted file's ciphertext).
   */
  upload(convId: string, file: Blob, name?: string, options: UploadOptions = {}): Promise<UploadedAttachment> {
    const path = `/conversations/${encodeURIComponent(convId)}/attachments${name === undefined ? '' : `?${new URLSearchParams({ name })}`}`;
    return this.#authorized(() => this.#upload(path, file, options), (s) => s.UploadedAttachment);
  }

  /**
   * An attachment's bytes (or its thumbnail's: `thumbnail` true), read with the bearer header, never
   * a token in a URL; a page shows them through a blob URL.
   */
  async download(attachmentId: string, thumbnail = false): Promise<Blob> {
    const path = `/attachments/${encodeURIComponent(attachmentId)}${thumbnail ? '/thumbnail' : ''}`;
    const response = await this.#withToken(() => this.#send('GET', path, undefined, true));
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.blob();
  }

  /** A page of the files shared in a conversation (its messages carry them), newest first; `q` finds them by name. */
  sharedFiles(convId: string, { q, cursor = null }: { q?: string; cursor?: string | null } = {}): Promise<{ items: SharedFile[]; nextCursor: string | null }> {
    return this.page(`/conversations/${encodeURIComponent(convId)}/attachments${q ? `?${new URLSearchParams({ q })}` : ''}`, (s) => s.SharedFile, cursor);
  }

  /** My data as the server exports it: a zip archive of export.json and the files my messages carry. */
  async exportMyData(): Promise<Blob> {
    const response = await this.#withToken(() => this.#send('GET', '/me/export', undefined, true));
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.blob();
  }

  /** A link preview's image (a WebP), read with the bearer header: a page shows it through a blob URL. */
  async linkPreviewImage(imageId: string): Promise<Blob> {
    const response = await this.#withToken(() => this.#send('GET', `/link-previews/${encodeURIComponent(imageId)}/image`, undefined, true));
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.blob();
  }

  /** The sticker bank: every pack with its stickers, to pick one to send (`outbox().sendSticker`). */
  async stickerPacks(): Promise<StickerPack[]> {
    return (await this.request('GET', '/sticker-packs', { schema: (s) => s.object({ packs: s.array(s.StickerPack) }) })).packs;
  }

  /** A sticker's image (a WebP, the same for good under its id), read with the bearer header: a page shows it through a blob URL. */
  async stickerImage(stickerId: string): Promise<Blob> {
    const response = await this.#withToken(() => this.#send('GET', `/stickers/${encodeURIComponent(stickerId)}`, undefined, true));
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response.blob();
  }

  /** Removes the link preview from my message (docs/protocol.md, "Link previews"). */
  removeLinkPreview(messageId: string): Promise<void> {
    return this.request('DELETE', `/messages/${encodeURIComponent(messageId)}/preview`);
  }

  async request<S extends z.ZodType | undefined = undefined>(
    method: Method,
    path: string,
    { body, schema, auth = true }: RequestOptions<S> = {},
  ): Promise<Result<S>> {
    // Refused before it leaves: the server would refuse it too, but only after a round trip, and
    // a path's lone surrogate cannot even be encoded into a URL.
    const inert = body === undefined || body instanceof Blob ? undefined : inertInput(body);
    if (inert && !inert.ok) throw ApiError.refusedField(inert.path.join('.'), inert.problem);
    if (!isWellFormedText(path)) throw ApiError.refusedField('');
    if (!auth) return this.#read(await this.#send(method, path, body, auth), schema);
    return this.#authorized(() => this.#send(method, path, body, auth), schema);
  }

  /** Sends with the access token, refreshed once when the server says it expired. */
  async #authorized<S extends z.ZodType | undefined>(send: () => Promise<Response>, schema: ((schemas: Schemas) => S) | undefined): Promise<Result<S>> {
    return this.#read(await this.#withToken(send), schema);
  }

  async #withToken(send: () => Promise<Response>): Promise<Response> {
    if (this.#token === null) await this.refresh();
    let response = await send();
    if (response.status === 401) {
      const error = await ApiError.fromResponse(response);
      if (error.code !== 'token_expired') throw error;
      await this.refresh();
      response = await send();
    }
    return response;
  }

  async #read<S extends z.ZodType | undefined>(response: Response, schema: ((schemas: Schemas) => S) | undefined): Promise<Result<S>> {
    if (!response.ok) throw await ApiError.fromResponse(response);
    if (!schema) return undefined as Result<S>;
    const json: unknown = await response.json().catch(() => undefined);
    let schemas: Schemas;
    try {
      schemas = await loadSchemas();
    } catch (cause) {
      throw ApiError.network(cause);
    }
    const parsed = (schema(schemas) as z.ZodType).safeParse(json);
    if (!parsed.success) throw new ApiError(response.status, 'internal', 'unexpected response');
    return parsed.data as Result<S>;
  }

  #upload(path: string, file: Blob, options: UploadOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/octet-stream' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    // Loaded with the first upload: a page's first load (and a bot that sends no file) has no use for it.
    return import('./upload.js').then(({ sendFile }) => sendFile(this.#fetch, this.#base + path, headers, file, options));
  }

  async #send(method: Method, path: string, body: unknown, auth: boolean): Promise<Response> {
    // The answer (or the error) is validated with them: loaded while the request travels, not after it.
    // Not with no network: the request can only fail, and a start offline has better to do than load them.
    if (globalThis.navigator?.onLine !== false) loadSchemas().catch(() => undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    const raw = body instanceof Blob;
    if (body !== undefined) headers['content-type'] = raw ? body.type : 'application/json';
    if (auth && this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (this.#refreshCookie && path.startsWith('/auth/')) headers.cookie = this.#refreshCookie;
    let response: Response;
    try {
      response = await this.#fetch(this.#base + path, {
        method,
        headers,
        body: body === undefined ? null : raw ? body : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (cause) {
      throw ApiError.network(cause);
    }
    this.#keepRefreshCookie(response);
    return response;
  }

  /** Outside a browser only: a browser never shows Set-Cookie to scripts, and keeps the cookie itself. */
  #keepRefreshCookie(response: Response): void {
    for (const header of response.headers.getSetCookie?.() ?? []) {
      const [pair = ''] = header.split(';');
      if (!pair.startsWith(`${REFRESH_COOKIE}=`)) continue;
      this.#refreshCookie = pair.length > REFRESH_COOKIE.length + 1 ? pair : null;
    }
  }

  async #authenticate(path: string, body?: unknown): Promise<AuthResponse> {
    const inert = body === undefined ? undefined : inertInput(body);
    if (inert && !inert.ok) throw ApiError.refusedField(inert.path.join('.'), inert.problem);
    try {
      const response = await this.#send('POST', path, body, false);
      // The refresh route's "no session" (no refresh cookie): a 204, so that no browser logs an error.
      if (response.status === 204) throw new ApiError(401, 'unauthenticated', 'no session');
      const auth = await this.#read(response, (s) => s.AuthResponse);
      this.#token = auth.accessToken;
      this.authChanged.emit(auth);
      return auth;
    } catch (error) {
      if (path === '/auth/refresh' && error instanceof ApiError && error.status === 401) this.forget();
      throw error;
    }
  }

  async #lock(task: () => Promise<AuthResponse>): Promise<AuthResponse> {
    return this.#locks ? await this.#locks.request('volley.refresh', task) : task();
  }
}
