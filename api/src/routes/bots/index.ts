import type { Router } from '@koa/router';
import { BotToken } from '@volley/core';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { readAvatarBody } from '../../middleware/avatar-body.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { replaceAvatarFile, setAvatar } from '../../services/avatars.js';
import { botView, createBot, deleteBot, listBots, ownedBot, revokeBotToken, updateBot } from '../../services/bots.js';
import { BotReq, BotTokenReq, CreateBotReq, CreateBotTokenReq, UpdateBotReq } from './schema.js';

/** A user's bots and their tokens: the owner only (services/bots.ts). */
export function botRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials, config } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.post('/bots', authed, touches.account, validate(CreateBotReq), async (ctx: AuthedContext<CreateBotReq>) => {
    ctx.status = 201;
    ctx.body = botView(await createBot(db, ctx.state.user.userId, ctx.state.input.body));
  });

  router.get('/bots', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = { items: (await listBots(db, ctx.state.user.userId)).map(botView), nextCursor: null };
  });

  router.get('/bots/:botId', authed, touches.account, validate(BotReq), async (ctx: AuthedContext<BotReq>) => {
    ctx.body = botView(await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId));
  });

  router.patch('/bots/:botId', authed, touches.account, validate(UpdateBotReq), async (ctx: AuthedContext<UpdateBotReq>) => {
    const bot = await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId);
    ctx.body = botView(await updateBot(db, bot, ctx.state.input.body));
  });

  router.delete('/bots/:botId', authed, touches.account, validate(BotReq), async (ctx: AuthedContext<BotReq>) => {
    await deleteBot(deps, await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId));
    ctx.status = 204;
  });

  /** The bot's picture, the raw image as the body, like `PUT /me/avatar`. */
  router.put('/bots/:botId/avatar', authed, touches.account, validate(BotReq), async (ctx: AuthedContext<BotReq>) => {
    const bot = await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId);
    ctx.body = botView(await setAvatar(db, config.dataDir, bot.id, await readAvatarBody(ctx)));
  });

  router.delete('/bots/:botId/avatar', authed, touches.account, validate(BotReq), async (ctx: AuthedContext<BotReq>) => {
    const bot = await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId);
    ctx.body = botView(await replaceAvatarFile(db, config.dataDir, bot.id, null));
  });

  /** The only answer that ever holds the token itself. */
  router.post('/bots/:botId/tokens', authed, touches.account, validate(CreateBotTokenReq), async (ctx: AuthedContext<CreateBotTokenReq>) => {
    const bot = await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId);
    const { name, scope } = ctx.state.input.body;
    const { row, token } = await credentials.bots.mint(bot.id, name, scope);
    ctx.status = 201;
    ctx.body = { ...row.toView(), token };
  });

  /** Live tokens with their last use (written at most once a minute), never their secret. */
  router.get('/bots/:botId/tokens', authed, touches.account, validate(BotReq), async (ctx: AuthedContext<BotReq>) => {
    const bot = await ownedBot(db, ctx.state.user.userId, ctx.state.input.params.botId);
    const rows = await BotToken.query(db).where({ bot_id: bot.id }).whereNull('revoked_at').orderBy('id');
    ctx.body = { items: rows.map((row) => row.toView()), nextCursor: null };
  });

  router.delete('/bots/:botId/tokens/:tokenId', authed, touches.account, validate(BotTokenReq), async (ctx: AuthedContext<BotTokenReq>) => {
    const { botId, tokenId } = ctx.state.input.params;
    await revokeBotToken(deps, (await ownedBot(db, ctx.state.user.userId, botId)).id, tokenId);
    ctx.status = 204;
  });

  return router;
}
