/**
 * GET of a page or an image named by a message: the only place the server reaches a site its users
 * named. Guarded so that a link cannot make it reach what only it can reach: http and https only, no
 * credentials in the URL, and every connection of every redirect hop checked on the address the name
 * resolved to (request-filtering-agent: no loopback, private, link-local, metadata, unspecified or
 * IPv4-mapped address) unless the configuration allows that address. Bounded in time, redirects and bytes.
 */
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface FetchLimits {
  /** Bytes read at most: a page is cut there (its head is what matters), an image beyond it is refused. */
  maxBytes: number;
  /** The whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  /** Non-public addresses allowed anyway (CIDR ranges): tests' stand-in sites. */
  allowedAddresses: readonly string[];
}

export interface Fetched {
  /** Where the last hop was: relative links in the page are read against it. */
  url: URL;
  /** The Content-Type's media type, lower-cased, and its charset if any. */
  type: string;
  charset: string | undefined;
  body: Buffer;
  /** The body was cut at `maxBytes`. */
  cut: boolean;
}

/** Why nothing was fetched: for the log, never shown to users. */
export class NotFetched extends Error {}

const USER_AGENT = 'Mozilla/5.0 (compatible; VolleyLinkPreview/1.0)';

/** The URL if it may be fetched at all: http or https, no user name or password. */
export function fetchableUrl(text: string, base?: URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  url.hash = '';
  return url;
}

/** `accept`: the media types wanted (`text/html`, `image/`…, by prefix); anything else is refused unread. */
export async function guardedFetch(start: string, accept: readonly string[], limits: FetchLimits, options: { cutAllowed: boolean }): Promise<Fetched> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = fetchableUrl(start);
  for (let hop = 0; url; hop++) {
    const response = await request(url, accept, limits, signal);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.destroy();
      if (hop >= limits.maxRedirects) throw new NotFetched('too many redirects');
      url = fetchableUrl(location, url);
      continue;
    }
    if (response.statusCode !== 200) {
      response.destroy();
      throw new NotFetched(`status ${response.statusCode}`);
    }
    const [media = '', ...params] = (response.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
    if (!accept.some((wanted) => media.startsWith(wanted))) {
      response.destroy();
      throw new NotFetched(`type ${media || 'unknown'}`);
    }
    const charset = params.find((param) => param.startsWith('charset='))?.slice(8).replace(/"/g, '');
    const declared = Number(response.headers['content-length']);
    if (!options.cutAllowed && declared > limits.maxBytes) {
      response.destroy();
      throw new NotFetched('too large');
    }
    const { body, cut } = await readUpTo(response, limits.maxBytes);
    if (cut && !options.cutAllowed) throw new NotFetched('too large');
    return { url, type: media, charset, body, cut };
  }
  throw new NotFetched('not an http or https URL');
}

function request(url: URL, accept: readonly string[], limits: FetchLimits, signal: AbortSignal): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:';
  const filter = { allowIPAddressList: [...limits.allowedAddresses], keepAlive: false };
  // A new agent for each hop, without keep-alive: no connection outlives its request.
  const agent = secure ? new RequestFilteringHttpsAgent(filter) : new RequestFilteringHttpAgent(filter);
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).get(url, {
      agent,
      signal,
      headers: { 'User-Agent': USER_AGENT, Accept: accept.map((type) => (type.endsWith('/') ? `${type}*` : type)).join(', '), 'Accept-Encoding': 'identity' },
    });
    req.on('response', resolve);
    req.on('error', (err) => reject(new NotFetched(err.message)));
  });
}

async function readUpTo(response: http.IncomingMessage, maxBytes: number): Promise<{ body: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) {
        response.destroy();
        return { body: Buffer.concat(chunks).subarray(0, maxBytes), cut: size > maxBytes };
      }
    }
  } catch (err) {
    throw new NotFetched(err instanceof Error ? err.message : 'read failed');
  }
  return { body: Buffer.concat(chunks), cut: false };
}
