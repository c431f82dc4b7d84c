import { CreatedBotToken, newId, type Bot } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, TestWebSocket, waitFor } from './client.testing.js';
import { VolleyClient } from './volley-client.js';

describe('a bot on @volley/client, with a bot token', () => {
  const volley = testVolley();

  it('receives messages and sends in a channel its owner added it to; revoked, its socket is refused for good', async () => {
    const { person: owner } = await account(volley(), 'owner');
    const made = (await owner.call('POST', '/bots', { username: `b_${newId().slice(-10).toLowerCase()}` })).body as Bot;
    const channel = (await owner.call('POST', '/channels', { name: `c${newId().slice(-8).toLowerCase()}`, access: 'private' })).body.id as string;
    expect((await owner.call('POST', `/conversations/${channel}/invitations`, { userId: made.id })).status).toBe(204);
    const token = CreatedBotToken.parse((await owner.call('POST', `/bots/${made.id}/tokens`, { name: 'echo', scope: { access: 'read_write', conversations: [channel] } })).body);

    const bot = new VolleyClient({ url: volley().url, token: token.token, WebSocket: TestWebSocket });
    expect(await bot.me()).toMatchObject({ id: made.id, bot: true, botOwnerId: owner.id });
    const conversation = await bot.conversation(channel);
    await conversation.whenSynced();
    const heard: string[] = [];
    conversation.message.add((m) => heard.push(`${m.authorName}: ${m.body}`));

    const person = await signedIn(volley(), owner);
    expect(await person.outbox().send(channel, 'ping')).toMatchObject({ status: 'accepted' });
    await waitFor(() => heard.includes(`${owner.username}: ping`));
    expect(await bot.outbox().send(channel, 'pong')).toMatchObject({ status: 'accepted' });
    await waitFor(() => heard.includes(`${made.username}: pong`));

    const refused = new Promise<number>((resolve) => conversation.room.statusChanged.add((status) => status === 'refused' && resolve(0)));
    expect((await owner.call('DELETE', `/bots/${made.id}/tokens/${token.id}`)).status).toBe(204);
    await refused;
    expect(conversation.room.status).toBe('refused');
    await bot.close();
  });
});
