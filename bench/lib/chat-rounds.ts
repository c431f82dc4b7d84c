/**
 * One round of chat traffic on sync servers already running, as bench/scale-out-delivery.ts and
 * bench/cluster-cost.ts measure it: fresh channels (room r holds users r, r + rooms, …), member k of
 * a room on servers[k % servers.length], stock providers sending through their outbox at `rate`.
 * Gives send-to-receive latencies (receiver on the sender's server, or on another), the messages
 * sent, the deliveries lost and the sync servers' CPU (summed) from the first send to the last delivery.
 */
import { channelOf, volleyClient, type ChatClient, type VolleyUser } from './clients.js';
import { cpuMs, quiet } from './cpu.js';
import type { Proc } from './processes.js';
import type { ServerUnderTest } from './servers.js';
import { TimedSends } from './timed-sends.js';

export const WARMUP_MS = 2000;

export interface ChatLoad {
  rooms: number;
  rate: number;
  seconds: number;
}

export interface Outcome {
  same: number[];
  across: number[];
  sent: number;
  lost: number;
  cpu: number;
}

const at = (p: Proc): ServerUnderTest => ({ name: 'volley', syncUrl: `ws://127.0.0.1:${p.port}/sync`, pid: p.child.pid!, stop: async () => {} });

export async function chatRound(apiUrl: string, users: VolleyUser[], servers: Proc[], run: string, load: ChatLoad): Promise<Outcome> {
  const groups: { client: ChatClient; server: number }[][] = [];
  for (let r = 0; r < load.rooms; r++) {
    const members = users.filter((_, i) => i % load.rooms === r);
    const convId = await channelOf(apiUrl, members, `${run}-${r}`);
    groups.push(members.map((user, k) => ({ client: volleyClient(at(servers[k % servers.length]!), user, convId), server: k % servers.length })));
  }
  const outcome: Outcome = { same: [], across: [], sent: 0, lost: 0, cpu: NaN };
  const sends = new TimedSends(groups, (ms, sender, receiver) => (sender.server === receiver.server ? outcome.same : outcome.across).push(ms));
  await Promise.all(groups.flat().map(({ client }) => client.synced));
  const pids = servers.map((p) => p.child.pid!);
  await quiet(...pids);
  const cpu = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const cpuAtStart = cpu();
  await sends.run({ sendsPerSecond: load.rate, warmupMs: WARMUP_MS, seconds: load.seconds });
  outcome.cpu = cpu() - cpuAtStart;
  outcome.sent = sends.sent;
  outcome.lost = sends.lost;
  groups.flat().forEach(({ client }) => client.destroy());
  return outcome;
}

/** Several rounds' outcomes as one: every latency, and CPU per message sent. */
export function pooled(outcomes: Outcome[]) {
  const sent = outcomes.reduce((n, o) => n + o.sent, 0);
  return {
    same: outcomes.flatMap((o) => o.same),
    across: outcomes.flatMap((o) => o.across),
    sent,
    lost: outcomes.reduce((n, o) => n + o.lost, 0),
    cpuPerMessage: outcomes.reduce((n, o) => n + o.cpu, 0) / sent,
  };
}
