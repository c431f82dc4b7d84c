/**
 * Test support: a stand-in push service (a real HTTP server taking RFC 8030 POSTs) and devices
 * subscribed to it, whose keys decrypt what they are sent (aes128gcm, by `http_ece`), so a test
 * reads a push as the device would.
 */
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';
import type { PushPayload, PushSubscriptionReq } from '@volley/shared';

export interface ReceivedPush {
  device: string;
  headers: IncomingHttpHeaders;
  payload: PushPayload;
}

export interface TestDevice {
  /** What the browser's `PushSubscription.toJSON()` would give. */
  subscription: PushSubscriptionReq;
}

export interface StandInPushService {
  origin: string;
  /** A new device subscribed to this service. */
  device(): TestDevice;
  /** Pushes received and accepted, decrypted, oldest first. */
  received: ReceivedPush[];
  /** Resolves once `count` pushes were received. */
  receivedAtLeast(count: number): Promise<ReceivedPush[]>;
  /** The status the next requests to `device` get instead of 201 (410: gone; 429, 503: try later). */
  answer(device: TestDevice, statuses: number[]): void;
  /** Requests made to a device, answered or not. */
  requests(device: TestDevice): number;
  close(): Promise<void>;
}

/** On `port` when given (a server configured beforehand with its origin), else on any free one. */
export async function startStandInPushService(port = 0): Promise<StandInPushService> {
  const keys = new Map<string, { ecdh: ECDH; auth: string }>();
  const answers = new Map<string, number[]>();
  const counts = new Map<string, number>();
  const received: ReceivedPush[] = [];
  let waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const device = (req.url ?? '').slice('/push/'.length);
      const key = keys.get(device);
      counts.set(device, (counts.get(device) ?? 0) + 1);
      const status = answers.get(device)?.shift() ?? (key ? 201 : 404);
      if (status === 201 && key) {
        const plain = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: key.ecdh, authSecret: key.auth });
        received.push({ device, headers: req.headers, payload: JSON.parse(plain.toString('utf8')) as PushPayload });
        waiters.forEach((wake) => wake());
        waiters = [];
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const name = (device: TestDevice) => device.subscription.endpoint.slice(`${origin}/push/`.length);
  return {
    origin,
    received,
    device() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      const id = randomBytes(8).toString('hex');
      keys.set(id, { ecdh, auth });
      return { subscription: { endpoint: `${origin}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } } };
    },
    receivedAtLeast(count) {
      return new Promise((resolve) => {
        const check = () => (received.length >= count ? resolve(received.slice()) : waiters.push(check));
        check();
      });
    },
    answer(device, statuses) {
      answers.set(name(device), [...statuses]);
    },
    requests(device) {
      return counts.get(name(device)) ?? 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
