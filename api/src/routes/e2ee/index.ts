import type { Router } from '@koa/router';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { claimKeys, listDevices, queryKeys, readInbox, removeDevice, sendToDevices, uploadCrossSigning, uploadKeys, uploadSignatures } from '../../services/e2ee-keys.js';
import { backedUpKeys, backUpKeys, createBackup, latestBackup, loadSecrets, saveSecrets } from '../../services/e2ee-backup.js';
import { newRouter } from '../routes-declared.js';
import { BackedUpKeysReq, BackupKeysReq, BackupVersionReq, SecretsReq, ClaimKeysReq, CrossSigningReq, DeviceReq, InboxReq, QueryKeysReq, SignaturesReq, ToDeviceReq, UploadKeysReq } from './schema.js';

/**
 * The keys module and the device inbox of end-to-end encrypted conversations (docs/protocol.md,
 * "Encrypted messages"): what a device's crypto machine sends, in Matrix's shapes. Every route acts
 * for the account's own devices; keys are claimed from, and messages sent to, only the people the
 * account shares an encrypted conversation with and no block.
 */
export function e2eeRoutes({ db, credentials, effects }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.get('/e2ee/devices', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = { items: await listDevices(db, ctx.state.user.userId) };
  });

  router.post('/e2ee/devices/:deviceId/keys', authed, touches.account, validate(UploadKeysReq), async (ctx: AuthedContext<UploadKeysReq>) => {
    const { params, body } = ctx.state.input;
    ctx.body = { one_time_key_counts: await uploadKeys(db, ctx.state.user.userId, params.deviceId, body) };
  });

  router.delete('/e2ee/devices/:deviceId', authed, touches.account, validate(DeviceReq), async (ctx: AuthedContext<DeviceReq>) => {
    if (!(await removeDevice(db, ctx.state.user.userId, ctx.state.input.params.deviceId))) throw apiError('not_found', { message: 'No such device.' });
    ctx.status = 204;
  });

  router.get('/e2ee/devices/:deviceId/inbox', authed, touches.account, validate(InboxReq), async (ctx: AuthedContext<InboxReq>) => {
    const { params, query } = ctx.state.input;
    ctx.body = await readInbox(db, ctx.state.user.userId, params.deviceId, query.since, query.changesSince);
  });

  router.post('/e2ee/keys/query', authed, touches.account, validate(QueryKeysReq), async (ctx: AuthedContext<QueryKeysReq>) => {
    ctx.body = await queryKeys(db, ctx.state.user.userId, ctx.state.input.body.device_keys);
  });

  router.post('/e2ee/keys/claim', authed, touches.account, validate(ClaimKeysReq), async (ctx: AuthedContext<ClaimKeysReq>) => {
    ctx.body = await claimKeys(db, ctx.state.user.userId, ctx.state.input.body.one_time_keys);
  });

  router.post('/e2ee/keys/cross-signing', authed, touches.account, validate(CrossSigningReq), async (ctx: AuthedContext<CrossSigningReq>) => {
    await uploadCrossSigning(db, ctx.state.user.userId, ctx.state.input.body);
    ctx.body = {};
  });

  router.post('/e2ee/keys/signatures', authed, touches.account, validate(SignaturesReq), async (ctx: AuthedContext<SignaturesReq>) => {
    ctx.body = await uploadSignatures(db, ctx.state.user.userId, ctx.state.input.body);
  });

  router.put('/e2ee/to-device/:eventType/:txnId', authed, touches.account, validate(ToDeviceReq), async (ctx: AuthedContext<ToDeviceReq>) => {
    const { params, body } = ctx.state.input;
    const userIds = await sendToDevices(db, ctx.state.user.userId, params.eventType, body.messages);
    if (userIds.length > 0) await effects.publish({ type: 'device_inbox.filled', userIds });
    ctx.body = {};
  });

  // Recovery (docs/protocol.md, "Recovery"): what the recovery key opens, kept where the owner's next device finds it.
  router.get('/e2ee/secret-storage', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = await loadSecrets(db, ctx.state.user.userId);
  });

  router.put('/e2ee/secret-storage', authed, touches.account, validate(SecretsReq), async (ctx: AuthedContext<SecretsReq>) => {
    await saveSecrets(db, ctx.state.user.userId, ctx.state.input.body);
    ctx.status = 204;
  });

  router.get('/e2ee/room-keys/version', authed, touches.account, async (ctx: AuthedContext) => {
    ctx.body = await latestBackup(db, ctx.state.user.userId);
  });

  router.post('/e2ee/room-keys/version', authed, touches.account, validate(BackupVersionReq), async (ctx: AuthedContext<BackupVersionReq>) => {
    const { algorithm, auth_data } = ctx.state.input.body;
    ctx.body = { version: await createBackup(db, ctx.state.user.userId, algorithm, auth_data) };
  });

  router.get('/e2ee/room-keys/keys', authed, touches.account, validate(BackedUpKeysReq), async (ctx: AuthedContext<BackedUpKeysReq>) => {
    ctx.body = await backedUpKeys(db, ctx.state.user.userId, ctx.state.input.query.version);
  });

  router.put('/e2ee/room-keys/keys', authed, touches.account, validate(BackupKeysReq), async (ctx: AuthedContext<BackupKeysReq>) => {
    const { query, body } = ctx.state.input;
    ctx.body = await backUpKeys(db, ctx.state.user.userId, query.version, body.rooms);
  });

  return router;
}
