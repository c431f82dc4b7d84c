/** My bots and their tokens (docs/protocol.md, "Bot tokens"): online only, nothing of them is cached. */
import type { Bot, BotToken, CreateBotBody, CreateBotTokenBody, CreatedBotToken } from '@volley/shared';
import type { ApiClient } from '@volley/client';

export const listBots = async (api: ApiClient): Promise<Bot[]> => (await api.request('GET', '/bots', { schema: (s) => s.Page(s.Bot) })).items;

export const createBot = (api: ApiClient, body: CreateBotBody): Promise<Bot> => api.request('POST', '/bots', { body, schema: (s) => s.Bot });

/** The raw image, checked and re-encoded by the server like my own picture. */
export const setBotAvatar = (api: ApiClient, botId: string, image: Blob): Promise<Bot> => api.request('PUT', `/bots/${botId}/avatar`, { body: image, schema: (s) => s.Bot });

export const deleteBot = (api: ApiClient, botId: string): Promise<void> => api.request('DELETE', `/bots/${botId}`);

export const listTokens = async (api: ApiClient, botId: string): Promise<BotToken[]> => (await api.request('GET', `/bots/${botId}/tokens`, { schema: (s) => s.Page(s.BotToken) })).items;

/** The answer is the only time the token itself is ever shown. */
export const createToken = (api: ApiClient, botId: string, body: CreateBotTokenBody): Promise<CreatedBotToken> =>
  api.request('POST', `/bots/${botId}/tokens`, { body, schema: (s) => s.CreatedBotToken });

export const revokeToken = (api: ApiClient, botId: string, tokenId: string): Promise<void> => api.request('DELETE', `/bots/${botId}/tokens/${tokenId}`);
