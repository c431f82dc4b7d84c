/**
 * One push as an HTTP request (RFC 8030, 8291, 8292): the payload encrypted for the device by
 * `web-push`, the VAPID authorization signed once per push service and reused until near its
 * expiry (a signature per push was half of what a burst cost), posted over kept-alive connections
 * (no TLS handshake per push) with node's own client, lighter than fetch for thousands of requests.
 */
import http from 'node:http';
import https from 'node:https';
import webpush from 'web-push';
import type { PushConfig } from '../config.js';
import type { StoredSubscription } from './push-subscriptions.js';

export interface DeliveryOptions {
  /** Seconds the push service keeps it for an offline device. */
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** A newer push of the same topic replaces one the service still holds (a conversation's messages). */
  topic?: string;
}

/** How long a VAPID token is valid (the most is 24 h), and how long before its end a new one is signed. */
const TOKEN_SECONDS = 12 * 3600;
const RENEW_BEFORE_SECONDS = 3600;
const TIMEOUT_MS = 15_000;

export interface PushAnswer {
  /** 0: no answer (refused, reset, timed out). */
  status: number;
  retryAfter: string | null;
}

export class PushRequests {
  private readonly tokens = new Map<string, { authorization: string; expires: number }>();
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly vapid: PushConfig['vapid'],
    maxSockets: number,
  ) {
    this.agents = { http: new http.Agent({ keepAlive: true, maxSockets }), https: new https.Agent({ keepAlive: true, maxSockets }) };
  }

  /** Encrypts and posts `payload`; throws only for a subscription that cannot be encrypted for. */
  async post(subscription: StoredSubscription, payload: string, options: DeliveryOptions): Promise<PushAnswer> {
    const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, payload, {
      TTL: options.ttl,
      urgency: options.urgency,
      ...(options.topic ? { topic: options.topic } : {}),
    });
    const url = new URL(request.endpoint);
    const headers = { ...(request.headers as Record<string, string | number>), Authorization: this.authorization(url.origin) };
    const secure = url.protocol === 'https:';
    return new Promise((resolve) => {
      const req = (secure ? https : http).request(url, { method: 'POST', headers, agent: secure ? this.agents.https : this.agents.http, timeout: TIMEOUT_MS }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: headerValue(res.headers['retry-after']) }));
        res.on('error', () => resolve({ status: 0, retryAfter: null }));
      });
      req.on('timeout', () => req.destroy(new Error('push service timed out')));
      req.on('error', () => resolve({ status: 0, retryAfter: null }));
      req.end(request.body ?? undefined);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private authorization(audience: string): string {
    const now = Math.floor(Date.now() / 1000);
    const kept = this.tokens.get(audience);
    if (kept && kept.expires - RENEW_BEFORE_SECONDS > now) return kept.authorization;
    const expires = now + TOKEN_SECONDS;
    const { Authorization } = webpush.getVapidHeaders(audience, this.vapid.subject, this.vapid.publicKey, this.vapid.privateKey, 'aes128gcm', expires);
    this.tokens.set(audience, { authorization: Authorization, expires });
    return Authorization;
  }
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? null) : (value ?? null));
