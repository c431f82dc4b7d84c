/**
 * An end-to-end encrypted DM against a plain one, on the same server in the same run: the time
 * from a writer's send to the message readable on the other member's client (for the encrypted
 * one: encrypted on the writer's device, decrypted on the reader's), and the server's CPU per
 * message. Pairs of members, half of them in encrypted DMs, send in alternating rounds; both clients
 * are @volley/client in this process (the crypto is theirs, not the server's).
 *
 * The time is measured one message at a time, one pair at a time (the next sent once the last is
 * read: every client is in this process, and a device's crypto would otherwise wait for others'). The
 * CPU is measured apart, in rounds where every pair sends at one fixed pace (`--rate` messages a
 * second in all), whatever it takes to read them: one message at a time, the slower encrypted
 * rounds would send fewer messages at once, and the server would store them in smaller batches,
 * which costs more per message for reasons that are not encryption.
 *
 *   npm run build && npm run encrypted-dm -w bench -- [--pairs 10] [--messages 30] [--rounds 4] [--rate 100]
 *
 * Targets: p50 within 10 ms of the plain DM's; server CPU per encrypted message ≤ 1.1× a plain one.
 */
import { parseArgs } from 'node:util';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { CryptoDevice } from '@volley/client/e2ee';
import type { Message } from '@volley/shared';
import WebSocket from 'ws';
import { apiCall, registerUsers, type VolleyUser } from './lib/clients.js';
import { cpuMs, quiet } from './lib/cpu.js';
import { startVolley, UNLIMITED_OPS } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '10' }, messages: { type: 'string', default: '30' }, rounds: { type: 'string', default: '4' }, rate: { type: 'string', default: '100' } } });
const pairs = Number(values.pairs);
const perRound = Number(values.messages);
const rate = Number(values.rate);

interface Pair {
  dm: string;
  writer: VolleyClient;
  /** Resolves when the reader can read the message whose body (or decrypted body) is the text. */
  readable(text: string): Promise<void>;
  send(text: string): Promise<void>;
}

const server = await startVolley(18495, { env: UNLIMITED_OPS });
try {
  const api = server.apiUrl!;
  const base = api.replace(/\/api\/v1$/, '');
  const client = (user: VolleyUser) => new VolleyClient({ url: base, token: user.token, WebSocket: WebSocket as unknown as WebSocketConstructor });
  const users = await registerUsers(api, pairs * 4, `e2ee${Date.now().toString(36)}`);

  async function pairOf(writerUser: VolleyUser, readerUser: VolleyUser, encrypted: boolean): Promise<Pair> {
    const { id: dm } = await apiCall<{ id: string }>(api, writerUser, 'POST', '/conversations/dm', { userId: readerUser.id, encrypted });
    const [writer, reader] = [client(writerUser), client(readerUser)];
    await Promise.all([writer.me(), reader.me()]);
    const watched = await reader.conversation(dm);
    await watched.whenSynced();
    const devices = encrypted
      ? await Promise.all([CryptoDevice.open({ api: writer.api, userId: writerUser.id, deviceId: 'BENCH' }), CryptoDevice.open({ api: reader.api, userId: readerUser.id, deviceId: 'BENCH' })])
      : undefined;
    const waiting = new Map<string, () => void>();
    watched.message.add(async (message: Message) => {
      let text = message.body;
      if (devices) {
        let read = await devices[1].decrypt(dm, message);
        // A session's key comes through the reader's device inbox with its first message (the
        // first, and each after a rotation), and may come a moment after the message.
        for (let tries = 0; !read.ok && tries < 40; tries++) {
          if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 25 * tries));
          await devices[1].sync();
          read = await devices[1].decrypt(dm, message);
        }
        if (!read.ok) console.error(`unreadable after 40 reads of the inbox over 20 s: ${JSON.stringify(read)}`);
        text = read.ok ? read.message.body : '';
      }
      waiting.get(text)?.();
    });
    return {
      dm,
      writer,
      // A message never read fails the run rather than stalling it.
      readable: (text) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`not readable within 30 s: ${text}`)), 30_000);
          waiting.set(text, () => {
            clearTimeout(timer);
            resolve();
          });
        }),
      async send(text) {
        const outcome = devices ? writer.outbox().sendEncrypted(dm, await devices[0].encrypt(dm, [writerUser.id, readerUser.id], { body: text, msgtype: 'm.text' })) : writer.outbox().send(dm, text);
        await outcome;
      },
    };
  }

  const plain: Pair[] = [];
  const encrypted: Pair[] = [];
  for (let i = 0; i < pairs; i++) {
    plain.push(await pairOf(users[4 * i]!, users[4 * i + 1]!, false));
    encrypted.push(await pairOf(users[4 * i + 2]!, users[4 * i + 3]!, true));
  }
  // The first encrypted message of each pair shares its session: not what a message costs in a conversation under way.
  await Promise.all(encrypted.map(async (pair, i) => {
    const reading = pair.readable(`warm ${i}`);
    await pair.send(`warm ${i}`);
    await reading;
  }));

  const latency = { plain: [] as number[], encrypted: [] as number[] };
  const cpu = { plain: 0, encrypted: 0 };
  const sent = { plain: 0, encrypted: 0 };
  const took = { plain: 0, encrypted: 0 };
  const kinds = ['plain', 'encrypted'] as const;
  // One message at a time, one pair at a time: the time from send to readable. Every client is in
  // this process, so pairs at once would queue each message's encrypting and decrypting behind the
  // other pairs' on one thread; a person's device does only its own.
  for (let round = 0; round < Number(values.rounds) * 2; round++) {
    const kind = kinds[round % 2]!;
    for (const [p, pair] of (kind === 'plain' ? plain : encrypted).entries()) {
      for (let m = 0; m < perRound; m++) {
        const text = `round ${round} pair ${p} message ${m}`;
        const start = performance.now();
        const reading = pair.readable(text);
        await pair.send(text);
        await reading;
        latency[kind].push(performance.now() - start);
      }
    }
  }
  // At one pace for both kinds: the server's CPU per message, from the first send to the last message read.
  for (let round = 0; round < Number(values.rounds) * 2; round++) {
    const kind = kinds[round % 2]!;
    const group = kind === 'plain' ? plain : encrypted;
    await quiet(server.pid);
    const before = cpuMs(server.pid);
    const start = performance.now();
    await Promise.all(group.map(async (pair, p) => {
      const readings: Promise<void>[] = [];
      for (let m = 0; m < perRound; m++) {
        // The pairs take turns: one message every 1/rate s in all.
        const due = start + ((m * group.length + p) * 1000) / rate;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        const text = `paced ${round} pair ${p} message ${m}`;
        readings.push(pair.readable(text));
        await pair.send(text);
      }
      await Promise.all(readings);
    }));
    took[kind] += performance.now() - start;
    cpu[kind] += cpuMs(server.pid) - before;
    sent[kind] += group.length * perRound;
  }
  const [p, e] = [summarize(latency.plain), summarize(latency.encrypted)];
  const perMessage = { plain: cpu.plain / sent.plain, encrypted: cpu.encrypted / sent.encrypted };
  const pace = (kind: (typeof kinds)[number]) => ((sent[kind] * 1000) / took[kind]).toFixed(0);
  console.log(`${pairs} pairs of each, ${perRound} messages a pair a round, ${values.rounds} rounds of each`);
  console.log(`send → readable  plain     p50 ${ms(p.p50)}  p99 ${ms(p.p99)}`);
  console.log(`send → readable  encrypted p50 ${ms(e.p50)}  p99 ${ms(e.p99)}  (p50 ${ms(e.p50 - p.p50)} more)`);
  console.log(`at ${rate} a second asked (${pace('plain')} / ${pace('encrypted')} a second sent and read, plain / encrypted):`);
  console.log(`server CPU per message  plain ${ms(perMessage.plain)}  encrypted ${ms(perMessage.encrypted)}  (${(perMessage.encrypted / perMessage.plain).toFixed(2)}×)`);
  for (const pair of [...plain, ...encrypted]) await pair.writer.close();
} finally {
  await server.stop();
}
