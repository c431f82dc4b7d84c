/** Hocuspocus' own stock provider as a chat client: Hocuspocus speaks its own framing, which a y-websocket provider does not. */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type ChatClient, type ClientOptions, present, watchMessages, writeMessage } from './clients.js';
import type { ServerUnderTest } from './servers.js';

/** Hocuspocus' own provider on a socket of its own, writing the shared array as the reference's clients do. */
export function hocuspocusClient(server: ServerUnderTest, room: string, { awareness = true }: ClientOptions = {}): ChatClient {
  const doc = new Y.Doc();
  const closes: number[] = [];
  const socket = new HocuspocusProviderWebsocket({ url: server.syncUrl, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc });
  if (!awareness) provider.awareness?.setLocalState(null);
  else if (provider.awareness) present(provider.awareness);
  provider.attach();
  socket.on('close', ({ event }: { event: { code: number } }) => socket.shouldConnect && closes.push(event.code));
  let handler: (body: string) => void = () => {};
  watchMessages(doc, (body) => handler(body));
  return {
    onMessage: (h) => (handler = h),
    send: (body) => writeMessage(doc, body),
    synced: provider.isSynced ? Promise.resolve() : new Promise<void>((resolve) => provider.on('synced', () => resolve())),
    closes,
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}
