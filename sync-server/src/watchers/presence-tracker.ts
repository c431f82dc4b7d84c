/**
 * Who is online, across every sync-server instance (docs/architecture.md §2: presence travels on the bus).
 * Each instance knows the status of the users whose sockets it holds and publishes its changes
 * on the bus channel `presence`, with a full snapshot every few seconds. Between snapshots it beats
 * (a message with no statuses, three times per expiry), so that an instance not heard from for
 * `expiryMs` (a dead process, `kill -9`) has its users expire within seconds at the cost of a few
 * bytes, not of a snapshot of every user. A user is online if any session on any instance is,
 * away if all are away, offline when none is left.
 */
import { randomUUID } from 'node:crypto';
import type { Bus, Logger } from '@volley/core';
import { combineStatuses, type PresenceStatus, type SessionStatus } from '@volley/shared';
import { z } from 'zod';

const CHANNEL = 'presence';

export interface PresenceTiming {
  /** How often this instance publishes all its users' statuses. */
  snapshotMs: number;
  /** An instance not heard from for this long is presumed dead, its users offline; each beats three times within it. */
  expiryMs: number;
}

const Status = z.enum(['online', 'away', 'offline']);
/**
 * `change`: these users' statuses here changed; `snapshot`: every user here; `query`: a new instance
 * asks for snapshots; `beat`: still alive (no statuses).
 */
const PresenceMessage = z.object({
  instance: z.string(),
  kind: z.enum(['change', 'snapshot', 'query', 'beat']),
  statuses: z.record(z.string(), Status),
});
type PresenceMessage = z.infer<typeof PresenceMessage>;

interface Instance {
  heardAt: number;
  statuses: Map<string, SessionStatus>;
}

export class PresenceTracker {
  private readonly instance = randomUUID();
  private readonly local = new Map<string, SessionStatus>();
  private readonly remote = new Map<string, Instance>();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: () => Promise<void> = async () => {};

  /** `changed` is called with each user whose combined status may have changed. */
  constructor(
    private readonly deps: { bus: Bus; log: Logger },
    private readonly timing: PresenceTiming,
    private readonly changed: (userId: string) => void,
  ) {}

  /** Resolves once subscribed; the other instances answer its query with their snapshots. */
  async start(): Promise<void> {
    this.unsubscribe = await this.deps.bus.subscribe(CHANNEL, (payload) => this.receive(payload));
    this.timers = [
      setInterval(() => this.publish('snapshot', Object.fromEntries(this.local)), this.timing.snapshotMs).unref(),
      setInterval(() => this.beat(), this.timing.expiryMs / 3).unref(),
    ];
    this.publish('query', {});
  }

  /** The status of a user's sessions on this instance. */
  setLocal(userId: string, status: PresenceStatus): void {
    if ((this.local.get(userId) ?? 'offline') === status) return;
    this.publish('change', { [userId]: status });
    this.applying([userId], () => setStatus(this.local, userId, status));
  }

  statusOf(userId: string): PresenceStatus {
    const here = this.local.get(userId);
    const elsewhere = [...this.remote.values()].map((instance) => instance.statuses.get(userId));
    return combineStatuses([here, ...elsewhere].filter((status) => status !== undefined));
  }

  /** Tells the other instances that this one's users are gone. */
  async close(): Promise<void> {
    this.timers.forEach(clearInterval);
    await this.unsubscribe();
    this.local.clear();
    this.publish('snapshot', {});
  }

  private beat(): void {
    this.publish('beat', {});
    const deadline = Date.now() - this.timing.expiryMs;
    for (const [id, instance] of this.remote) {
      if (instance.heardAt >= deadline) continue;
      // An instance that stopped cleanly sent an empty snapshot: only a dead one's users are worth a warning.
      if (instance.statuses.size > 0) this.deps.log.warn({ instance: id, users: instance.statuses.size }, 'presence of a silent instance expired');
      this.applying(instance.statuses.keys(), () => this.remote.delete(id));
    }
  }

  private receive(payload: Buffer): void {
    let message: PresenceMessage;
    try {
      message = PresenceMessage.parse(JSON.parse(payload.toString('utf8')));
    } catch (err) {
      return this.deps.log.warn({ err }, 'dropped a presence message');
    }
    if (message.instance === this.instance) return;
    if (message.kind === 'query') return this.publish('snapshot', Object.fromEntries(this.local));
    // A beat from an instance this one does not know (it came back after being presumed dead, or
    // its snapshot was missed): ask for snapshots rather than wait for the next.
    if (message.kind === 'beat' && !this.remote.has(message.instance)) this.publish('query', {});
    const instance = this.remote.get(message.instance) ?? { heardAt: 0, statuses: new Map() };
    this.remote.set(message.instance, instance);
    instance.heardAt = Date.now();
    const touched = new Set(Object.keys(message.statuses));
    if (message.kind === 'snapshot') instance.statuses.forEach((_status, userId) => touched.add(userId));
    this.applying(touched, () => {
      if (message.kind === 'snapshot') instance.statuses.clear();
      for (const [userId, status] of Object.entries(message.statuses)) setStatus(instance.statuses, userId, status);
    });
  }

  /** Runs `change` and reports the users among `userIds` whose combined status it changed. */
  private applying(userIds: Iterable<string>, change: () => void): void {
    const before = new Map([...userIds].map((userId) => [userId, this.statusOf(userId)]));
    change();
    before.forEach((status, userId) => status !== this.statusOf(userId) && this.changed(userId));
  }

  private publish(kind: PresenceMessage['kind'], statuses: PresenceMessage['statuses']): void {
    const message: PresenceMessage = { instance: this.instance, kind, statuses };
    this.deps.bus.publish(CHANNEL, Buffer.from(JSON.stringify(message))).catch((err: unknown) => {
      this.deps.log.warn({ err, kind }, 'presence publish failed');
    });
  }
}

function setStatus(statuses: Map<string, SessionStatus>, userId: string, status: PresenceStatus): void {
  if (status === 'offline') statuses.delete(userId);
  else statuses.set(userId, status);
}
